/** A schedule's history of headline metrics, from its runs' summary.json files, and a self-contained trend chart (HTML, Chart.js inlined). */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Summary } from '../reports/summary-schema';
import { writeFileAtomic } from '../store/atomic-write';
import { ExperimentFolder, scheduleTrendFile } from '../store/experiment-folder';

export interface TrendPoint {
  id: string;
  startedAt: string;
  status: string;
  opsPerSec?: number;
  p50?: number;
  p99?: number;
  p999?: number;
  errors?: number;
  /** baseline, pass, regressed, or undefined when not compared. */
  verdict?: string;
  reasons?: string[];
  /** The baseline this run was compared with. */
  baselineId?: string;
}

/** Points in start order for the given runs (ids with their start times); runs without a summary keep their status only. */
export function trendPoints(root: string, runs: { id: string; startedAt: string; status?: string }[]): TrendPoint[] {
  return [...runs]
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt))
    .map((r) => {
      const folder = new ExperimentFolder(root, r.id);
      if (!existsSync(folder.summaryFile)) return { id: r.id, startedAt: r.startedAt, status: r.status ?? 'unknown' };
      const s = JSON.parse(readFileSync(folder.summaryFile, 'utf8')) as Summary;
      const verdict = s.regression ? (s.regression.isBaseline ? 'baseline' : s.regression.regressed ? 'regressed' : 'pass') : undefined;
      return { id: r.id, startedAt: r.startedAt, status: s.experiment.status, opsPerSec: s.totals.opsPerSec, p50: s.totals.latencyMs.p50, p99: s.totals.latencyMs.p99, p999: s.totals.latencyMs.p999, errors: s.totals.errors, verdict, reasons: s.regression?.reasons, baselineId: s.regression?.baselineId };
    });
}

export function trendCsv(points: TrendPoint[]): string {
  const rows = ['id,started_at,status,ops_per_sec,p50_ms,p99_ms,p999_ms,errors,verdict'];
  for (const p of points) rows.push([p.id, p.startedAt, p.status, p.opsPerSec ?? '', p.p50 ?? '', p.p99 ?? '', p.p999 ?? '', p.errors ?? '', p.verdict ?? ''].join(','));
  return rows.join('\n') + '\n';
}

/** Chart.js's UMD build from node_modules (no CDN: pages and files work offline). */
export function chartJsFile(): string {
  return path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.js');
}

export function chartJsSource(): string {
  return readFileSync(chartJsFile(), 'utf8');
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The chart's script: two axes (throughput, latency), regressed runs in red. `Chart` must be loaded. */
export function trendChartScript(canvasId: string, points: TrendPoint[]): string {
  const data = points.filter((p) => p.opsPerSec !== undefined);
  const json = JSON.stringify({
    labels: data.map((p) => p.startedAt.replace('T', ' ').slice(0, 19)),
    ops: data.map((p) => p.opsPerSec),
    p99: data.map((p) => p.p99),
    p50: data.map((p) => p.p50),
    colors: data.map((p) => (p.verdict === 'regressed' ? '#d62728' : p.verdict === 'baseline' ? '#2ca02c' : '#1f77b4')),
  }).replace(/</g, '\\u003c');
  return `(function(){var d=${json};new Chart(document.getElementById(${JSON.stringify(canvasId)}),{type:'line',data:{labels:d.labels,datasets:[
{label:'throughput (ops/s)',data:d.ops,yAxisID:'y',borderColor:'#1f77b4',pointBackgroundColor:d.colors,pointRadius:5},
{label:'p99 (ms)',data:d.p99,yAxisID:'y1',borderColor:'#ff7f0e',pointBackgroundColor:d.colors,pointRadius:5},
{label:'p50 (ms)',data:d.p50,yAxisID:'y1',borderColor:'#9467bd',borderDash:[4,4]}]},
options:{animation:false,responsive:true,scales:{y:{position:'left',title:{display:true,text:'ops/s'},beginAtZero:true},y1:{position:'right',title:{display:true,text:'ms'},beginAtZero:true,grid:{drawOnChartArea:false}}}}});})();`;
}

/** trend.html (self-contained) and trend.csv under <root>/.schedules/<id>/. */
export function writeTrendFiles(root: string, scheduleId: string, points: TrendPoint[]): { html: string; csv: string } {
  const html = scheduleTrendFile(root, scheduleId, 'html');
  const csv = scheduleTrendFile(root, scheduleId, 'csv');
  mkdirSync(path.dirname(html), { recursive: true });
  const rows = points.map((p) => `<tr><td>${esc(p.id)}</td><td>${esc(p.startedAt)}</td><td>${esc(p.status)}</td><td>${p.opsPerSec ?? ''}</td><td>${p.p99 ?? ''}</td><td>${esc(p.verdict ?? '')}</td></tr>`).join('\n');
  writeFileAtomic(
    html,
    `<!doctype html><html><head><meta charset="utf-8"><title>trend ${esc(scheduleId)}</title></head><body style="font-family:sans-serif">
<h1>Schedule ${esc(scheduleId)}: trend</h1><p>Green: baseline, red: regression.</p>
<div style="max-width:1000px"><canvas id="trend"></canvas></div>
<table border="1" cellpadding="4"><tr><th>run</th><th>started</th><th>status</th><th>ops/s</th><th>p99 ms</th><th>verdict</th></tr>${rows}</table>
<script>${chartJsSource()}</script><script>${trendChartScript('trend', points)}</script></body></html>\n`,
  );
  writeFileAtomic(csv, trendCsv(points));
  return { html, csv };
}
