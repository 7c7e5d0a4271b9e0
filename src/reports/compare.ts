/**
 * Comparison of runs against a baseline: per-metric deltas and regression flags. Pure (no I/O), so
 * the CLI, the API, the web UI and the scheduled baseline check share one definition of "regressed".
 */
import type { Summary } from './summary-schema';

export const COMPARISON_SCHEMA_VERSION = 1;

export interface Thresholds {
  /** A p99 latency increase beyond this percentage is a regression. */
  p99IncreasePct: number;
  /** A throughput decrease beyond this percentage is a regression. */
  throughputDecreasePct: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { p99IncreasePct: 10, throughputDecreasePct: 10 };

export type MetricName = 'throughput' | 'p50' | 'p90' | 'p99' | 'p999' | 'errors';

export const METRICS: { name: MetricName; label: string; unit: string; better: 'higher' | 'lower'; of: (s: Summary) => number }[] = [
  { name: 'throughput', label: 'throughput', unit: 'ops/s', better: 'higher', of: (s) => s.totals.opsPerSec },
  { name: 'p50', label: 'p50 latency', unit: 'ms', better: 'lower', of: (s) => s.totals.latencyMs.p50 },
  { name: 'p90', label: 'p90 latency', unit: 'ms', better: 'lower', of: (s) => s.totals.latencyMs.p90 },
  { name: 'p99', label: 'p99 latency', unit: 'ms', better: 'lower', of: (s) => s.totals.latencyMs.p99 },
  { name: 'p999', label: 'p99.9 latency', unit: 'ms', better: 'lower', of: (s) => s.totals.latencyMs.p999 },
  { name: 'errors', label: 'errors', unit: 'count', better: 'lower', of: (s) => s.totals.errors },
];

export interface MetricDelta {
  metric: MetricName;
  baseline: number;
  value: number;
  delta: number;
  /** Relative change in percent; null when the baseline is 0. */
  deltaPct: number | null;
  /** The threshold (percent) this metric is gated on, when it is gated. */
  thresholdPct?: number;
  regression: boolean;
}

export interface RunComparison {
  id: string;
  recipe: string;
  status: string;
  deltas: MetricDelta[];
  /** Human-readable reasons, e.g. "p99 latency +23.4 % (threshold +10 %)". Empty when it passes. */
  regressions: string[];
}

export interface Comparison {
  schemaVersion: typeof COMPARISON_SCHEMA_VERSION;
  createdAt: string;
  baseline: { id: string; recipe: string; status: string };
  thresholds: Thresholds;
  runs: RunComparison[];
  /** True when any run regressed. */
  regression: boolean;
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

export function compareSummaries(baseline: Summary, others: Summary[], thresholds: Thresholds = DEFAULT_THRESHOLDS, now = new Date()): Comparison {
  const runs = others.map((s) => compareOne(baseline, s, thresholds));
  return {
    schemaVersion: COMPARISON_SCHEMA_VERSION,
    createdAt: now.toISOString(),
    baseline: { id: baseline.experiment.id, recipe: baseline.experiment.recipe, status: baseline.experiment.status },
    thresholds,
    runs,
    regression: runs.some((r) => r.regressions.length > 0),
  };
}

function compareOne(baseline: Summary, run: Summary, t: Thresholds): RunComparison {
  const regressions: string[] = [];
  const deltas = METRICS.map((m) => {
    const b = m.of(baseline);
    const v = m.of(run);
    const delta = v - b;
    const deltaPct = b === 0 ? null : (delta / b) * 100;
    const d: MetricDelta = { metric: m.name, baseline: b, value: v, delta: round(delta), deltaPct: deltaPct === null ? null : round(deltaPct, 2), regression: false };
    if (m.name === 'p99') {
      d.thresholdPct = t.p99IncreasePct;
      d.regression = deltaPct !== null ? deltaPct > t.p99IncreasePct : v > 0;
      if (d.regression) regressions.push(`p99 latency ${fmtPct(deltaPct)} (${fmtNum(b)} → ${fmtNum(v)} ms; threshold +${t.p99IncreasePct} %)`);
    } else if (m.name === 'throughput') {
      d.thresholdPct = -t.throughputDecreasePct;
      d.regression = deltaPct !== null && -deltaPct > t.throughputDecreasePct;
      if (d.regression) regressions.push(`throughput ${fmtPct(deltaPct)} (${fmtNum(b)} → ${fmtNum(v)} ops/s; threshold -${t.throughputDecreasePct} %)`);
    } else if (m.name === 'errors') {
      // Errors where the baseline had none: the run broke something, whatever the percentages say.
      d.regression = b === 0 && v > 0;
      if (d.regression) regressions.push(`errors 0 → ${v}`);
    }
    return d;
  });
  if (baseline.experiment.status === 'completed' && run.experiment.status !== 'completed') regressions.push(`status ${run.experiment.status} (baseline completed)`);
  return { id: run.experiment.id, recipe: run.experiment.recipe, status: run.experiment.status, deltas, regressions };
}

export function fmtPct(p: number | null): string {
  if (p === null) return 'n/a';
  return `${p >= 0 ? '+' : ''}${p.toFixed(1)} %`;
}

function fmtNum(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toFixed(3);
}

/** A small markdown table per run, for a PR comment or a terminal. */
export function comparisonMarkdown(c: Comparison): string {
  const out = [`# Comparison against ${c.baseline.id}`, '', `Thresholds: p99 +${c.thresholds.p99IncreasePct} %, throughput -${c.thresholds.throughputDecreasePct} %. Result: **${c.regression ? 'REGRESSION' : 'pass'}**`, ''];
  for (const r of c.runs) {
    out.push(`## ${r.id} (${r.status}): ${r.regressions.length ? 'regression' : 'pass'}`, '', '| metric | baseline | run | delta | |', '| --- | ---: | ---: | ---: | --- |');
    for (const d of r.deltas) {
      const m = METRICS.find((x) => x.name === d.metric)!;
      out.push(`| ${m.label} (${m.unit}) | ${fmtNum(d.baseline)} | ${fmtNum(d.value)} | ${fmtPct(d.deltaPct)} | ${d.regression ? 'REGRESSION' : ''} |`);
    }
    for (const reason of r.regressions) out.push('', `- ${reason}`);
    out.push('');
  }
  return out.join('\n');
}

export const COMPARISON_CSV_COLUMNS = ['baseline', 'run', 'metric', 'baseline_value', 'run_value', 'delta', 'delta_pct', 'threshold_pct', 'regression'];

export function comparisonCsv(c: Comparison): string {
  const rows = [COMPARISON_CSV_COLUMNS.join(',')];
  for (const r of c.runs) {
    for (const d of r.deltas) rows.push([c.baseline.id, r.id, d.metric, d.baseline, d.value, d.delta, d.deltaPct ?? '', d.thresholdPct ?? '', d.regression].join(','));
  }
  return rows.join('\n') + '\n';
}
