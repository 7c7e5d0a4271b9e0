// /experiments/:id in the browser: per-second charts and the log viewer, from the page's JSON blocks (never HTML strings).
(function () {
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : undefined;
  }

  var d = data('series-data');
  if (d) {
    var o = { animation: false, scales: { x: { title: { display: true, text: 'second' } }, y: { beginAtZero: true } } };
    new Chart(document.getElementById('chart-throughput'), { type: 'line', data: { labels: d.seconds, datasets: [{ label: 'throughput (ops/s, all instances)', data: d.opsPerSec, borderColor: '#1f77b4' }, { label: 'errors/s', data: d.errors, borderColor: '#d62728' }] }, options: o });
    new Chart(document.getElementById('chart-latency'), { type: 'line', data: { labels: d.seconds, datasets: [{ label: 'p99 ms (worst instance)', data: d.p99Ms, borderColor: '#ff7f0e' }, { label: 'p50 ms (worst instance)', data: d.p50Ms, borderColor: '#9467bd' }] }, options: o });
  }

  var logs = data('log-data');
  var all = logs.lines, L = logs.levels;
  var c = document.getElementById('log-component'), lv = document.getElementById('log-level'), tx = document.getElementById('log-text'), out = document.getElementById('logs'), n = document.getElementById('log-count');
  function clock(t) {
    var d = new Date(t);
    return isNaN(d.getTime()) ? '??:??:??.???' : d.toISOString().slice(11, 23);
  }
  function draw() {
    var min = L.indexOf(lv.value), q = tx.value.toLowerCase();
    var rows = all.filter(function (e) { return (!c.value || e.f === c.value) && L.indexOf(e.l) >= min && (!q || String(e.m).toLowerCase().indexOf(q) >= 0); });
    n.textContent = rows.length + ' of ' + all.length + ' lines';
    // Text nodes only: a log line is never parsed as HTML.
    var lines = document.createDocumentFragment();
    rows.slice(-2000).forEach(function (e, i) {
      if (i) lines.appendChild(document.createTextNode('\n'));
      var span = document.createElement('span');
      span.className = 'log-line lvl-' + e.l;
      span.textContent = clock(e.t) + ' ' + String(e.l).padEnd(5) + ' ' + e.f + ': ' + e.m;
      lines.appendChild(span);
    });
    out.replaceChildren(lines);
  }
  document.getElementById('log-filters').addEventListener('submit', function (ev) { ev.preventDefault(); });
  [c, lv, tx].forEach(function (el) { el.addEventListener('input', draw); el.addEventListener('change', draw); });
  draw();
})();
