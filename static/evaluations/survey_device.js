/* The public survey page: fills two hidden fields the server uses to spot ballot stuffing (see README,
   "Survey answers"). "wf_device" is a random token kept in this browser's local storage, so it outlives
   cleared cookies; "wf_fp" is a few stable properties of the browser (screen, time zone, languages,
   platform), which the server hashes with the user agent, per survey. Nothing personal is read; the form
   still posts without this script (such answers are kept but flagged for staff to confirm). */
(function () {
  "use strict";
  var KEY = "wf_survey_device";

  function randomToken() {
    var bytes = new Uint8Array(18);
    if (window.crypto && window.crypto.getRandomValues) {
      window.crypto.getRandomValues(bytes);
    } else {
      for (var i = 0; i < bytes.length; i++) { bytes[i] = Math.floor(Math.random() * 256); }
    }
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function deviceToken() {
    var token = null;
    try {
      token = window.localStorage.getItem(KEY);
      if (!token) {
        token = randomToken();
        window.localStorage.setItem(KEY, token);
      }
    } catch (e) {
      token = null; /* storage blocked (some private modes): a token for this visit only */
    }
    return token || randomToken();
  }

  function timeZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (e) {
      return "";
    }
  }

  function fingerprint() {
    var s = window.screen || {};
    var n = window.navigator || {};
    return [
      (n.languages || [n.language || ""]).join(","),
      [s.width, s.height, s.colorDepth, window.devicePixelRatio].join("x"),
      timeZone(),
      new Date(2020, 0, 1).getTimezoneOffset(),
      n.platform || "",
      n.hardwareConcurrency || "",
      n.deviceMemory || "",
      n.maxTouchPoints || 0
    ].join("|");
  }

  function fill() {
    var token = document.querySelector("[data-survey-device]");
    var print = document.querySelector("[data-survey-fingerprint]");
    if (token) { token.value = deviceToken(); }
    if (print) { print.value = fingerprint(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fill);
  } else {
    fill();
  }
})();
