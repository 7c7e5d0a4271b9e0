/** /compare?ids=a,b,c: runs side by side against the first (the baseline), with deltas and regression flags. */
import { fmtPct, METRICS, type Comparison } from '../reports/compare';
import { esc, href, num, page, scriptJson } from './layout';

export function comparePage(c: Comparison): string {
  const runs = c.runs;
  const header = `<tr><th>metric</th><th>baseline<br><a href="${href(`/experiments/${encodeURIComponent(c.baseline.id)}`)}">${esc(c.baseline.id)}</a></th>${runs.map((r) => `<th colspan="2"><a href="${href(`/experiments/${encodeURIComponent(r.id)}`)}">${esc(r.id)}</a><br>${r.regressions.length ? '<span class="bad">REGRESSION</span>' : '<span class="good">pass</span>'}</th>`).join('')}</tr>`;
  const rows = METRICS.map((m) => {
    const base = runs[0]?.deltas.find((d) => d.metric === m.name)?.baseline;
    const cells = runs
      .map((r) => {
        const d = r.deltas.find((x) => x.metric === m.name)!;
        const worse = d.deltaPct !== null && (m.better === 'higher' ? d.deltaPct < 0 : d.deltaPct > 0);
        return `<td class="n">${num(d.value, 3)}</td><td class="n delta ${d.regression ? 'bad' : worse ? '' : 'good'}" data-metric="${m.name}" data-run="${esc(r.id)}">${esc(fmtPct(d.deltaPct))}${d.regression ? ' ⚠' : ''}</td>`;
      })
      .join('');
    return `<tr><th>${esc(m.label)} (${esc(m.unit)})</th><td class="n">${num(base, 3)}</td>${cells}</tr>`;
  }).join('\n');
  const reasons = runs.flatMap((r) => r.regressions.map((x) => `<li><b>${esc(r.id)}</b>: ${esc(x)}</li>`)).join('');
  const chartData = {
    labels: [c.baseline.id, ...runs.map((r) => r.id)],
    ops: [runs[0]?.deltas.find((d) => d.metric === 'throughput')?.baseline ?? 0, ...runs.map((r) => r.deltas.find((d) => d.metric === 'throughput')!.value)],
    p99: [runs[0]?.deltas.find((d) => d.metric === 'p99')?.baseline ?? 0, ...runs.map((r) => r.deltas.find((d) => d.metric === 'p99')!.value)],
  };
  const body = `<p id="verdict" class="${c.regression ? 'bad' : 'good'}">${c.regression ? 'Regression' : 'No regression'} (thresholds: p99 +${c.thresholds.p99IncreasePct} %, throughput -${c.thresholds.throughputDecreasePct} %)</p>
${reasons ? `<ul id="reasons">${reasons}</ul>` : ''}
<table id="comparison">${header}\n${rows}</table>
<div class="charts"><div class="chart"><canvas id="chart-ops"></canvas></div><div class="chart"><canvas id="chart-p99"></canvas></div></div>
<script>(function(){var d=${scriptJson(chartData)};var o={animation:false,indexAxis:'y',scales:{x:{beginAtZero:true}}};
new Chart(document.getElementById('chart-ops'),{type:'bar',data:{labels:d.labels,datasets:[{label:'throughput (ops/s)',data:d.ops,backgroundColor:'#1f77b4'}]},options:o});
new Chart(document.getElementById('chart-p99'),{type:'bar',data:{labels:d.labels,datasets:[{label:'p99 latency (ms)',data:d.p99,backgroundColor:'#ff7f0e'}]},options:o});})();</script>`;
  return page(`Compare with ${c.baseline.id}`, body, { scripts: true });
}

export function compareFormPage(message: string): string {
  return page('Compare', `<p class="bad" id="compare-error">${esc(message)}</p><p>Pick two or more runs on <a href="/experiments">Experiments</a>.</p>`);
}
