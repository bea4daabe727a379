// The venues map: the vendored district outline and ECharts, data from the page (json_script); no other host.
(function () {
  "use strict";
  var box = document.getElementById("venue-map");
  var source = document.getElementById("venue-map-data");
  if (!box || !source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var idByName = {};
  data.districts.forEach(function (row) { idByName[row.name] = row.id; });
  fetch(box.dataset.geojson, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (outline) {
      window.echarts.registerMap("wuhan", outline);
      var chart = window.echarts.init(box);
      var homes = data.homes.filter(function (h) { return !h[4]; });
      var demos = data.homes.filter(function (h) { return h[4]; });
      chart.setOption({
        tooltip: { trigger: "item" },
        visualMap: { min: 0, max: 100, text: ["100%", "0%"], calculable: false, left: "left", bottom: 10,
                     inRange: { color: ["#fdecea", "#c0392b"] }, seriesIndex: 0 },
        geo: { map: "wuhan", roam: true },
        series: [
          { type: "map", geoIndex: 0, name: box.dataset.coverage,
            data: data.districts.map(function (row) { return { name: row.name, value: row.value }; }) },
          { type: "scatter", coordinateSystem: "geo", name: box.dataset.home, symbolSize: 4,
            itemStyle: { color: "#7f1d1d" },
            data: homes.map(function (h) { return { name: h[2], value: [h[0], h[1]], id: h[3] }; }) },
          { type: "scatter", coordinateSystem: "geo", name: box.dataset.demonstration, symbol: "pin",
            symbolSize: 14, itemStyle: { color: "#b45309" },
            data: demos.map(function (h) { return { name: h[2], value: [h[0], h[1]], id: h[3] }; }) }
        ]
      });
      chart.on("click", function (event) {
        if (event.seriesType === "map" && idByName[event.name]) {
          window.location.href = data.venues_url + "?ancestor=" + idByName[event.name];
        } else if (event.data && event.data.id) {
          window.location.href = data.venues_url + event.data.id + "/";
        }
      });
      box.dataset.ready = "true";
      window.addEventListener("resize", function () { chart.resize(); });
    });
})();
