// The admin's map picker (venues, community centres): the vendored district outline drawn by the vendored
// ECharts; a click fills the longitude and latitude fields (WGS84, six decimals) and sets the datum to WGS84.
(function () {
  "use strict";
  function field(name) { return document.getElementById("id_" + name); }

  function start(box) {
    var lng = field("longitude");
    var lat = field("latitude");
    if (!lng || !lat || !window.echarts) { return; }
    fetch(box.dataset.geojson, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (outline) {
        window.echarts.registerMap("wuhan", outline);
        var chart = window.echarts.init(box);
        function marker() {
          var x = parseFloat(lng.value);
          var y = parseFloat(lat.value);
          return isFinite(x) && isFinite(y) ? [{ value: [x, y] }] : [];
        }
        chart.setOption({
          title: { text: box.dataset.hint, textStyle: { fontSize: 12, fontWeight: "normal" }, left: "center" },
          geo: { map: "wuhan", roam: true, itemStyle: { areaColor: "#f6f6f6", borderColor: "#999" },
                 emphasis: { itemStyle: { areaColor: "#fdecea" }, label: { show: true } } },
          series: [{ type: "scatter", coordinateSystem: "geo", symbol: "pin", symbolSize: 22,
                     itemStyle: { color: "#c0392b" }, data: marker() }]
        });
        chart.getZr().on("click", function (event) {
          var point = chart.convertFromPixel({ geoIndex: 0 }, [event.offsetX, event.offsetY]);
          if (!point || !isFinite(point[0]) || !isFinite(point[1])) { return; }
          lng.value = point[0].toFixed(6);
          lat.value = point[1].toFixed(6);
          var system = field("coordinate_system");
          if (system) { system.value = "wgs84"; }
          chart.setOption({ series: [{ data: marker() }] });
          box.dataset.picked = "true";
        });
        [lng, lat].forEach(function (input) {
          input.addEventListener("change", function () { chart.setOption({ series: [{ data: marker() }] }); });
        });
        box.dataset.ready = "true";
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".venue-picker"), start);
  });
})();
