/* Every page: register the service worker, send her queued activities when the connection returns ("online")
   and on each open, and show how many still wait (待上传). Signed out: the cached pages are forgotten (the
   queue is kept: nothing she logged is lost). */
(function () {
  "use strict";
  var signedIn = !!document.querySelector("form.logout");
  // The app's pages (her activities, the form) are for accounts that log activities; a read-only account gets no
  // worker (its install would fetch pages she may not open).
  var logsActivities = document.body.hasAttribute("data-logs-activities");
  var csrfInput = document.querySelector("form.logout input[name=csrfmiddlewaretoken]");

  if ("serviceWorker" in navigator) {
    if (signedIn && logsActivities) {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
        return navigator.serviceWorker.ready;
      }).then(function (registration) {
        var urls = performance.getEntriesByType("resource").map(function (entry) { return entry.name; });
        urls.push(location.href);
        if (registration.active) { registration.active.postMessage({ type: "wf-cache", urls: urls }); }
      }).catch(function () {});
      navigator.serviceWorker.addEventListener("message", function (event) {
        if (event.data && event.data.type === "wf-queue-changed") {
          window.dispatchEvent(new CustomEvent("wf-queue-changed", { detail: event.data.detail }));
        }
      });
    } else if (navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "wf-forget" });
    }
  }
  if (!signedIn || !window.WFQueue || !window.WFText || !window.indexedDB) { return; }

  function flush() {
    if (navigator.onLine === false) { return; }
    window.WFQueue.flush(csrfInput ? csrfInput.value : "").catch(function () {});
  }

  var banner = null;
  function showCount() {
    window.WFQueue.all().then(function (items) {
      var waiting = items.length;
      if (document.querySelector(".act-queue")) { return; }  // the form page lists them itself
      if (!banner && waiting) {
        banner = document.createElement("p");
        banner.className = "pwa-pending";
        banner.setAttribute("role", "status");
        var main = document.getElementById("main");
        main.insertBefore(banner, main.firstChild);
      }
      if (banner) {
        banner.hidden = !waiting;
        banner.textContent = window.WFText("waiting", { n: waiting });
      }
    }).catch(function () {});
  }

  window.addEventListener("online", flush);
  window.addEventListener("wf-queue-changed", showCount);
  showCount();
  flush();
})();
