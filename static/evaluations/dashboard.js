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

    // Long names ("东湖新技术开发区妇联") read better on a horizontal bar; the suffix 妇联 adds nothing there.
    var names = data.children.map(function (row) { return row.name.replace(/妇联$/, ""); });
    var childAxis = {
      type: "category",
      data: names,
      inverse: true,
      axisLabel: { interval: 0, fontSize: names.length > 12 ? 8 : 10 },
    };
    var childGrid = { left: 8, right: 16, top: 24, bottom: 4, containLabel: true };
    var gapGrid = { left: 8, right: 16, top: 8, bottom: 4, containLabel: true };
    var satisfaction = data.indicators.filter(function (item) { return item.code === "SATISFACTION"; })[0];

    chart("chart-coverage", {
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v + "%"; } },
      legend: { top: 0, itemHeight: 8, textStyle: { fontSize: 9 } },
      grid: childGrid,
      yAxis: childAxis,
      xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%", fontSize: 9 } },
      series: [
        {
          name: "街道（乡镇）区域化率",
          type: "bar",
          color: RED,
          data: data.children.map(function (r) { return percent(r.streets_share); }),
        },
        {
          name: "社区（村）区域化率",
          type: "bar",
          color: BLUE,
          data: data.children.map(function (r) { return percent(r.communities_share); }),
        },
      ],
    }, true);

    chart("chart-activities", {
      tooltip: { trigger: "axis" },
      legend: { top: 0, textStyle: { fontSize: 10 } },
      grid: { left: 8, right: 8, top: 28, bottom: 4, containLabel: true },
      xAxis: { type: "category", data: pluck(data.months, "month"), axisLabel: { fontSize: 9 } },
      yAxis: [
        { type: "value", axisLabel: { fontSize: 9 } },
        { type: "value", splitLine: { show: false }, axisLabel: { fontSize: 9 } },
      ],
      series: [
        { name: "活动数", type: "bar", color: RED, data: pluck(data.months, "activities") },
        { name: "参加活动妇女人次", type: "line", yAxisIndex: 1, color: BLUE, data: pluck(data.months, "activity_women") },
      ],
    }, false);

    var target = satisfaction ? percent(satisfaction.target) : null;
    chart("chart-satisfaction", {
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v + "%"; } },
      grid: { left: 8, right: 16, top: 16, bottom: 4, containLabel: true },
      xAxis: { type: "category", data: pluck(data.months, "month"), axisLabel: { fontSize: 9 } },
      yAxis: {
        type: "value",
        max: 100,
        min: function (range) { return Math.max(0, Math.floor((Math.min(range.min, target || 100) - 10) / 10) * 10); },
        axisLabel: { formatter: "{value}%", fontSize: 9 },
      },
      series: [{
        name: "满意度",
        type: "line",
        color: GREEN,
        connectNulls: true,
        data: data.months.map(function (m) { return percent(m.satisfaction); }),
        markLine: target === null ? undefined : {
          symbol: "none",
          lineStyle: { color: GREY, type: "dashed" },
          label: { formatter: "目标 " + target + "%", fontSize: 9, position: "insideEndTop" },
          data: [{ yAxis: target }],
        },
      }],
    }, false);

    chart("chart-gaps", {
      tooltip: { trigger: "axis" },
      grid: gapGrid,
      yAxis: childAxis,
      xAxis: { type: "value", minInterval: 1, axisLabel: { fontSize: 9 } },
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
