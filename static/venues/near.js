// The public directory's "near me": asks the browser for its position only when the button is pressed, and
// opens the near page with it in the query of that one request (rounded to 3 decimals, about 100 m; never a
// cookie, never sent anywhere else). A refusal or a failure is said in Chinese beside the button.
(function () {
  "use strict";
  var box = document.getElementById("locate");
  var button = document.getElementById("locate-button");
  var status = document.getElementById("locate-status");
  if (!box || !button || !status) { return; }
  if (!("geolocation" in navigator)) {
    status.textContent = box.dataset.unsupported;
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    status.textContent = box.dataset.asking;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        // W3C geolocation positions are WGS84, the datum the directory stores.
        var query = "?lng=" + position.coords.longitude.toFixed(3) + "&lat=" + position.coords.latitude.toFixed(3);
        window.location.assign(box.dataset.url + query);
      },
      function (error) {
        button.disabled = false;
        status.textContent = error.code === error.PERMISSION_DENIED ? box.dataset.denied : box.dataset.failed;
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 60000 }
    );
  });
})();
