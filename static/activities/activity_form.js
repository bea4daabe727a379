/* The activity form: search her area for a venue and co-organisers, add and remove them, keep the end
   time after the start. Plain JavaScript, no framework; the form still posts without it. */
(function () {
  "use strict";
  var form = document.querySelector(".act-form");
  if (!form) { return; }
  var searchUrl = form.getAttribute("data-search-url");

  // "保存为草稿": the photo script submits the form itself (no submitter button), so the choice is kept in a field.
  var draftField = document.getElementById("act-draft");
  if (draftField) {
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.addEventListener("click", function () { draftField.value = button.hasAttribute("data-draft") ? "1" : ""; });
    });
  }

  function debounce(fn, wait) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, wait);
    };
  }

  function fetchResults(type, text, done) {
    var url = searchUrl + "?type=" + encodeURIComponent(type) + "&q=" + encodeURIComponent(text);
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (body) { done(body.results || []); })
      .catch(function () { done([]); });
  }

  function renderResults(list, results, onPick) {
    list.textContent = "";
    results.forEach(function (item) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = item.label;
      var hint = document.createElement("small");
      hint.textContent = item.hint || "";
      button.appendChild(hint);
      button.addEventListener("click", function () { onPick(item); list.textContent = ""; });
      li.appendChild(button);
      list.appendChild(li);
    });
    if (!results.length) {
      var empty = document.createElement("li");
      empty.className = "act-empty";
      empty.textContent = window.WFText("not_found");
      list.appendChild(empty);
    }
  }

  function wireSearch(picker, onPick) {
    var input = picker.querySelector("input[type=search]");
    var list = picker.querySelector(".act-results");
    var type = picker.getAttribute("data-type") || picker.getAttribute("data-search-type");
    var run = debounce(function () {
      fetchResults(type, input.value.trim(), function (results) {
        renderResults(list, results, function (item) { onPick(item); input.value = ""; });
      });
    }, 250);
    input.addEventListener("input", run);
    input.addEventListener("focus", run);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
  }

  var venuePicker = form.querySelector(".act-picker[data-type=venue]");
  if (venuePicker) {
    var hidden = venuePicker.querySelector("input[type=hidden]");
    var label = venuePicker.querySelector("[data-role=venue-label]");
    var clear = venuePicker.querySelector(".act-clear");
    wireSearch(venuePicker, function (item) {
      hidden.value = item.id;
      label.textContent = item.label;
      clear.hidden = false;
    });
    clear.addEventListener("click", function () {
      hidden.value = "";
      label.textContent = "";
      clear.hidden = true;
    });
  }

  var organizerPicker = form.querySelector(".act-picker[data-type=organizer]");
  if (organizerPicker) {
    var rows = organizerPicker.querySelector(".act-organizers");
    var template = document.getElementById("organizer-row");
    wireSearch(organizerPicker, function (item) {
      var exists = rows.querySelector("input[value='" + item.token.replace(/'/g, "") + "']");
      if (exists) { return; }
      var row = template.content.firstElementChild.cloneNode(true);
      row.querySelector("input[name=co_token]").value = item.token;
      var name = row.querySelector(".act-org-name");
      name.textContent = item.label;
      var hint = document.createElement("small");
      hint.textContent = item.hint || "";
      name.appendChild(hint);
      rows.appendChild(row);
    });
    rows.addEventListener("click", function (event) {
      if (event.target.classList.contains("act-remove")) {
        event.target.closest("li").remove();
      }
    });
  }

  // Long federation lists (core.pickers): only the chosen ones are rendered; a pick replaces the select's
  // option, or adds a ticked box to the checkboxes.
  form.querySelectorAll(".search-choices").forEach(function (picker) {
    var name = picker.getAttribute("data-name");
    var select = picker.querySelector("select");
    var boxes = picker.querySelector("div[id]");
    wireSearch(picker, function (item) {
      if (select) {
        select.textContent = "";
        select.appendChild(new Option(item.label, item.id, true, true));
        select.dispatchEvent(new Event("change", { bubbles: true }));
        return;
      }
      var id = String(item.id);
      var existing = Array.prototype.filter.call(boxes.querySelectorAll("input"), function (box) { return box.value === id; })[0];
      if (existing) { existing.checked = true; return; }
      var row = document.createElement("div");
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.name = name;
      box.value = id;
      box.checked = true;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + item.label));
      row.appendChild(label);
      boxes.appendChild(row);
    });
  });

  var start = form.querySelector("input[name=start]");
  var end = form.querySelector("input[name=end]");
  if (start && end) {
    start.addEventListener("change", function () {
      if (!start.value) { return; }
      if (!end.value || end.value < start.value) {
        var when = new Date(start.value);
        when.setHours(when.getHours() + 2);
        var pad = function (n) { return (n < 10 ? "0" : "") + n; };
        end.value = when.getFullYear() + "-" + pad(when.getMonth() + 1) + "-" + pad(when.getDate()) +
          "T" + pad(when.getHours()) + ":" + pad(when.getMinutes());
      }
    });
  }

  // After a failed submit: the summary of what to fix comes into view first, each line a link to its field.
  var summary = form.querySelector(".act-error-summary");
  if (summary) {
    summary.scrollIntoView({ block: "start" });
    summary.focus({ preventScroll: true });
  }
  var held = form.querySelector(".act-held");
  if (held) {
    held.addEventListener("click", function (event) {
      if (event.target.classList.contains("act-remove-held")) { event.target.closest("li").remove(); }
    });
  }

  var photos = form.querySelector("input[name=photos]");
  if (photos) {
    photos.addEventListener("change", function () {
      if (photos.files.length > 9) {
        alert(window.WFText("too_many_photos"));
        photos.value = "";
      }
    });
  }
})();
