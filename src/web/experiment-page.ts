/** /experiments/:id: headline table, per-second charts from raw_results.csv, a filterable log viewer, links to Temporal and the files. */
import type { ExperimentView } from '../api/context';
import type { LogEntry } from '../logs/log-entry';
import { LEVEL_ORDER } from '../logs/log-entry';
import { esc, href, num, page, scriptJson, tag } from './layout';
import type { SecondSeries } from './raw-results';

export function experimentPage(v: ExperimentView, opts: { uiUrl?: string; series?: SecondSeries; logs: LogEntry[] }): string {
  const s = v.summary;
  const id = encodeURIComponent(v.id);
  const links = [
    opts.uiUrl ? `<a id="temporal-link" href="${esc(opts.uiUrl)}">Temporal UI</a>` : '',
    v.files.rawResultsCsv ? `<a id="csv-link" href="${href(`/api/experiments/${id}/raw_results.csv`)}" download>raw_results.csv</a>` : '',
    v.files.reportPdf ? `<a id="pdf-link" href="${href(`/api/experiments/${id}/report.pdf`)}" download>report.pdf</a>` : '<span class="muted">no report.pdf</span>',
    v.files.summary ? `<a href="${href(`/api/experiments/${id}/summary.json`)}">summary.json</a>` : '',
  ].filter(Boolean);
  const p = v.progress;
  const attrs = v.searchAttributes as Record<string, unknown[] | undefined>;
  const schedule = attrs.BenchSchedule?.[0] as string | undefined;
  const facts = `<table id="facts"><tr><th>status</th><td>${tag(v.status)} ${p ? `phase ${tag(p.phase)}` : ''}</td></tr>
<tr><th>recipe</th><td>${esc(p?.recipe ?? s?.experiment.recipe ?? attrs.BenchRecipe?.[0])}</td></tr>
<tr><th>backend</th><td>${esc(p?.backend ?? s?.experiment.backend ?? attrs.BenchBackend?.[0])}</td></tr>
<tr><th>started</th><td>${esc(v.startTime)}${v.closeTime ? `, closed ${esc(v.closeTime)}` : ''}</td></tr>
${schedule ? `<tr><th>schedule</th><td><a href="${href(`/schedules/${encodeURIComponent(schedule)}`)}">${esc(schedule)}</a></td></tr>` : ''}
${p?.error ? `<tr><th>error</th><td class="bad">${esc(p.error)}</td></tr>` : ''}
${p && v.status === 'RUNNING' ? `<tr><th>progress</th><td>${p.clients.running} running, ${p.clients.completed} done of ${p.clients.planned}; ${num(p.clients.requests, 0)} requests</td></tr>` : ''}
</table><p>${links.join(' · ')}</p>`;

  const headline = s
    ? `<h2>Headline</h2><table id="headline"><tr><th>requests</th><th>errors</th><th>throughput (ops/s)</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th><th>instances</th></tr>
<tr><td class="n">${num(s.totals.requests, 0)}</td><td class="n">${num(s.totals.errors, 0)}</td><td class="n">${num(s.totals.opsPerSec)}</td><td class="n">${num(s.totals.latencyMs.p50, 3)}</td><td class="n">${num(s.totals.latencyMs.p90, 3)}</td><td class="n">${num(s.totals.latencyMs.p99, 3)}</td><td class="n">${num(s.totals.latencyMs.p999, 3)}</td><td class="n">${num(s.totals.latencyMs.max, 3)}</td><td class="n">${s.totals.instances.completed}/${s.totals.instances.planned}</td></tr></table>
${s.regression ? `<p id="regression">${s.regression.isBaseline ? `${tag('baseline')} this run is the baseline of schedule ${esc(s.regression.scheduleId)}` : s.regression.regressed ? `${tag('regressed')} against baseline <a href="${href('/compare', { ids: `${s.regression.baselineId},${v.id}` })}">${esc(s.regression.baselineId)}</a>: ${esc(s.regression.reasons.join('; '))}` : `${tag('pass')} no regression against baseline <a href="${href('/compare', { ids: `${s.regression.baselineId},${v.id}` })}">${esc(s.regression.baselineId)}</a>`}</p>` : ''}
${s.warnings.length ? `<ul class="bad">${s.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : ''}`
    : '<p class="muted">No summary.json yet.</p>';

  const charts = opts.series?.seconds.length
    ? `<h2>Over time</h2><div class="charts"><div class="chart"><canvas id="chart-throughput"></canvas></div><div class="chart"><canvas id="chart-latency"></canvas></div></div>
<script>(function(){var d=${scriptJson(opts.series)};var o={animation:false,scales:{x:{title:{display:true,text:'second'}},y:{beginAtZero:true}}};
new Chart(document.getElementById('chart-throughput'),{type:'line',data:{labels:d.seconds,datasets:[{label:'throughput (ops/s, all instances)',data:d.opsPerSec,borderColor:'#1f77b4'},{label:'errors/s',data:d.errors,borderColor:'#d62728'}]},options:o});
new Chart(document.getElementById('chart-latency'),{type:'line',data:{labels:d.seconds,datasets:[{label:'p99 ms (worst instance)',data:d.p99Ms,borderColor:'#ff7f0e'},{label:'p50 ms (worst instance)',data:d.p50Ms,borderColor:'#9467bd'}]},options:o});})();</script>`
    : '<p class="muted">No per-second results (raw_results.csv) yet.</p>';

  const components = [...new Set(opts.logs.map((e) => e.file))].sort();
  const logs = `<h2>Logs</h2><form class="filters" id="log-filters" onsubmit="return false">
<label>component<select id="log-component"><option value="">all</option>${components.map((c) => `<option>${esc(c)}</option>`).join('')}</select></label>
<label>level at least<select id="log-level">${LEVEL_ORDER.map((l) => `<option${l === 'trace' ? ' selected' : ''}>${l}</option>`).join('')}</select></label>
<label>text<input id="log-text" type="search" placeholder="find"></label><span class="muted" id="log-count"></span></form>
<pre class="logs" id="logs"></pre>
<script>(function(){var all=${scriptJson(opts.logs.map((e) => ({ t: e.time, l: e.level, f: e.file, m: e.msg })))};var L=${scriptJson(LEVEL_ORDER)};
var c=document.getElementById('log-component'),lv=document.getElementById('log-level'),tx=document.getElementById('log-text'),out=document.getElementById('logs'),n=document.getElementById('log-count');
function esc(s){return String(s).replace(/[&<>]/g,function(x){return {'&':'&amp;','<':'&lt;','>':'&gt;'}[x]})}
function draw(){var min=L.indexOf(lv.value),q=tx.value.toLowerCase();var rows=all.filter(function(e){return (!c.value||e.f===c.value)&&L.indexOf(e.l)>=min&&(!q||e.m.toLowerCase().indexOf(q)>=0)});
n.textContent=rows.length+' of '+all.length+' lines';out.innerHTML=rows.slice(-2000).map(function(e){return '<span class="log-line lvl-'+esc(e.l)+'">'+new Date(e.t).toISOString().slice(11,23)+' '+esc(e.l).padEnd(5)+' '+esc(e.f)+': '+esc(e.m)+'</span>'}).join('\\n');}
[c,lv,tx].forEach(function(el){el.addEventListener('input',draw);el.addEventListener('change',draw)});draw();})();</script>`;

  return page(`Experiment ${v.id}`, facts + headline + charts + logs, { scripts: true });
}
