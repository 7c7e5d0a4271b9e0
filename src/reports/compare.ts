/**
 * Comparison of runs against a baseline: per-metric deltas, their confidence intervals and p-values,
 * and regression flags. Pure (no I/O), so the CLI, the API, the web UI and the scheduled baseline
 * check share one definition of "regressed":
 *
 *   a gated metric (p99 latency, throughput) regresses when its delta is beyond its threshold AND
 *   the difference is statistically significant (p < alpha, default 0.05) in the harmful direction.
 *   A metric that cannot be tested (too few samples) falls back to the threshold alone, and says so.
 *
 * Samples: with one run per side, the runs' per-second series (RunInput.samples, read from the
 * experiment folder by compare-files.ts); with several runs per side (repetitions), one value per run.
 * Which test, and why: docs/comparison-statistics.md.
 */
import { compareQuantiles, designEffect, testTwoSamples, type Interval, type LocationStatistic, type PerSecondSamples, type RunSamples, type SampleKind, type TwoSampleResult } from './statistics';
import type { Summary } from './summary-schema';

/** Version 2: deltas carry ci95, pValue, significant and test; runs carry notes; the comparison its statistics settings. */
export const COMPARISON_SCHEMA_VERSION = 2;

export interface Thresholds {
  /** A p99 latency increase beyond this percentage is a regression (when significant). */
  p99IncreasePct: number;
  /** A throughput decrease beyond this percentage is a regression (when significant). */
  throughputDecreasePct: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { p99IncreasePct: 10, throughputDecreasePct: 10 };

export interface StatisticsOptions {
  /** Significance level of the tests (default 0.05). */
  alpha: number;
  /** Fewest samples per side (per-run values, or independent batches of per-second values) to test (default 5). */
  minSamples: number;
  /** Bootstrap resamples (default 2000). */
  resamples: number;
  /** Seed of the bootstrap's generator: the same runs give the same intervals (default 1). */
  seed: number;
}

export const DEFAULT_STATISTICS: StatisticsOptions = { alpha: 0.05, minSamples: 5, resamples: 2000, seed: 1 };

export type MetricName = 'throughput' | 'p50' | 'p90' | 'p99' | 'p999' | 'errors';

export const METRICS: { name: MetricName; label: string; unit: string; better: 'higher' | 'lower'; of: (s: Summary) => number }[] = [
  { name: 'throughput', label: 'throughput', unit: 'ops/s', better: 'higher', of: (s) => s.totals.opsPerSec },
  { name: 'p50', label: 'p50 latency', unit: 'ms', better: 'lower', of: (s) => s.totals.latencyMs.p50 },
  { name: 'p90', label: 'p90 latency', unit: 'ms', better: 'lower', of: (s) => s.totals.latencyMs.p90 },
  { name: 'p99', label: 'p99 latency', unit: 'ms', better: 'lower', of: (s) => s.totals.latencyMs.p99 },
  { name: 'p999', label: 'p99.9 latency', unit: 'ms', better: 'lower', of: (s) => s.totals.latencyMs.p999 },
  { name: 'errors', label: 'errors', unit: 'count', better: 'lower', of: (s) => s.totals.errors },
];

/**
 * mann-whitney+block-bootstrap: per-second samples of one run per side (the test's variance and the
 * bootstrap's blocks sized by the series' autocorrelation); mann-whitney+bootstrap: one value per run
 * (repetitions); hdr-quantile: a percentile's interval from the merged histograms; none: not tested (see `reason`).
 */
export type StatTest = 'mann-whitney+block-bootstrap' | 'mann-whitney+bootstrap' | 'hdr-quantile' | 'none';

export interface MetricDelta {
  metric: MetricName;
  /** The baseline's value: the run's own, or over repetitions the mean (throughput, errors) or median (latency) of the runs. */
  baseline: number;
  value: number;
  delta: number;
  /** Relative change in percent; null when the baseline is 0. */
  deltaPct: number | null;
  /** The threshold (percent) this metric is gated on, when it is gated. */
  thresholdPct?: number;
  /** 95 % confidence interval of the difference: percent of the baseline, or absolute when the baseline is 0. Null when untested. */
  ci95: Interval | null;
  /** Two-sided p-value; null when untested. */
  pValue: number | null;
  /** pValue < alpha; null when there were too few samples to test (see `reason`). */
  significant: boolean | null;
  test: StatTest;
  /** What was tested on what (samples, batches, resamples), or why nothing was. */
  testDetail: string;
  /** Why the metric was not tested (significant null). */
  reason?: string;
  /** The tested statistic's own difference (same unit as ci95); it can differ a little from deltaPct (e.g. the median of per-second p99 against the run's p99). */
  estimate?: number;
  samples?: { baseline: number; run: number; unit: 'seconds' | 'runs' | 'requests' };
  /** Gated metrics: how the flag was decided. */
  basis?: 'threshold+significance' | 'threshold-only';
  regression: boolean;
}

export interface RunComparison {
  /** The run (the first of its repetitions). */
  id: string;
  /** Every run of this side (one, or its repetitions). */
  ids: string[];
  recipe: string;
  status: string;
  /** What the tests sampled: per-second series of one run per side, one value per run, or nothing. */
  sampling: 'per-second' | 'per-run' | 'none';
  deltas: MetricDelta[];
  /** Human-readable reasons, e.g. "p99 latency +23.4 % (…; threshold +10 %; 95 % CI [+18.0, +29.1] %, p<0.001)". Empty when it passes. */
  regressions: string[];
  /** What a reader should know about the verdict: a delta beyond its threshold that is noise, a metric decided by the threshold alone. */
  notes: string[];
}

export interface Comparison {
  schemaVersion: typeof COMPARISON_SCHEMA_VERSION;
  createdAt: string;
  baseline: { id: string; ids: string[]; recipe: string; status: string };
  thresholds: Thresholds;
  statistics: StatisticsOptions & { confidence: 0.95; rule: string };
  runs: RunComparison[];
  /** True when any run regressed. */
  regression: boolean;
}

/** One run with the samples found in its folder. */
export interface RunInput {
  summary: Summary;
  samples?: RunSamples;
}

/** One side of a comparison: a run (its summary, or with samples), or its repetitions. */
export type SideInput = Summary | RunInput | readonly (Summary | RunInput)[];

export interface CompareOptions extends Partial<StatisticsOptions> {
  now?: Date;
}

export const REGRESSION_RULE = 'a gated metric (p99 latency, throughput) regresses when its delta is beyond the threshold and significant (p < alpha) in the harmful direction; a metric with too few samples to test is decided by the threshold alone';

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
/** A value that is not a number (a hand-edited summary.json) is passed on as given, for the page to show as text, never rounded into NaN. */
const reported = (n: number, digits: number) => (typeof n === 'number' ? round(n, digits) : n);

export function compareSummaries(baseline: SideInput, others: SideInput[], thresholds: Thresholds = DEFAULT_THRESHOLDS, opts: CompareOptions = {}): Comparison {
  const stats: StatisticsOptions = { ...DEFAULT_STATISTICS, ...definedOnly(opts) };
  if (!(stats.alpha > 0 && stats.alpha < 1)) throw new RangeError(`alpha must be between 0 and 1, got ${stats.alpha}`);
  const base = side(baseline);
  const runs = others.map((o) => compareOne(base, side(o), thresholds, stats));
  const b = base.runs[0].summary.experiment;
  return {
    schemaVersion: COMPARISON_SCHEMA_VERSION,
    createdAt: (opts.now ?? new Date()).toISOString(),
    baseline: { id: b.id, ids: base.ids, recipe: b.recipe, status: base.status },
    thresholds,
    statistics: { ...stats, confidence: 0.95, rule: REGRESSION_RULE },
    runs,
    regression: runs.some((r) => r.regressions.length > 0),
  };
}

interface Side {
  ids: string[];
  runs: RunInput[];
  status: Summary['experiment']['status'];
}

function side(input: SideInput): Side {
  const list = (Array.isArray(input) ? input : [input]) as (Summary | RunInput)[];
  if (!list.length) throw new RangeError('a side of a comparison needs at least one run');
  const runs = list.map((x): RunInput => ('summary' in x && !('experiment' in x) ? x : { summary: x as Summary }));
  const statuses = runs.map((r) => r.summary.experiment.status);
  return { ids: runs.map((r) => r.summary.experiment.id), runs, status: statuses.find((s) => !resultsValid(s)) ?? statuses.find((s) => s !== 'completed') ?? 'completed' };
}

/** The run ran as planned: completed, or (summary v3) completed with teardown errors, whose results are valid too. */
export const resultsValid = (status: string): boolean => status === 'completed' || status === 'completed_with_teardown_errors';

/** The metric over a side: a run's own value, or over repetitions the mean (throughput, errors) or median (latencies). */
function sideValue(s: Side, m: (typeof METRICS)[number]): number {
  const values = s.runs.map((r) => m.of(r.summary));
  if (values.length === 1) return values[0];
  return locationOf(m.name) === 'mean' ? values.reduce((a, v) => a + v, 0) / values.length : medianOf(values);
}

const locationOf = (metric: MetricName): LocationStatistic => (metric === 'throughput' || metric === 'errors' ? 'mean' : 'median');

function medianOf(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

const PER_SECOND: Partial<Record<MetricName, keyof PerSecondSamples>> = { throughput: 'opsPerSec', p50: 'p50Ms', p90: 'p90Ms', p99: 'p99Ms' };

interface MetricStats {
  test: StatTest;
  testDetail: string;
  ci95: Interval | null;
  pValue: number | null;
  significant: boolean | null;
  estimate?: number;
  reason?: string;
  samples?: MetricDelta['samples'];
}

function untested(reason: string, samples?: MetricDelta['samples']): MetricStats {
  return { test: 'none', testDetail: `not tested: ${reason}`, ci95: null, pValue: null, significant: null, reason, ...(samples ? { samples } : {}) };
}

function fromTwoSample(r: TwoSampleResult, kind: SampleKind): MetricStats {
  const samples = { baseline: r.n.baseline, run: r.n.run, unit: kind === 'per-second' ? ('seconds' as const) : ('runs' as const) };
  if (!r.tested) return untested(r.reason, samples);
  const test: StatTest = kind === 'per-second' ? 'mann-whitney+block-bootstrap' : 'mann-whitney+bootstrap';
  return { test, testDetail: r.detail, ci95: roundInterval(r.ci), pValue: roundP(r.pValue), significant: r.significant, estimate: round(r.estimate, 2), samples };
}

const roundInterval = (i: Interval): Interval => ({ low: round(i.low, 2), high: round(i.high, 2), unit: i.unit });
/** Four significant digits: p-values span many orders of magnitude. */
const roundP = (p: number) => (p === 0 ? 0 : Number(p.toPrecision(4)));

function metricStats(base: Side, run: Side, metric: MetricName, stats: StatisticsOptions): MetricStats {
  if (metric === 'errors') return { ...untested('errors are gated by count: any error where the baseline had none is a regression'), testDetail: 'not tested: gated by count (any error where the baseline had none)' };
  const opts = { alpha: stats.alpha, minSamples: stats.minSamples, resamples: stats.resamples, seed: stats.seed, statistic: locationOf(metric) };
  if (base.runs.length > 1 || run.runs.length > 1) {
    const m = METRICS.find((x) => x.name === metric)!;
    const kind: SampleKind = 'per-run';
    return fromTwoSample(testTwoSamples(base.runs.map((r) => m.of(r.summary)), run.runs.map((r) => m.of(r.summary)), { ...opts, kind }), kind);
  }
  const bs = base.runs[0].samples;
  const rs = run.runs[0].samples;
  if (!bs || !rs) return untested(`no per-second series for ${!bs ? (!rs ? 'either run' : 'the baseline') : 'the run'}`);
  const key = PER_SECOND[metric];
  if (key) return fromTwoSample(testTwoSamples(bs.perSecond[key], rs.perSecond[key], { ...opts, kind: 'per-second' }), 'per-second');
  // p99.9: no per-second values; its interval comes from the merged histograms, with the requests'
  // clustering (a design effect) measured on the per-second p99 series.
  if (!bs.latency || !rs.latency) return untested('no merged latency histogram for a p99.9 interval (metrics/clients/*.result.json)');
  const samples = { baseline: bs.latency.count, run: rs.latency.count, unit: 'requests' as const };
  if (bs.perSecond.p99Ms.length < stats.minSamples || rs.perSecond.p99Ms.length < stats.minSamples) {
    return untested(`too few per-second samples to measure how clustered slow requests are (baseline ${bs.perSecond.p99Ms.length}, run ${rs.perSecond.p99Ms.length}; needs ${stats.minSamples} per side)`, samples);
  }
  const deffB = designEffect(bs.latency, 0.99, bs.perSecond.p99Ms);
  const deffR = designEffect(rs.latency, 0.99, rs.perSecond.p99Ms);
  if (deffB === null || deffR === null) return untested('too few requests for a p99 interval', samples);
  const nB = bs.latency.count / deffB;
  const nR = rs.latency.count / deffR;
  const q = compareQuantiles(bs.latency, rs.latency, 0.999, { baselineEffectiveCount: nB, runEffectiveCount: nR });
  if (!q) return untested(`too few effective requests beyond p99.9 (baseline ${Math.round(nB)}, run ${Math.round(nR)} after the design effect; needs ${Math.ceil(5 / 0.001)})`, samples);
  return {
    test: 'hdr-quantile',
    testDetail: `order-statistic interval of p99.9 from the merged histograms, z test on the log ratio; effective requests ${fmtCount(nB)} and ${fmtCount(nR)} (design effect ${deffB.toFixed(1)} and ${deffR.toFixed(1)} from the per-second p99)`,
    ci95: roundInterval({ low: q.lowPct, high: q.highPct, unit: '%' }),
    pValue: roundP(q.pValue),
    significant: q.pValue < stats.alpha,
    estimate: round(q.estimatePct, 2),
    samples,
  };
}

function compareOne(base: Side, run: Side, t: Thresholds, stats: StatisticsOptions): RunComparison {
  const regressions: string[] = [];
  const notes: string[] = [];
  const sampling: RunComparison['sampling'] = base.runs.length > 1 || run.runs.length > 1 ? 'per-run' : base.runs[0].samples && run.runs[0].samples ? 'per-second' : 'none';
  const deltas = METRICS.map((m) => {
    const b = sideValue(base, m);
    const v = sideValue(run, m);
    const delta = v - b;
    const deltaPct = b === 0 ? null : (delta / b) * 100;
    const s = metricStats(base, run, m.name, stats);
    const d: MetricDelta = { metric: m.name, baseline: reported(b, 6), value: reported(v, 6), delta: round(delta), deltaPct: deltaPct === null ? null : round(deltaPct, 2), ...s, regression: false };
    const gate = (beyond: boolean, harmfulSign: 1 | -1, what: string) => {
      if (!beyond) return;
      const stat = statText(d);
      if (d.significant === null) {
        d.basis = 'threshold-only';
        d.regression = true;
        regressions.push(`${what}; threshold alone, ${stat})`);
        return;
      }
      d.basis = 'threshold+significance';
      const direction = Math.sign(d.estimate ?? 0) === harmfulSign;
      if (d.significant && direction) {
        d.regression = true;
        regressions.push(`${what}; ${stat})`);
      } else {
        notes.push(`${m.label} ${fmtPct(deltaPct)} is beyond its threshold but ${d.significant ? 'the tested difference points the other way' : 'not significant'} (${stat}): within the noise, not a regression`);
      }
    };
    if (m.name === 'p99') {
      d.thresholdPct = t.p99IncreasePct;
      gate(deltaPct !== null ? deltaPct > t.p99IncreasePct : v > 0, 1, `p99 latency ${fmtPct(deltaPct)} (${fmtNum(b)} → ${fmtNum(v)} ms; threshold +${t.p99IncreasePct} %`);
    } else if (m.name === 'throughput') {
      d.thresholdPct = -t.throughputDecreasePct;
      gate(deltaPct !== null && -deltaPct > t.throughputDecreasePct, -1, `throughput ${fmtPct(deltaPct)} (${fmtNum(b)} → ${fmtNum(v)} ops/s; threshold -${t.throughputDecreasePct} %`);
    } else if (m.name === 'errors') {
      // Errors where the baseline had none: the run broke something, whatever the percentages say.
      d.regression = b === 0 && v > 0;
      if (d.regression) regressions.push(`errors 0 → ${round(v, 2)}`);
    }
    return d;
  });
  if (resultsValid(base.status) && !resultsValid(run.status)) regressions.push(`status ${run.status} (baseline ${base.status})`);
  if (sampling === 'none') notes.unshift('per-second samples (metrics/clients/*.result.json, reports/raw_results.csv) are missing for one or both runs: untested, so p99 and throughput are decided by their thresholds alone');
  const r = run.runs[0].summary.experiment;
  return { id: r.id, ids: run.ids, recipe: r.recipe, status: run.status, sampling, deltas, regressions, notes };
}

/** "95 % CI [-15.1, -9.8] %, p=0.002", or "not tested: <reason>". */
export function statText(d: Pick<MetricDelta, 'ci95' | 'pValue' | 'reason' | 'significant'>): string {
  if (d.significant === null || !d.ci95 || d.pValue === null) return `not tested: ${d.reason ?? 'no samples'}`;
  return `95 % CI ${fmtInterval(d.ci95)}, ${fmtP(d.pValue)}`;
}

export function fmtPct(p: number | null): string {
  if (p === null) return 'n/a';
  return `${p >= 0 ? '+' : ''}${p.toFixed(1)} %`;
}

/** "[-15.1, -9.8] %" (relative) or "[-0.2, 0.4]" (absolute, in the metric's unit); "" when null. */
export function fmtInterval(i: Interval | null): string {
  if (!i) return '';
  const f = (x: number) => (i.unit === '%' ? `${x > 0 ? '+' : ''}${x.toFixed(1)}` : fmtNum(x));
  return `[${f(i.low)}, ${f(i.high)}]${i.unit === '%' ? ' %' : ''}`;
}

/** "p=0.002", "p<0.001"; "" when null. */
export function fmtP(p: number | null): string {
  if (p === null) return '';
  return p < 0.001 ? 'p<0.001' : `p=${p.toFixed(3)}`;
}

/** The verdict of one metric, e.g. "significant → REGRESSION", "not significant", "untested → REGRESSION (threshold alone)". */
export function verdictText(d: MetricDelta): string {
  const sig = d.significant === null ? 'untested' : d.significant ? 'significant' : 'not significant';
  if (d.regression) return d.basis === 'threshold-only' ? `${sig} → REGRESSION (threshold alone)` : d.metric === 'errors' ? 'REGRESSION (new errors)' : `${sig} → REGRESSION`;
  if (d.basis === 'threshold+significance') return `${sig} → pass (beyond threshold, noise)`;
  return d.metric === 'errors' ? '' : sig;
}

function fmtNum(n: number): string {
  if (typeof n !== 'number') return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toFixed(3);
}

const fmtCount = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e4 ? `${(n / 1e3).toFixed(0)}k` : n.toFixed(0));

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A small markdown table per run, for a PR comment or a terminal. */
export function comparisonMarkdown(c: Comparison): string {
  const out = [
    `# Comparison against ${c.baseline.ids.join(' + ')}`,
    '',
    `Thresholds: p99 +${c.thresholds.p99IncreasePct} %, throughput -${c.thresholds.throughputDecreasePct} %; alpha ${c.statistics.alpha}. Result: **${c.regression ? 'REGRESSION' : 'pass'}**`,
    '',
    `Rule: ${c.statistics.rule}.`,
    '',
  ];
  for (const r of c.runs) {
    out.push(`## ${r.ids.join(' + ')} (${r.status}): ${r.regressions.length ? 'regression' : 'pass'}`, '', `Samples: ${samplingText(r)}.`, '', '| metric | baseline | run | delta | 95 % CI | p | verdict |', '| --- | ---: | ---: | ---: | ---: | ---: | --- |');
    for (const d of r.deltas) {
      const m = METRICS.find((x) => x.name === d.metric)!;
      out.push(`| ${m.label} (${m.unit}) | ${fmtNum(d.baseline)} | ${fmtNum(d.value)} | ${fmtPct(d.deltaPct)} | ${fmtInterval(d.ci95)} | ${fmtP(d.pValue)} | ${verdictText(d)} |`);
    }
    for (const reason of r.regressions) out.push('', `- ${reason}`);
    for (const note of r.notes) out.push('', `- note: ${note}`);
    out.push('', '<details><summary>tests</summary>', '', ...r.deltas.map((d) => `- ${d.metric}: ${d.testDetail}`), '', '</details>', '');
  }
  return out.join('\n');
}

export function samplingText(r: RunComparison): string {
  if (r.sampling === 'per-run') return 'one value per run (repetitions)';
  if (r.sampling === 'per-second') return 'per-second series of each run (autocorrelation: widened test variance, block bootstrap)';
  return 'none found: every gated metric is decided by its threshold alone';
}

export const COMPARISON_CSV_COLUMNS = ['baseline', 'run', 'metric', 'baseline_value', 'run_value', 'delta', 'delta_pct', 'threshold_pct', 'regression', 'ci95_low', 'ci95_high', 'ci95_unit', 'p_value', 'significant', 'test', 'basis'];

export function comparisonCsv(c: Comparison): string {
  const rows = [COMPARISON_CSV_COLUMNS.join(',')];
  for (const r of c.runs) {
    for (const d of r.deltas) {
      rows.push([c.baseline.id, r.id, d.metric, d.baseline, d.value, d.delta, d.deltaPct ?? '', d.thresholdPct ?? '', d.regression, d.ci95?.low ?? '', d.ci95?.high ?? '', d.ci95?.unit ?? '', d.pValue ?? '', d.significant ?? '', d.test, d.basis ?? ''].join(','));
    }
  }
  return rows.join('\n') + '\n';
}
