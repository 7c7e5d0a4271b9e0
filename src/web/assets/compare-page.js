// /compare in the browser: throughput and p99 bar charts from the page's JSON block.
(function () {
  var d = JSON.parse(document.getElementById('chart-data').textContent);
  var o = { animation: false, indexAxis: 'y', scales: { x: { beginAtZero: true } } };
  new Chart(document.getElementById('chart-ops'), { type: 'bar', data: { labels: d.labels, datasets: [{ label: 'throughput (ops/s)', data: d.ops, backgroundColor: '#1f77b4' }] }, options: o });
  new Chart(document.getElementById('chart-p99'), { type: 'bar', data: { labels: d.labels, datasets: [{ label: 'p99 latency (ms)', data: d.p99, backgroundColor: '#ff7f0e' }] }, options: o });
})();
