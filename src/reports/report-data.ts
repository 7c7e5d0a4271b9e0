/**
 * Everything the report shows, read from an experiment folder (so `bench report ID` can rebuild it):
 * summary.json, metadata.out, recipe.yaml, raw_results.csv per second, the Prometheus panel CSVs,
 * the merged latency histogram, the drivers' own measurements and counts, and the warn/error lines of the orchestrator log.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createLatencyHistogram, decodeHistogram } from '../clients/results/histogram';
import type { ClientResult } from '../clients/results/result-file';
import { readResultFile } from '../clients/results/result-reader';
import { readLogs } from '../logs/read-logs';
import { readMonitoringExport } from '../monitors/read-export';
import type { MonitoringExport } from '../monitors/types';
import { ExperimentFolder } from '../store/experiment-folder';
import { readMetadata } from '../store/metadata';
import { countRates, type RateChart } from './count-rates';
import { inDeclaredOrder } from './driver-info';
import { measurementDistributions, percentileCurve, type MeasurementDistribution, type PercentilePoint } from './measurement-distributions';
import type { Summary } from './summary-schema';

export interface Series {
  label: string;
  points: { x: number; y: number | null }[];
}

export interface ReportData {
  summary?: Summary;
  metadata: Record<string, string>;
  recipeText: string;
  /** Epoch ms of second 0 on every time axis (the measured window's start). */
  t0: number;
  throughput: Series[];
  latency: Series[];
  distribution: PercentilePoint[];
  /** Per group, each millisecond measurement of the driver (TTFT, per-operation latency) as a percentile curve. */
  measurementDistributions: MeasurementDistribution[];
  /** The drivers' counts per second (tokens/s, MiB/s), one chart per unit. */
  countRates: RateChart[];
  panels: { name: string; title: string; unit: string; series: Series[] }[];
  monitoring?: MonitoringExport;
  /** Marks on the time axes: gaps (shaded) and events (lines), in seconds from t0. */
  gaps: { from: number; to: number; label: string }[];
  events: { at: number; label: string }[];
  failureLog: { time: string; level: string; who: string; msg: string }[];
}

export function loadReportData(folder: ExperimentFolder): ReportData {
  const summary = existsSync(folder.summaryFile) ? (JSON.parse(readFileSync(folder.summaryFile, 'utf8')) as Summary) : undefined;
  const metadata = readMetadata(folder.metadataFile);
  const recipeText = existsSync(folder.recipeFile) ? readFileSync(folder.recipeFile, 'utf8') : '';
  const raw = existsSync(folder.rawResultsCsv) ? parseCsv(readFileSync(folder.rawResultsCsv, 'utf8')) : [];
  const t0 = raw.length ? Math.min(...raw.map((r) => Date.parse(r.timestamp))) : Date.parse(summary?.experiment.runStartedAt ?? summary?.experiment.startedAt ?? new Date().toISOString());
  const sec = (ms: number) => Math.round((ms - t0) / 100) / 10;

  // Per second across instances: throughput adds up; percentiles shown as the worst instance's.
  const bySecond = new Map<number, { requests: number; errors: number; p50: number; p90: number; p99: number; max: number }>();
  for (const r of raw) {
    // Instances start at different fractions of a second: bucket whole seconds from t0.
    const s = Math.round((Date.parse(r.timestamp) - t0) / 1000);
    const cur = bySecond.get(s) ?? { requests: 0, errors: 0, p50: 0, p90: 0, p99: 0, max: 0 };
    cur.requests += Number(r.requests);
    cur.errors += Number(r.errors);
    cur.p50 = Math.max(cur.p50, Number(r.p50_ms));
    cur.p90 = Math.max(cur.p90, Number(r.p90_ms));
    cur.p99 = Math.max(cur.p99, Number(r.p99_ms));
    cur.max = Math.max(cur.max, Number(r.max_ms));
    bySecond.set(s, cur);
  }
  const seconds = [...bySecond.keys()].sort((a, b) => a - b);
  const line = (label: string, pick: (v: typeof bySecond extends Map<number, infer V> ? V : never) => number): Series => ({ label, points: seconds.map((x) => ({ x, y: pick(bySecond.get(x)!) })) });
  const throughput = [line('requests/s', (v) => v.requests), line('errors/s', (v) => v.errors)];
  const latency = [line('p50', (v) => v.p50), line('p90', (v) => v.p90), line('p99', (v) => v.p99)];

  const monitoring = readMonitoringExport(folder.monitoringFile);
  const panels = (monitoring?.panels ?? [])
    .filter((p) => existsSync(folder.metricsCsv(p.name)))
    .map((p) => {
      const rows = parseCsv(readFileSync(folder.metricsCsv(p.name), 'utf8'));
      const cols = rows.length ? Object.keys(rows[0]).filter((c) => c !== 'timestamp' && c !== 'second') : [];
      // Bytes read better as MiB, byte rates as KiB/s.
      const [unit, scale] = p.unit === 'bytes' ? ['MiB', 1 / 2 ** 20] : p.unit === 'bytes/s' ? ['KiB/s', 1 / 1024] : [p.unit, 1];
      return { name: p.name, title: p.title, unit, series: cols.map((c) => ({ label: c, points: rows.map((r) => ({ x: sec(Date.parse(r.timestamp)), y: r[c] === '' ? null : Math.round(Number(r[c]) * scale * 1000) / 1000 })) })) };
    });

  const gaps = (summary?.gaps ?? []).map((g) => ({ from: sec(Date.parse(g.from)), to: sec(Date.parse(g.to)), label: `${g.source} gap ${g.seconds}s` }));
  for (const s of summary?.services ?? []) for (const d of s.downIntervals) gaps.push({ from: sec(Date.parse(d.from)), to: sec(Date.parse(d.to ?? summary!.experiment.endedAt)), label: `${s.name} down` });

  const failureLog = readLogs(folder.logsDir, { level: 'warn' })
    .filter((e) => e.component === 'orchestrator' || e.level === 'error' || e.level === 'fatal')
    .slice(-40)
    .map((e) => ({ time: new Date(e.time).toISOString().slice(11, 19), level: e.level, who: e.component === e.instance ? e.component : `${e.component}/${e.instance}`, msg: e.msg.slice(0, 300) }));
  const events = readLogs(folder.logsDir, { component: ['orchestrator'] })
    .filter((e) => ['warn', 'error', 'fatal'].includes(e.level) && /\b(restart\w*|down|failed|stalled|lost)\b/i.test(e.msg))
    .map((e) => ({ at: sec(e.time), label: e.msg.slice(0, 60) }));

  const results = clientResults(folder, summary, raw);
  const drivers = (summary?.groups ?? []).map((g) => g.driver);
  return {
    summary,
    metadata,
    recipeText,
    t0,
    throughput,
    latency,
    distribution: latencyDistribution(results.map((r) => r.result)),
    measurementDistributions: measurementDistributions(results, (names) => inDeclaredOrder(drivers, 'measurements', names)),
    countRates: countRates(raw, t0, (names) => inDeclaredOrder(drivers, 'counts', names)),
    panels,
    monitoring,
    gaps,
    events,
    failureLog,
  };
}

/** Every readable client result, with its group (from summary.json, else raw_results.csv). */
function clientResults(folder: ExperimentFolder, summary: Summary | undefined, raw: Record<string, string>[]): { group: string; result: ClientResult }[] {
  if (!existsSync(folder.clientsDir)) return [];
  const groupOf = new Map(raw.map((r) => [r.instance, r.group]));
  for (const g of summary?.groups ?? []) for (const i of g.perInstance) groupOf.set(i.instance, g.name);
  return readdirSync(folder.clientsDir)
    .filter((n) => n.endsWith('.result.json'))
    .flatMap((f) => {
      try {
        const result = readResultFile(`${folder.clientsDir}/${f}`);
        return [{ group: groupOf.get(result.instance) ?? result.driver, result }];
      } catch {
        return []; // unreadable result: summary.json already carries its warning
      }
    });
}

/** Latency at percentiles 0 … 99.999 of the exact merge of every client's histogram. */
function latencyDistribution(results: ClientResult[]): PercentilePoint[] {
  const total = createLatencyHistogram();
  for (const r of results) {
    try {
      total.add(decodeHistogram(r.histogram));
    } catch {
      // a corrupt histogram: the curve shows the instances that decode
    }
  }
  return percentileCurve(total);
}

export function parseCsv(text: string): Record<string, string>[] {
  const lines = text.trim().split('\n').filter(Boolean);
  if (lines.length < 2) return [];
  const split = (l: string) => {
    const out: string[] = [];
    let cur = '';
    let q = false;
    for (let i = 0; i < l.length; i++) {
      const c = l[i];
      if (q) {
        if (c === '"' && l[i + 1] === '"') (cur += '"'), i++;
        else if (c === '"') q = false;
        else cur += c;
      } else if (c === '"') q = true;
      else if (c === ',') out.push(cur), (cur = '');
      else cur += c;
    }
    out.push(cur);
    return out;
  };
  const head = split(lines[0]);
  return lines.slice(1).map((l) => Object.fromEntries(split(l).map((v, i) => [head[i], v])));
}
