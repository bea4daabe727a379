// The venues map and the dashboard's map panel: the vendored district outline and ECharts; the data from the
// page (json_script) or, for a panel, from the map's data URL on this site; no other host. Homes are coloured
// by cluster and each cluster is outlined (the hull of its homes); a click on a district drills down (the
// map page: its venues; the dashboard: the dashboard of that district), a click on a home opens it.
(function () {
  "use strict";
  var PALETTE = ["#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#ff7f0e"];

  function colour(cluster) { return cluster === null ? "#7f1d1d" : PALETTE[cluster % PALETTE.length]; }

  function draw(box, data, outline) {
    var idByName = {};
    data.districts.forEach(function (row) { idByName[row.name] = row.id; });
    window.echarts.registerMap("wuhan", outline);
    var chart = window.echarts.init(box);
    function point(h) {
      return { name: h[2], value: [h[0], h[1]], id: h[3], itemStyle: { color: colour(h[5]) } };
    }
    chart.setOption({
      tooltip: { trigger: "item" },
      visualMap: { min: 0, max: 100, text: ["100%", "0%"], calculable: false, left: "left", bottom: 10,
                   inRange: { color: ["#fdecea", "#c0392b"] }, seriesIndex: 0 },
      geo: { map: "wuhan", roam: true },
      series: [
        { type: "map", geoIndex: 0, name: box.dataset.coverage,
          data: data.districts.map(function (row) { return { name: row.name, value: row.value }; }) },
        { type: "lines", coordinateSystem: "geo", polyline: true, name: box.dataset.cluster, silent: true,
          data: data.clusters.map(function (c) {
            return { coords: c.outline.concat([c.outline[0]]),
                     lineStyle: { color: colour(c.id), width: 1.5, type: "dashed", opacity: 0.9 } };
          }) },
        { type: "scatter", coordinateSystem: "geo", name: box.dataset.home, symbolSize: 5,
          data: data.homes.filter(function (h) { return !h[4]; }).map(point) },
        { type: "scatter", coordinateSystem: "geo", name: box.dataset.demonstration, symbol: "pin",
          symbolSize: 14, data: data.homes.filter(function (h) { return h[4]; }).map(point) }
      ]
    });
    chart.on("click", function (event) {
      if (event.seriesType === "map" && idByName[event.name]) {
        window.location.href = box.dataset.drill + idByName[event.name];
      } else if (event.seriesType === "scatter" && event.data && event.data.id) {
        window.location.href = box.dataset.venue + event.data.id + "/";
      }
    });
    box.dataset.ready = "true";
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function start() {
    var box = document.getElementById("venue-map");
    if (!box || !window.echarts) { return; }
    var source = document.getElementById("venue-map-data");
    var data = source ? Promise.resolve(JSON.parse(source.textContent))
      : fetch(box.dataset.url, { credentials: "same-origin" }).then(function (r) { return r.json(); });
    var outline = fetch(box.dataset.geojson, { credentials: "same-origin" }).then(function (r) { return r.json(); });
    Promise.all([data, outline]).then(function (both) { draw(box, both[0], both[1]); });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
