/*
 * Draws a sweep's charts (reports/report.html and the web UI's /sweeps/:id) with Chart.js from the
 * JSON in <script type="application/json" id="sweep-data"> (src/reports/sweep/sweep-chart-data.ts).
 * Every <canvas data-sweep-chart="ID"> gets the chart with that id. Data text only reaches canvases
 * (Chart.js draws labels, ticks and tooltips): nothing from the data becomes HTML.
 * Error bars (95 % confidence intervals), point labels and the search limit are drawn by the small
 * plugin below: Chart.js has no error bars of its own.
 */
(function () {
  var source = document.getElementById('sweep-data');
  var DATA = source ? JSON.parse(source.textContent) : { print: true, charts: [] };
  var palette = ['#2b6cb0', '#dd6b20', '#2f855a', '#c53030', '#6b46c1', '#b7791f', '#319795', '#97266d', '#4a5568', '#0987a0'];
  var print = DATA.print;
  Chart.defaults.animation = false;
  if (print) {
    Chart.defaults.font.size = 9;
    Chart.defaults.font.family = '"DejaVu Sans", Arial, sans-serif';
    Chart.defaults.devicePixelRatio = 2.5;
  }
  var finite = function (v) { return typeof v === 'number' && isFinite(v); };

  // Error bars, point labels and the limit line, drawn over the datasets of a chart whose options carry `sweep`.
  var marks = {
    id: 'sweepMarks',
    afterDatasetsDraw: function (chart) {
      var spec = chart.options.plugins.sweepMarks;
      if (!spec) return;
      var ctx = chart.ctx, x = chart.scales.x, y = chart.scales.y, area = chart.chartArea;
      // Values a log axis cannot place (≤ 0) sit at its bottom.
      var px = function (v) { return x.getPixelForValue(x.type === 'logarithmic' && v <= 0 ? x.min : v); };
      var py = function (v) { return y.getPixelForValue(y.type === 'logarithmic' && v <= 0 ? y.min : v); };
      ctx.save();
      ctx.beginPath();
      ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
      ctx.clip();
      chart.data.datasets.forEach(function (ds, i) {
        if (!chart.isDatasetVisible(i) || ds.sweepRole === 'mark') return;
        ctx.strokeStyle = ds.borderColor;
        ctx.fillStyle = ds.borderColor;
        ctx.lineWidth = 1;
        ctx.setLineDash([]);
        ds.data.forEach(function (p) {
          var cx = px(p.x), cy = py(p.y);
          if (finite(p.yLo) && finite(p.yHi)) {
            var a = py(p.yLo), b = py(p.yHi);
            ctx.beginPath();
            ctx.moveTo(cx, a); ctx.lineTo(cx, b);
            ctx.moveTo(cx - 3, a); ctx.lineTo(cx + 3, a);
            ctx.moveTo(cx - 3, b); ctx.lineTo(cx + 3, b);
            ctx.stroke();
          }
          if (finite(p.xLo) && finite(p.xHi)) {
            var l = px(p.xLo), r = px(p.xHi);
            ctx.beginPath();
            ctx.moveTo(l, cy); ctx.lineTo(r, cy);
            ctx.moveTo(l, cy - 3); ctx.lineTo(l, cy + 3);
            ctx.moveTo(r, cy - 3); ctx.lineTo(r, cy + 3);
            ctx.stroke();
          }
          if (ds.sweepPointLabels && p.label) {
            ctx.font = (print ? 7 : 10) + 'px ' + Chart.defaults.font.family;
            ctx.fillText(String(p.label), cx + 4, cy - 4);
          }
        });
      });
      if (spec.limit && finite(spec.limit.y)) {
        var ly = py(spec.limit.y);
        ctx.strokeStyle = '#c53030';
        ctx.fillStyle = '#9b2c2c';
        ctx.setLineDash([5, 3]);
        ctx.beginPath();
        ctx.moveTo(area.left, ly); ctx.lineTo(area.right, ly);
        ctx.stroke();
        ctx.font = (print ? 7 : 10) + 'px ' + Chart.defaults.font.family;
        ctx.textAlign = 'right';
        ctx.fillText(String(spec.limit.label), area.right - 2, ly - 3);
      }
      ctx.restore();
    },
  };

  // Axis bounds that leave room for the error bars (Chart.js scales to the means only).
  // zero: a linear axis starts at 0 unless a value is negative.
  var bounds = function (values, log, zero) {
    var xs = values.filter(function (v) { return finite(v) && (!log || v > 0); });
    if (!xs.length) return {};
    var lo = Math.min.apply(null, xs), hi = Math.max.apply(null, xs);
    if (log) return { min: lo / 1.4, max: hi * 1.4 };
    var pad = (hi - lo) * 0.06 || Math.abs(hi) * 0.1 || 1;
    return { min: zero && lo >= 0 ? 0 : lo - pad, max: hi + pad };
  };

  var numberText = function (v) {
    if (!finite(v)) return '';
    var a = Math.abs(v);
    return a >= 1e6 ? (v / 1e6).toFixed(2) + ' M' : a >= 1e4 ? Math.round(v).toLocaleString('en-US') : String(Number(v.toPrecision(4)));
  };

  var draw = function (canvas, c) {
    var datasets = c.datasets.map(function (d) {
      var color = d.role === 'mark' ? '#c53030' : palette[d.color % palette.length];
      return {
        label: d.label,
        data: d.points,
        borderColor: color,
        backgroundColor: d.role === 'mark' ? 'rgba(197,48,48,0.85)' : color,
        borderDash: d.dashed ? [5, 3] : [],
        showLine: d.showLine !== false,
        pointStyle: d.pointStyle || 'circle',
        pointRadius: d.role === 'mark' ? (print ? 6 : 8) : d.pointStyle === 'crossRot' ? 5 : 3,
        pointBorderWidth: d.pointStyle === 'crossRot' ? 2 : 1,
        borderWidth: 1.4,
        tension: 0,
        order: d.role === 'mark' ? 0 : 1,
        sweepRole: d.role || 'data',
        sweepPointLabels: !!d.pointLabels,
      };
    });
    var all = c.datasets.flatMap(function (d) { return d.points; });
    var xb = bounds(all.flatMap(function (p) { return [p.x, p.xLo, p.xHi]; }), c.xScale === 'logarithmic', false);
    var yValues = all.flatMap(function (p) { return [p.y, p.yLo, p.yHi]; }).concat(c.limit ? [c.limit.y] : []);
    var yb = bounds(yValues, c.yScale === 'logarithmic', true);
    if (c.xLabels) xb = { min: -0.4, max: c.xLabels.length - 0.6 };
    var ticks = c.xTicks;
    var small = { size: print ? 8 : 11 };
    return new Chart(canvas, {
      type: 'line',
      data: { datasets: datasets },
      options: {
        responsive: !print,
        maintainAspectRatio: true,
        aspectRatio: 1.9,
        parsing: false,
        normalized: true,
        scales: {
          x: {
            type: c.xScale,
            min: xb.min,
            max: xb.max,
            title: { display: true, text: c.xTitle, font: small },
            afterBuildTicks: ticks ? function (axis) { axis.ticks = ticks.filter(function (v) { return v >= axis.min && v <= axis.max; }).map(function (v) { return { value: v }; }); } : undefined,
            ticks: { autoSkip: true, maxRotation: 0, includeBounds: false, callback: function (v) { return c.xLabels ? (c.xLabels[v] === undefined ? '' : String(c.xLabels[v])) : numberText(v); } },
          },
          y: {
            type: c.yScale,
            min: yb.min,
            max: yb.max,
            title: { display: true, text: c.yTitle, font: small },
            ticks: { maxTicksLimit: 6, includeBounds: false, callback: function (v) { return numberText(v); } },
          },
        },
        plugins: {
          legend: { labels: { boxWidth: 10, font: small } },
          tooltip: {
            callbacks: {
              label: function (item) {
                var p = item.raw;
                var ci = finite(p.yLo) && finite(p.yHi) ? ' ± ' + numberText((p.yHi - p.yLo) / 2) : '';
                return item.dataset.label + ': ' + numberText(p.y) + ci + ' (' + p.tip + ')';
              },
            },
          },
          sweepMarks: { limit: c.limit },
        },
      },
      plugins: [marks],
    });
  };

  var byId = {};
  DATA.charts.forEach(function (c) { byId[c.id] = c; });
  var canvases = document.querySelectorAll('canvas[data-sweep-chart]');
  var drawn = 0;
  canvases.forEach(function (canvas) {
    var c = byId[canvas.getAttribute('data-sweep-chart')];
    if (!c) return;
    if (print) {
      canvas.width = canvas.parentElement.clientWidth - 12;
      canvas.height = Math.round(canvas.width / 1.9);
    }
    draw(canvas, c);
    drawn++;
  });
  window.__chartsDone = drawn;
})();
