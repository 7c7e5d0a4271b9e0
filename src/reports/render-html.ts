/** reports/report.html: the handlebars template filled from the folder's data; Chart.js inlined (no network). */
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ReportData } from './report-data';

const MAIN_PANELS = ['service_cpu', 'service_memory', 'service_network_in'];

const hb = Handlebars.create();
hb.registerHelper('fmt', (n: unknown) => (typeof n === 'number' ? formatNumber(n) : '–'));
hb.registerHelper('ms', (n: unknown) => (typeof n === 'number' ? formatMs(n) : '–'));
hb.registerHelper('pct', (a: unknown, b: unknown) => (typeof a === 'number' && typeof b === 'number' && b > 0 ? `${((100 * a) / b).toFixed(a === 0 ? 0 : 3)}%` : '0%'));
hb.registerHelper('join', (xs: unknown) => (Array.isArray(xs) ? xs.join(', ') : ''));

export function formatNumber(n: number): string {
  if (Math.abs(n) >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (Math.abs(n) >= 1e4) return `${Math.round(n).toLocaleString('en-US')}`;
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms < 10 ? ms.toFixed(3) : ms.toFixed(1)} ms`;
}

function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) (n /= 1024), i++;
  return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
}

/** A browser build shipped in a package's dist/ (resolved through the package's main entry: exports hide dist/). */
function asset(pkg: string, file: string): string {
  return readFileSync(path.join(path.dirname(require.resolve(pkg)), file), 'utf8');
}

export function renderHtml(data: ReportData, now = new Date()): string {
  const template = hb.compile(readFileSync(path.join(__dirname, 'templates', 'report.hbs'), 'utf8'));
  const s = data.summary;
  const xs = [...data.throughput, ...data.panels.flatMap((p) => p.series)].flatMap((ser) => ser.points.map((p) => p.x));
  const chartData = {
    throughput: data.throughput,
    latency: data.latency,
    distribution: data.distribution,
    panels: data.panels,
    gaps: data.gaps,
    events: data.events,
    xMin: xs.length ? Math.floor(Math.min(...xs)) : 0,
    xMax: xs.length ? Math.ceil(Math.max(...xs)) : 1,
  };
  const res = (s?.resources ?? {}) as { services?: Record<string, Record<string, { mean: number; max: number }>>; queries?: Record<string, { unit: string; series: Record<string, { mean: number; max: number; last: number }> }> };
  const serviceRows = (s?.services ?? []).map((svc) => {
    const r = res.services?.[svc.name];
    return {
      name: svc.name,
      kind: svc.kind,
      restarts: svc.restarts,
      cpu: r?.cpuCores ? `${r.cpuCores.mean.toFixed(3)} / ${r.cpuCores.max.toFixed(3)}` : '–',
      memory: r?.memoryBytes ? formatBytes(r.memoryBytes.max) : '–',
      net: r?.networkInBytesPerSec && r?.networkOutBytesPerSec ? `${formatBytes(r.networkInBytesPerSec.mean)}/s / ${formatBytes(r.networkOutBytesPerSec.mean)}/s` : '–',
    };
  });
  const queryRows = Object.entries(res.queries ?? {}).flatMap(([name, q]) =>
    Object.entries(q.series).map(([series, v]) => ({ name: `${name}${series !== 'value' ? ` {${series}}` : ''}${q.unit ? ` (${q.unit})` : ''}`, mean: formatNumber(v.mean), max: formatNumber(v.max), last: formatNumber(v.last) })),
  );
  const provenanceKeys = ['experiment_id', 'status', 'recipe_source', 'backend', 'started_at', 'ended_at', 'workflow_id', 'workflow_run_id', 'user', 'host', 'platform', 'cpus', 'memory_gib', 'node_version', 'bench_version', 'git_commit', 'temporal_cli', 'error'];
  const provenance = [...provenanceKeys.filter((k) => data.metadata[k]), ...Object.keys(data.metadata).filter((k) => !provenanceKeys.includes(k))].map((k) => ({ k, v: data.metadata[k] }));
  const gaps = s?.gaps ?? [];
  const gapSeconds = gaps.reduce((n, g) => n + g.seconds, 0);
  const run = s?.experiment.runStartedAt ?? s?.experiment.startedAt;
  return template({
    experiment: s?.experiment ?? { id: data.metadata.experiment_id ?? '?', recipe: data.metadata.recipe ?? '?', status: data.metadata.status ?? 'failed', backend: data.metadata.backend ?? '?', partial: true, error: data.metadata.error ?? 'no summary.json was written' },
    totals: s?.totals,
    groups: s?.groups ?? [],
    startedAt: (run ?? '').replace('T', ' ').replace(/\.\d+Z$/, ' UTC'),
    measuredSeconds: data.throughput[0]?.points.length ?? 0,
    generatedAt: now.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC'),
    gapNote: gaps.length ? `Monitoring had ${gaps.length} data gap(s), ${gapSeconds.toFixed(1)} s in all (shaded on the charts): Prometheus was down and restarted.` : '',
    mainPanels: data.panels.filter((p) => MAIN_PANELS.includes(p.name)),
    extraPanels: data.panels.filter((p) => !MAIN_PANELS.includes(p.name)).slice(0, 4),
    serviceRows,
    queryRows,
    gaps,
    monitored: Boolean(data.monitoring),
    provenance,
    warnings: s?.warnings ?? [],
    failureLog: data.failureLog,
    recipeText: data.recipeText,
    chartJs: asset('chart.js', 'chart.umd.min.js'),
    annotationJs: asset('chartjs-plugin-annotation', 'chartjs-plugin-annotation.min.js'),
    chartsJs: readFileSync(path.join(__dirname, 'templates', 'charts.js'), 'utf8'),
    dataJson: JSON.stringify(chartData).replace(/</g, '\\u003c'),
  });
}
