/* The words the phone scripts show (the offline queue, the photo upload, the form's pickers) in the page's
   language: the page carries them as JSON data (base.html, worded by wuhan_fulian/pwa.py from the templates'
   catalogue; data, not script, so the CSP holds). WFText("sent", {n: 3}) picks the form for the count and fills
   in %(n)s; %% is a percent sign. */
(function () {
  "use strict";
  var texts = null;

  function load() {
    if (texts === null) {
      var node = document.getElementById("wf-texts");
      try { texts = node ? JSON.parse(node.textContent) : {}; } catch (ignore) { texts = {}; }
    }
    return texts;
  }

  window.WFText = function (key, values) {
    var text = load()[key];
    values = values || {};
    if (text && typeof text === "object") { text = values.n === 1 ? text.one : text.other; }
    return String(text === undefined ? key : text).replace(/%\((\w+)\)s|%%/g, function (match, name) {
      return name ? String(values[name]) : "%";
    });
  };
})();
