// Charts drawn with uPlot from the JSON their page carries; without script, the table near each chart
// shows the same figures. Two shapes: the monitor page's latency chart ([data-series]: p50, p95 and failed
// runs) and the usage page's charts ([data-lines]: one line per provider and model, told apart by dash
// as well as colour).
(function () {
  function css(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }
  function axes(unit) {
    return [{ stroke: css("--muted"), grid: { stroke: css("--line") } },
            { stroke: css("--muted"), grid: { stroke: css("--line") }, size: 72,
              values: function (u, v) { return v.map(function (x) { return x.toLocaleString() + (unit ? " " + unit : ""); }); } }];
  }
  function keepWidth(plot, holder, height) {
    window.addEventListener("resize", function () { plot.setSize({ width: holder.clientWidth, height: height }); });
  }
  function latency(holder) {
    var data = JSON.parse(document.getElementById(holder.getAttribute("data-series")).textContent);
    var xs = data.t, p50 = data.p50, p95 = data.p95, fail = data.failures;
    var failMarks = fail.map(function (f, i) { return f > 0 ? (p95[i] != null ? p95[i] : (p50[i] != null ? p50[i] : 0)) : null; });
    var opts = {
      width: holder.clientWidth, height: 260,
      scales: { x: { time: true, range: function () { return [data.from, data.to]; } } },
      axes: axes("ms"),
      series: [{},
        { label: "p50", stroke: css("--chart-p50"), width: 2, value: function (u, v) { return v == null ? "–" : v + " ms"; } },
        { label: "p95", stroke: css("--chart-p95"), width: 1, dash: [4, 4], value: function (u, v) { return v == null ? "–" : v + " ms"; } },
        { label: "failed runs", stroke: css("--down"), width: 0, points: { show: true, size: 9, fill: css("--down") },
          value: function (u, v, s, i) { return i == null || !fail[i] ? "–" : fail[i] + " failed"; } }]
    };
    holder.innerHTML = "";
    keepWidth(new uPlot(opts, [xs, p50, p95, failMarks], holder), holder, 260);
  }
  var DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3], [1, 5], [8, 8]];
  function lines(holder) {
    var data = JSON.parse(document.getElementById(holder.getAttribute("data-lines")).textContent);
    var unit = data.unit === "calls" ? "" : data.unit;
    var series = [{}];
    var values = [data.t];
    data.lines.forEach(function (line, i) {
      series.push({ label: line.label, stroke: css("--series-" + (i % 6 + 1)), width: 2, dash: DASHES[i % DASHES.length],
        spanGaps: false, points: { show: true, size: 4 },
        value: function (u, v) { return v == null ? "–" : v + (unit ? " " + unit : ""); } });
      values.push(line.values);
    });
    var opts = {
      width: holder.clientWidth, height: 220,
      scales: { x: { time: true, range: function () { return [data.from, data.to]; } } },
      axes: axes(unit),
      series: series
    };
    holder.innerHTML = "";
    keepWidth(new uPlot(opts, values, holder), holder, 220);
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.uPlot) return;
    document.querySelectorAll("[data-series]").forEach(latency);
    document.querySelectorAll("[data-lines]").forEach(lines);
  });
})();
