// /schedules/:id in the browser: the trend chart (two axes, regressed runs in red) from the page's JSON block.
(function () {
  var d = JSON.parse(document.getElementById('trend-data').textContent);
  new Chart(document.getElementById('trend'), {
    type: 'line',
    data: {
      labels: d.labels,
      datasets: [
        { label: 'throughput (ops/s)', data: d.ops, yAxisID: 'y', borderColor: '#1f77b4', pointBackgroundColor: d.colors, pointRadius: 5 },
        { label: 'p99 (ms)', data: d.p99, yAxisID: 'y1', borderColor: '#ff7f0e', pointBackgroundColor: d.colors, pointRadius: 5 },
        { label: 'p50 (ms)', data: d.p50, yAxisID: 'y1', borderColor: '#9467bd', borderDash: [4, 4] },
      ],
    },
    options: { animation: false, responsive: true, scales: { y: { position: 'left', title: { display: true, text: 'ops/s' }, beginAtZero: true }, y1: { position: 'right', title: { display: true, text: 'ms' }, beginAtZero: true, grid: { drawOnChartArea: false } } } },
  });
})();
