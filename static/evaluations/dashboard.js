/* The dashboard's charts (Apache ECharts, vendored). Data come from the page's JSON block
   (#dashboard-data); clicking a child's bar drills down to it (?federation=<id>, a shareable URL). */
(function () {
  "use strict";

  var RED = "#c0392b";
  var BLUE = "#1e63c6";
  var GREEN = "#1e7d32";
  var GREY = "#999";

  function percent(value) {
    return value === null || value === undefined ? null : Math.round(value * 1000) / 10;
  }

  function pluck(rows, key) {
    return rows.map(function (row) { return row[key]; });
  }

  function start() {
    var node = document.getElementById("dashboard-data");
    if (!node || !window.echarts) {
      return;
    }
    var data = JSON.parse(node.textContent);
    var charts = [];

    function drill(index) {
      var child = data.children[index];
      if (!child) {
        return;
      }
      var params = new URLSearchParams(window.location.search);
      params.set("federation", child.id);
      params.set("from", data.period.from);
      params.set("to", data.period.to);
      window.location.search = params.toString();
    }

    function chart(id, option, clickable) {
      var element = document.getElementById(id);
      if (!element) {
        return null;
      }
      var instance = window.echarts.init(element, null, { renderer: "svg" });
      instance.setOption(option);
      if (clickable) {
        instance.on("click", function (event) { drill(event.dataIndex); });
      }
      charts.push(instance);
      return instance;
    }

    var names = pluck(data.children, "name");
    var manyNames = names.length > 8;
    var categoryAxis = {
      type: "category",
      data: names,
      axisLabel: { interval: 0, rotate: manyNames ? 45 : 0, fontSize: 10 },
    };
    var grid = { left: 40, right: 12, top: 28, bottom: manyNames ? 70 : 30 };
    var satisfaction = data.indicators.filter(function (item) { return item.code === "SATISFACTION"; })[0];

    chart("chart-coverage", {
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v + "%"; } },
      legend: { top: 0, textStyle: { fontSize: 10 } },
      grid: grid,
      xAxis: categoryAxis,
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: [
        { name: "街道（乡镇）区域化率", type: "bar", color: RED, data: data.children.map(function (r) { return percent(r.streets_share); }) },
        { name: "社区（村）区域化率", type: "bar", color: BLUE, data: data.children.map(function (r) { return percent(r.communities_share); }) },
      ],
    }, true);

    chart("chart-activities", {
      tooltip: { trigger: "axis" },
      legend: { top: 0, textStyle: { fontSize: 10 } },
      grid: { left: 48, right: 48, top: 28, bottom: 30 },
      xAxis: { type: "category", data: pluck(data.months, "month"), axisLabel: { fontSize: 10 } },
      yAxis: [{ type: "value", name: "活动数" }, { type: "value", name: "妇女人次", splitLine: { show: false } }],
      series: [
        { name: "活动数", type: "bar", color: RED, data: pluck(data.months, "activities") },
        { name: "参加活动妇女人次", type: "line", yAxisIndex: 1, color: BLUE, data: pluck(data.months, "activity_women") },
      ],
    }, false);

    var target = satisfaction ? percent(satisfaction.target) : null;
    chart("chart-satisfaction", {
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v + "%"; } },
      grid: { left: 40, right: 16, top: 20, bottom: 30 },
      xAxis: { type: "category", data: pluck(data.months, "month"), axisLabel: { fontSize: 10 } },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      series: [{
        name: "满意度",
        type: "line",
        color: GREEN,
        connectNulls: true,
        data: data.months.map(function (m) { return percent(m.satisfaction); }),
        markLine: target === null ? undefined : {
          symbol: "none",
          lineStyle: { color: GREY, type: "dashed" },
          label: { formatter: "目标 " + target + "%", fontSize: 10 },
          data: [{ yAxis: target }],
        },
      }],
    }, false);

    chart("chart-gaps", {
      tooltip: { trigger: "axis" },
      grid: grid,
      xAxis: categoryAxis,
      yAxis: { type: "value", minInterval: 1 },
      series: [{ name: "问题数", type: "bar", color: RED, data: pluck(data.children, "gaps") }],
    }, true);

    function resizeAll() {
      charts.forEach(function (instance) { instance.resize(); });
    }
    window.addEventListener("resize", resizeAll);
    window.addEventListener("beforeprint", resizeAll);
    window.addEventListener("afterprint", resizeAll);
    if (window.matchMedia) {
      var print = window.matchMedia("print");
      if (print.addEventListener) {
        print.addEventListener("change", resizeAll);
      }
    }
    var button = document.getElementById("print-dashboard");
    if (button) {
      button.addEventListener("click", function () { window.print(); });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
