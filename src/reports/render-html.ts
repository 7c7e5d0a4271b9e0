/** reports/report.html: the handlebars template filled from the folder's data; Chart.js inlined (no network). */
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe } from './driver-info';
import { driverGroups, prepareCharts, ratioKpis } from './driver-metrics-view';
import { formatBytes, formatMs, formatNumber } from './format';
import type { ReportData } from './report-data';

export { formatMs, formatNumber } from './format';

const MAIN_PANELS = ['service_cpu', 'service_memory', 'service_network_in'];

const hb = Handlebars.create();
hb.registerHelper('fmt', (n: unknown) => (typeof n === 'number' ? formatNumber(n) : '–'));
hb.registerHelper('ms', (n: unknown) => (typeof n === 'number' ? formatMs(n) : '–'));
hb.registerHelper('pct', (a: unknown, b: unknown) => (typeof a === 'number' && typeof b === 'number' && b > 0 ? `${((100 * a) / b).toFixed(a === 0 ? 0 : 3)}%` : '0%'));
hb.registerHelper('join', (xs: unknown) => (Array.isArray(xs) ? xs.join(', ') : ''));

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
    measures: data.measurementDistributions,
    rates: data.countRates,
    prepare: prepareCharts(s),
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
  const multiGroup = (s?.groups.length ?? 0) > 1;
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
    ratioKpis: ratioKpis(s),
    driverGroups: driverGroups(s),
    distributionCharts: distributionCharts(data),
    kindCharts: data.measurementDistributions.length + data.countRates.length + chartData.prepare.length > 0,
    rateCharts: data.countRates.map((c) => ({ title: c.title })),
    prepareCharts: chartData.prepare.map((p) => ({ title: `Prepare phases${multiGroup ? ` of ${p.group}` : ''} (seconds)` })),
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

/** Titles of the measurement distribution charts: the name, and the head of the driver's description ("time to first token"). */
function distributionCharts(data: ReportData): { title: string; note: string }[] {
  const groups = new Set(data.measurementDistributions.map((d) => d.group));
  const driverOf = (group: string) => data.summary?.groups.find((g) => g.name === group)?.driver ?? '';
  return data.measurementDistributions.map((d) => {
    const head = describe(driverOf(d.group), 'measurements', d.name).split(/[:(]/)[0].trim();
    return { title: `${d.name} distribution${groups.size > 1 ? ` (${d.group})` : ''} (ms, log scale)`, note: `${head ? `${head} · ` : ''}${formatNumber(d.count)} values` };
  });
}
