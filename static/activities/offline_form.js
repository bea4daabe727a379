/* Logging an activity without a signal (issue 19). Offline, "保存并上报" keeps the submission on the phone
   (static/pwa/queue.js: the fields and the photos shrunk as for an upload) under the idempotency key of this
   form, lists it here as 待上传, and sends it when the connection returns. A refused one keeps the server's
   Chinese message and her data, to retry or delete. Online, the form posts as before, with the same key. */
(function () {
  "use strict";
  var form = document.querySelector(".act-form[data-queue]");
  var panel = document.querySelector(".act-queue");
  var keyField = form && form.querySelector("input[name=client_key]");
  if (!form || !panel || !keyField || !window.WFQueue || !window.indexedDB || !window.WFText) { return; }
  var text = window.WFText;
  var list = panel.querySelector("ul");
  var status = panel.querySelector(".act-queue-status");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
  if (!keyField.value) { keyField.value = window.WFQueue.newKey(); }

  function render() {
    return window.WFQueue.all().then(function (items) {
      list.textContent = "";
      items.forEach(function (item) {
        var li = document.createElement("li");
        li.className = "act-queued " + item.state;
        li.setAttribute("data-key", item.key);
        var state = document.createElement("strong");
        state.textContent = text(item.state === "refused" ? "refused" : "pending");
        var title = document.createElement("span");
        title.textContent = " " + item.title + " · " + item.start.replace("T", " ");
        li.appendChild(state);
        li.appendChild(title);
        if (item.photos) {
          var photos = document.createElement("small");
          photos.textContent = " · " + text("photos", { n: item.photos });
          li.appendChild(photos);
        }
        if (item.message || item.problem) {
          var message = document.createElement("p");
          message.className = "act-queue-message";
          message.textContent = item.message || text("problem_" + item.problem);
          li.appendChild(message);
        }
        if (item.state === "refused") {
          var retry = document.createElement("button");
          retry.type = "button";
          retry.className = "act-queue-retry";
          retry.textContent = text("retry");
          var drop = document.createElement("button");
          drop.type = "button";
          drop.className = "act-queue-drop";
          drop.textContent = text("drop");
          li.appendChild(retry);
          li.appendChild(drop);
        }
        list.appendChild(li);
      });
      panel.hidden = !items.length;
    });
  }

  list.addEventListener("click", function (event) {
    var li = event.target.closest("li[data-key]");
    if (!li) { return; }
    var key = li.getAttribute("data-key");
    if (event.target.classList.contains("act-queue-drop")) {
      if (window.confirm(text("confirm_drop"))) {
        window.WFQueue.remove(key).then(render);
      }
    } else if (event.target.classList.contains("act-queue-retry")) {
      window.WFQueue.all().then(function (items) {
        var item = items.filter(function (row) { return row.key === key; })[0];
        if (!item) { return undefined; }
        item.state = "pending";
        item.message = "";
        item.problem = "";
        return window.WFQueue.put(item).then(function () { return window.WFQueue.flush(csrf ? csrf.value : ""); });
      }).then(render);
    }
  });

  function label() {
    var title = form.querySelector("input[name=title]").value.trim();
    var kind = form.querySelector("select[name=kind]");
    return title || (kind.selectedIndex >= 0 ? kind.options[kind.selectedIndex].text : "");
  }

  function keep() {
    var fields = [];
    var data = new FormData(form);
    data.forEach(function (value, name) {
      if (name !== "photos" && name !== "csrfmiddlewaretoken" && name !== "client_key") { fields.push([name, value]); }
    });
    var input = form.querySelector("input[name=photos]");
    var files = input ? Array.prototype.slice.call(input.files) : [];
    var shrink = window.WFPhotos ? window.WFPhotos.shrink : function (file) { return Promise.resolve(file); };
    status.textContent = files.length ? text("shrinking") : "";
    return Promise.all(files.map(shrink)).then(function (shrunk) {
      shrunk.forEach(function (file) { fields.push(["photos", { blob: file, name: file.name }]); });
      return window.WFQueue.put({
        key: keyField.value,
        action: form.action,
        csrf: csrf ? csrf.value : "",
        fields: fields,
        title: label(),
        start: form.querySelector("input[name=start]").value,
        photos: shrunk.length,
        created: Date.now(),
        state: "pending",
        message: "",
        problem: "",
      });
    });
  }

  function clearForm() {
    form.reset();
    form.querySelectorAll(".act-organizers li, .act-held li").forEach(function (li) { li.remove(); });
    var venueLabel = form.querySelector("[data-role=venue-label]");
    if (venueLabel) { venueLabel.textContent = ""; }
    keyField.value = window.WFQueue.newKey();
  }

  // Capture phase: ahead of the photo script's own submit handler, which needs the network.
  form.addEventListener("submit", function (event) {
    if (navigator.onLine !== false) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    keep().then(function () {
      clearForm();
      status.textContent = text("kept");
      if (navigator.serviceWorker && navigator.serviceWorker.ready) {
        navigator.serviceWorker.ready.then(function (registration) {
          return registration.sync ? registration.sync.register(window.WFQueue.TAG) : undefined;
        }).catch(function () {});
      }
      return render();
    }).then(function () {
      panel.scrollIntoView({ block: "start" });
    }).catch(function () {
      status.textContent = text("storage_failed");
    });
  }, true);

  window.addEventListener("wf-queue-changed", function (event) {
    var sent = event.detail && event.detail.sent;
    if (sent) { status.textContent = text("sent", { n: sent }); }
    render();
  });
  render();
})();
