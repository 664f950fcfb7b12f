// Progressive touches only: every page works without this file.
// Times: the server writes "3 min ago" with the exact UTC time; here the title becomes the exact time
// in the viewer's own time zone, and the relative words keep up while the page stays open.
(function () {
  var rtf = window.Intl && Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat(undefined, { numeric: "auto" }) : null;
  var exact = window.Intl ? new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "long" }) : null;
  function relative(ms) {
    var s = Math.round(ms / 1000), a = Math.abs(s);
    if (a < 45) return s <= 0 ? "just now" : "in a few seconds";
    var units = [["minute", 60], ["hour", 3600], ["day", 86400]], pick = units[0];
    for (var i = 0; i < units.length; i++) if (a >= units[i][1] * (i === 0 ? 1 : 1)) pick = units[i];
    var v = Math.round(s / pick[1]);
    return rtf ? rtf.format(v, pick[0]) : (Math.abs(v) + " " + pick[0] + (Math.abs(v) === 1 ? "" : "s") + (v < 0 ? " ago" : ""));
  }
  // Relative to the server's clock: a client whose clock is off still reads "3 min ago" right.
  var serverNow = Date.parse(document.body && document.body.getAttribute("data-now"));
  var skew = isNaN(serverNow) ? 0 : serverNow - Date.now();
  function refresh(root) {
    var times = (root || document).querySelectorAll("time[data-relative]");
    for (var i = 0; i < times.length; i++) {
      var t = times[i], at = new Date(t.getAttribute("datetime"));
      if (isNaN(at)) continue;
      if (exact) t.title = exact.format(at);
      t.textContent = relative(at - (Date.now() + skew));
    }
  }
  document.addEventListener("DOMContentLoaded", function () { refresh(document); });
  document.addEventListener("htmx:afterSwap", function (e) { refresh(e.target); });
  setInterval(function () { refresh(document); }, 30000);
  // Destructive buttons ask once more where a dialog is possible; without script they go to a confirmation page.
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) e.preventDefault();
  });
})();
// Date-time fields: shown in UTC by the server; here turned into the browser's own time zone, which the
// form then names so the server reads them back the same way.
document.addEventListener("DOMContentLoaded", function () {
  var zone = window.Intl ? Intl.DateTimeFormat().resolvedOptions().timeZone : null;
  if (!zone) return;
  var zones = document.querySelectorAll("input[data-timezone]");
  for (var i = 0; i < zones.length; i++) {
    var form = zones[i].form;
    if (zones[i].value !== "UTC") continue;
    var fields = form.querySelectorAll("input[type=datetime-local]");
    for (var j = 0; j < fields.length; j++) {
      var v = fields[j].value;
      if (!v) continue;
      var d = new Date(v + ":00Z");
      if (isNaN(d)) continue;
      var local = new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
      fields[j].value = local;
    }
    zones[i].value = zone;
  }
});
