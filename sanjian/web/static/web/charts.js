// Draws every <div data-chart="bar|line" data-source="json-script-id"> with Apache ECharts.
// The data comes from Django's json_script: {"labels": [...], "series": [{"name": ..., "values": [...]}],
// "urls": [...] (optional: where a click on each label's element leads)}.
(function () {
  function draw(el) {
    var data = JSON.parse(document.getElementById(el.dataset.source).textContent);
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      color: ["#b71c1c", "#f6c343", "#455a64", "#2e7d32"],
      tooltip: { trigger: "axis" },
      legend: { show: data.series.length > 1 },
      grid: { left: 40, right: 16, top: 24, bottom: 48, containLabel: true },
      xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: data.labels.length > 6 ? 30 : 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: data.series.map(function (s) {
        return { name: s.name, type: el.dataset.chart, data: s.values, barMaxWidth: 36, smooth: true };
      })
    });
    // A click on an element leads to the records it counts, when the data names them
    // ("urls": one address per label).
    if (data.urls) {
      chart.on("click", function (params) {
        var url = data.urls[params.dataIndex];
        if (url) window.location.href = url;
      });
      el.style.cursor = "pointer";
    }
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chart]").forEach(draw);
  });
})();
