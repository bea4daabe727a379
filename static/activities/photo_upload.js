/* Shrink phone photos in the browser before upload (longest side 2,000 px, JPEG via a canvas) and show the
   upload's progress. Vendored with the app, no library, no inline handlers (CSP). Without JavaScript, or
   where a photo cannot be decoded here, the original file is sent and the server's image gate decides. */
(function () {
  "use strict";
  var MAX_SIDE = 2000;
  var QUALITY = 0.85;
  var form = document.querySelector(".act-form");
  if (!form || !window.FormData || !window.XMLHttpRequest || !window.WFText) { return; }
  var text = window.WFText;
  var input = form.querySelector("input[name=photos]");
  if (!input) { return; }
  var progress = document.createElement("div");
  progress.className = "act-progress";
  progress.hidden = true;
  progress.setAttribute("role", "status");
  var bar = document.createElement("progress");
  bar.max = 100;
  bar.value = 0;
  var label = document.createElement("span");
  progress.appendChild(bar);
  progress.appendChild(label);
  input.parentNode.insertBefore(progress, input.nextSibling);

  function show(text, percent) {
    progress.hidden = false;
    label.textContent = text;
    if (percent !== null) { bar.value = percent; }
  }

  function shrink(file) {
    return new Promise(function (resolve) {
      if (!/^image\//.test(file.type)) { resolve(file); return; }
      var url = URL.createObjectURL(file);
      var image = new Image();
      image.onload = function () {
        var width = image.naturalWidth, height = image.naturalHeight;
        var scale = Math.min(1, MAX_SIDE / Math.max(width, height));
        if (scale === 1 && file.size < 1.5 * 1024 * 1024) { URL.revokeObjectURL(url); resolve(file); return; }
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(width * scale);
        canvas.height = Math.round(height * scale);
        canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
        URL.revokeObjectURL(url);
        canvas.toBlob(function (blob) {
          if (!blob || blob.size >= file.size) { resolve(file); return; }
          var name = file.name.replace(/\.[^.]+$/, "") + ".jpg";
          resolve(new File([blob], name, { type: "image/jpeg" }));
        }, "image/jpeg", QUALITY);
      };
      image.onerror = function () { URL.revokeObjectURL(url); resolve(file); };
      image.src = url;
    });
  }

  window.WFPhotos = { shrink: shrink };  // the offline queue shrinks the photos it keeps the same way

  var held = form.querySelector(".act-held");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
  var sending = false;
  form.addEventListener("submit", function (event) {
    if (sending || !input.files.length) { return; }
    event.preventDefault();
    sending = true;
    var files = Array.prototype.slice.call(input.files);
    show(text("shrinking"), 0);
    Promise.all(files.map(shrink)).then(function (shrunk) {
      var data = new FormData();
      shrunk.forEach(function (file) { data.append("photos", file, file.name); });
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("data-hold-url"));
      xhr.setRequestHeader("X-CSRFToken", csrf ? csrf.value : "");
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          var percent = Math.round((e.loaded / e.total) * 100);
          show(text("uploading", { percent: percent }), percent);
        }
      });
      xhr.addEventListener("load", function () {
        var body = {};
        try { body = JSON.parse(xhr.responseText); } catch (ignore) { body = {}; }
        if (xhr.status !== 200 || !body.held) {
          sending = false;
          show((body.errors || [text("upload_failed")]).join(" "), null);
          return;
        }
        // Held on the server: the form now carries their tokens instead of the files (activities.holding).
        body.held.forEach(function (row) {
          var li = document.createElement("li");
          var hidden = document.createElement("input");
          hidden.type = "hidden";
          hidden.name = "held_photo";
          hidden.value = row.token;
          var name = document.createElement("span");
          name.textContent = text("held", { name: row.name });
          li.appendChild(hidden);
          li.appendChild(name);
          held.appendChild(li);
        });
        input.value = "";
        show(text("uploaded_saving"), 100);
        form.submit();
      });
      xhr.addEventListener("error", function () {
        sending = false;
        show(text("network_failed"), null);
      });
      show(text("uploading", { percent: 0 }), 0);
      xhr.send(data);
    });
  });
})();
