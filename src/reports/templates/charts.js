/* Runs in the report page (Chromium): draws every <canvas data-chart> with Chart.js from DATA. */
(function () {
  const palette = ['#2b6cb0', '#dd6b20', '#2f855a', '#c53030', '#6b46c1', '#b7791f', '#319795', '#97266d'];
  Chart.defaults.animation = false;
  Chart.defaults.font.size = 9;
  Chart.defaults.font.family = '"DejaVu Sans", Arial, sans-serif';
  Chart.defaults.devicePixelRatio = 2.5;
  const annotations = {};
  DATA.gaps.forEach((g, i) => {
    annotations['gap' + i] = { type: 'box', xMin: g.from, xMax: g.to, backgroundColor: 'rgba(197,48,48,0.12)', borderWidth: 0, label: { display: true, content: g.label, position: 'start', font: { size: 8 }, color: '#9b2c2c' } };
  });
  DATA.events.forEach((e, i) => {
    annotations['ev' + i] = { type: 'line', xMin: e.at, xMax: e.at, borderColor: '#c53030', borderDash: [4, 3], borderWidth: 1 };
  });
  const timeOptions = (yTitle) => ({
    responsive: false,
    maintainAspectRatio: false,
    parsing: false,
    spanGaps: false,
    elements: { point: { radius: 0 }, line: { borderWidth: 1.4, tension: 0.15 } },
    scales: {
      x: { type: 'linear', min: DATA.xMin, max: DATA.xMax, title: { display: true, text: 'seconds', font: { size: 8 } }, ticks: { maxTicksLimit: 10 } },
      y: { beginAtZero: true, title: { display: !!yTitle, text: yTitle, font: { size: 8 } }, ticks: { maxTicksLimit: 6 } },
    },
    plugins: { legend: { labels: { boxWidth: 10, font: { size: 8 } } }, annotation: { annotations } },
  });
  const datasets = (series) => series.map((s, i) => ({ label: s.label, data: s.points, borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length] }));
  // Chart.js's own log labels pad decimals ("10.000"): label 1, 2 and 5 of each decade, plainly.
  const logTick = (v) => {
    const m = v / 10 ** Math.floor(Math.log10(v));
    return [1, 2, 5].includes(Math.round(m * 1000) / 1000) ? String(Number(v.toPrecision(3))) : '';
  };
  // Percentile curve: evenly spaced percentile labels, log-scale milliseconds.
  const distribution = (canvas, points, color) =>
    new Chart(canvas, {
      type: 'line',
      data: { labels: points.map((d) => d.percentile + '%'), datasets: [{ label: 'ms at percentile', data: points.map((d) => d.ms), borderColor: color, backgroundColor: color + '26', fill: true, pointRadius: 2 }] },
      options: { responsive: false, scales: { y: { type: 'logarithmic', title: { display: true, text: 'ms', font: { size: 8 } }, ticks: { callback: logTick } }, x: { title: { display: true, text: 'percentile', font: { size: 8 } } } }, plugins: { legend: { display: false } } },
    });
  const prepare = (canvas, p) =>
    new Chart(canvas, {
      type: 'bar',
      data: { labels: p.phases.map((x) => x.name), datasets: [{ label: 'seconds', data: p.phases.map((x) => x.seconds), backgroundColor: p.phases.map((_, i) => palette[i % palette.length]) }] },
      options: { indexAxis: 'y', responsive: false, scales: { x: { beginAtZero: true, title: { display: true, text: 'seconds', font: { size: 8 } } } }, plugins: { legend: { display: false } } },
    });
  const size = (canvas) => { canvas.width = canvas.parentElement.clientWidth - 12; canvas.height = canvas.closest('.small') ? 110 : 150; };
  for (const canvas of document.querySelectorAll('canvas[data-chart]')) {
    size(canvas);
    const kind = canvas.dataset.chart;
    if (kind === 'throughput') new Chart(canvas, { type: 'line', data: { datasets: datasets(DATA.throughput) }, options: timeOptions('per second') });
    else if (kind === 'latency') new Chart(canvas, { type: 'line', data: { datasets: datasets(DATA.latency) }, options: timeOptions('ms') });
    else if (kind === 'distribution') distribution(canvas, DATA.distribution, palette[0]);
    else if (kind === 'measure') distribution(canvas, DATA.measures[Number(canvas.dataset.index)].points, palette[(Number(canvas.dataset.index) + 1) % palette.length]);
    else if (kind === 'rate') new Chart(canvas, { type: 'line', data: { datasets: datasets(DATA.rates[Number(canvas.dataset.index)].series) }, options: timeOptions(DATA.rates[Number(canvas.dataset.index)].yTitle) });
    else if (kind === 'prepare') prepare(canvas, DATA.prepare[Number(canvas.dataset.index)]);
    else if (kind === 'panel') {
      const p = DATA.panels.find((x) => x.name === canvas.dataset.panel);
      new Chart(canvas, { type: 'line', data: { datasets: datasets(p.series) }, options: timeOptions(p.unit) });
    }
  }
  window.__chartsDone = document.querySelectorAll('canvas[data-chart]').length;
})();
