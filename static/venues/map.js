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
    if (box.dataset.tiles) { baseMap(chart, box.dataset.tiles); }
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

  // The optional base map (MAP_TILE_URL, off by default): Web Mercator XYZ tiles under the districts, placed
  // by their corners in the geo component's pixels, again after every pan and zoom.
  function tileX(lng, z) { return (lng + 180) / 360 * Math.pow(2, z); }
  function tileY(lat, z) {
    var r = lat * Math.PI / 180;
    return (1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * Math.pow(2, z);
  }
  function tileLng(x, z) { return x / Math.pow(2, z) * 360 - 180; }
  function tileLat(y, z) { return Math.atan(Math.sinh(Math.PI * (1 - 2 * y / Math.pow(2, z)))) * 180 / Math.PI; }

  function baseMap(chart, template) {
    function place() {
      var width = chart.getWidth(), height = chart.getHeight();
      var nw = chart.convertFromPixel("geo", [0, 0]), se = chart.convertFromPixel("geo", [width, height]);
      if (!nw || !se) { return; }
      var span = Math.max(se[0] - nw[0], 1e-6);
      var z = Math.max(3, Math.min(18, Math.round(Math.log(width * 360 / (256 * span)) / Math.LN2)));
      var x0 = Math.floor(tileX(nw[0], z)), x1 = Math.floor(tileX(se[0], z));
      var y0 = Math.floor(tileY(nw[1], z)), y1 = Math.floor(tileY(se[1], z));
      var images = [];
      for (var x = x0; x <= x1 && images.length < 100; x++) {
        for (var y = y0; y <= y1 && images.length < 100; y++) {
          var a = chart.convertToPixel("geo", [tileLng(x, z), tileLat(y, z)]);
          var b = chart.convertToPixel("geo", [tileLng(x + 1, z), tileLat(y + 1, z)]);
          var url = template.replace("{z}", z).replace("{x}", x).replace("{y}", y);
          images.push({ type: "image", silent: true, z: -100, x: a[0], y: a[1],
                        style: { image: url, width: b[0] - a[0], height: b[1] - a[1] } });
        }
      }
      chart.setOption({ graphic: images }, { replaceMerge: ["graphic"] });
    }
    chart.setOption({ geo: { itemStyle: { opacity: 0.6 } }, series: [{ itemStyle: { opacity: 0.6 } }] });
    place();
    chart.on("georoam", place);
    window.addEventListener("resize", place);
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
