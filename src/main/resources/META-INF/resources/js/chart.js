// The monitor page's latency chart, drawn with uPlot from the JSON the page carries; without script the
// table under it shows the same buckets.
(function () {
  function css(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }
  function draw(holder) {
    var data = JSON.parse(document.getElementById(holder.getAttribute("data-series")).textContent);
    var xs = data.t, p50 = data.p50, p95 = data.p95, fail = data.failures;
    var failMarks = fail.map(function (f, i) { return f > 0 ? (p95[i] != null ? p95[i] : (p50[i] != null ? p50[i] : 0)) : null; });
    var opts = {
      width: holder.clientWidth, height: 260,
      scales: { x: { time: true, range: function () { return [data.from, data.to]; } } },
      axes: [{ stroke: css("--muted"), grid: { stroke: css("--line") } },
             { stroke: css("--muted"), grid: { stroke: css("--line") }, values: function (u, v) { return v.map(function (x) { return x + " ms"; }); }, size: 60 }],
      series: [{},
        { label: "p50", stroke: css("--chart-p50"), width: 2, value: function (u, v) { return v == null ? "–" : v + " ms"; } },
        { label: "p95", stroke: css("--chart-p95"), width: 1, dash: [4, 4], value: function (u, v) { return v == null ? "–" : v + " ms"; } },
        { label: "failed runs", stroke: css("--down"), width: 0, points: { show: true, size: 9, fill: css("--down") },
          value: function (u, v, s, i) { return i == null || !fail[i] ? "–" : fail[i] + " failed"; } }]
    };
    holder.innerHTML = "";
    var plot = new uPlot(opts, [xs, p50, p95, failMarks], holder);
    window.addEventListener("resize", function () { plot.setSize({ width: holder.clientWidth, height: 260 }); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.uPlot) return;
    var charts = document.querySelectorAll("[data-series]");
    for (var i = 0; i < charts.length; i++) draw(charts[i]);
  });
})();
