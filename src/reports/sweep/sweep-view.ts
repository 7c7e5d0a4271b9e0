/**
 * The sweep's header, points table, runs table and search result as display text, shared by
 * report.html and the web UI's sweep page (which add their own links). Only strings and numbers:
 * the templates print them escaped.
 */
import { formatMs, formatNumber } from '../format';
import { KNEE_RULE } from './knee';
import { sweepParameters, valueText } from './sweep-parameters';
import { extraNames, isCompletedRun, searchFigure, type MeanCi, type PointStatistics } from './sweep-statistics';
import type { SweepPointRow, SweepSummary } from './sweep-summary';
import type { KneeFinding } from './sweep-chart-data';

export interface PointRowView {
  point: number;
  /** The parameter values, in the sweep's parameter order. */
  values: string[];
  /** "3/3": completed repetitions over rows. */
  reps: string;
  n: number;
  throughput: string;
  p50: string;
  p99: string;
  errorRate: string;
  extras: string[];
  status: string;
  /** Search points: pass / fail. */
  verdict: string;
  knee: boolean;
  runs: { experimentId: string; repetition: number; status: string; folder: string }[];
  errors: string;
}

export interface RunRowView {
  point: number;
  repetition: number;
  values: string[];
  status: string;
  throughput: string;
  p50: string;
  p99: string;
  errorRate: string;
  verdict: string;
  experimentId: string;
  folder: string;
  error: string;
  started: string;
}

export interface SearchView {
  parameter: string;
  metric: string;
  limit: string;
  precision: string;
  state: string;
  found: string;
  failedAt: string;
  sentence: string;
  tried: { value: string; measured: string; verdict: string; n: number; status: string }[];
}

export interface SweepView {
  recipe: string;
  description: string;
  sweepId: string;
  status: string;
  backend: string;
  startedAt: string;
  updatedAt: string;
  repetitions: number;
  /** Runs that finished (any status but running) over runs planned. */
  runsDone: number;
  runsPlanned: number;
  pointsDone: number;
  pointsPlanned: number;
  runsFailed: number;
  empty: boolean;
  parameters: { path: string; label: string; values: string }[];
  extraColumns: string[];
  points: PointRowView[];
  runs: RunRowView[];
  search?: SearchView;
  knees: string[];
  kneeRule: string;
}

export const time = (iso: unknown): string => (typeof iso === 'string' ? iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC') : '');

const fmtCi = (s: MeanCi | undefined, f: (n: number) => string): string => (s ? (s.ci !== undefined ? `${f(s.mean)} ± ${f(s.ci)}` : f(s.mean)) : '–');
const pct = (r: number) => `${(100 * r).toFixed(r === 0 ? 0 : 3)} %`;
const num = (n: number) => formatNumber(n);
const ms = (n: number) => formatMs(n);
const one = (v: unknown, f: (n: number) => string) => (typeof v === 'number' && Number.isFinite(v) ? f(v) : typeof v === 'string' ? v : '–');
const verdict = (passed: boolean | undefined) => (passed === undefined ? '' : passed ? 'pass' : 'fail');

function extraFormat(name: string): (n: number) => string {
  // "ttft.p50" and other millisecond figures read as ms; rates and counts as numbers.
  return /(^|\.)(p\d+|mean|max|min)$/.test(name) && !/perSec|ratio|recall/i.test(name) ? ms : num;
}

export function sweepView(summary: SweepSummary, points: PointStatistics[], knees: KneeFinding[] = []): SweepView {
  const params = sweepParameters(summary.parameters ?? [], points);
  const rows = Array.isArray(summary.rows) ? summary.rows : [];
  const extras = extraNames(points);
  const kneeKeys = new Set(knees.map((k) => k.at));
  const paramTextOf = (p: PointStatistics) => params.map((q) => `${q.label}=${valueText(p.parameters[q.path])}`).join(', ');
  const repetitions = Number(summary.repetitions) || 1;
  const runsDone = rows.filter((r) => r.status !== 'running').length;
  const pointsDone = points.filter((p) => p.status !== 'running' && p.rows.length >= repetitions).length;
  const search = summary.search;
  const searchParam = search && params.find((p) => p.path === search.parameter);

  const pointRows = points.map(
    (p): PointRowView => ({
      point: p.point,
      values: params.map((q) => valueText(p.parameters[q.path])),
      reps: `${p.n}/${p.rows.length}`,
      n: p.n,
      throughput: fmtCi(p.opsPerSec, num),
      p50: fmtCi(p.p50, ms),
      p99: fmtCi(p.p99, ms),
      errorRate: fmtCi(p.errorRate, pct),
      extras: extras.map((e) => fmtCi(p.extra[e], extraFormat(e))),
      status: p.status,
      verdict: verdict(p.passed),
      knee: kneeKeys.has(paramTextOf(p)),
      runs: p.rows.map((r) => ({ experimentId: valueText(r.experimentId), repetition: Number(r.repetition), status: valueText(r.status), folder: valueText(r.folder) })),
      errors: p.errors.join('; '),
    }),
  );

  const runRows = [...rows]
    .sort((a, b) => Number(a.point) - Number(b.point) || Number(a.repetition) - Number(b.repetition))
    .map(
      (r: SweepPointRow): RunRowView => ({
        point: Number(r.point),
        repetition: Number(r.repetition),
        values: params.map((q) => valueText(r.parameters?.[q.path])),
        status: valueText(r.status),
        throughput: isCompletedRun(r.status) ? one(r.opsPerSec, num) : '–',
        p50: isCompletedRun(r.status) ? one(r.latencyMs?.p50, ms) : '–',
        p99: isCompletedRun(r.status) ? one(r.latencyMs?.p99, ms) : '–',
        errorRate: isCompletedRun(r.status) ? one(r.errorRate, pct) : '–',
        verdict: verdict(r.passed),
        experimentId: valueText(r.experimentId),
        folder: valueText(r.folder),
        error: valueText(r.error),
        started: time(r.startedAt),
      }),
    );

  let searchView: SearchView | undefined;
  if (search) {
    const isRate = search.metric === 'errorRate';
    const f = (v: unknown) => one(v, isRate ? pct : ms);
    const label = searchParam?.label ?? search.parameter;
    const tried = points
      .filter((p) => p.parameters[search.parameter] !== undefined)
      .sort((a, b) => Number(a.parameters[search.parameter]) - Number(b.parameters[search.parameter]) || a.point - b.point)
      .map((p) => ({ value: valueText(p.parameters[search.parameter]), measured: fmtCi(searchFigure(p, search.metric), isRate ? pct : ms), verdict: verdict(p.passed) || (p.status === 'running' ? 'running' : '–'), n: p.n, status: p.status }));
    const limit = `${search.metric} < ${f(search.below)}`;
    const sentence =
      search.state === 'done'
        ? `Highest ${label} that kept ${limit}: ${valueText(search.found) || '–'}${search.failedAt !== undefined ? ` (${valueText(search.failedAt)} failed)` : ''}.`
        : search.state === 'none-passed'
          ? `No ${label} tried kept ${limit}.`
          : search.state === 'all-passed'
            ? `Every ${label} tried kept ${limit}${search.found !== undefined ? `, up to ${valueText(search.found)}` : ''}: the limit was not reached.`
            : `Still searching (${search.state})${search.found !== undefined ? `: best so far ${valueText(search.found)}` : ''}${search.failedAt !== undefined ? `, ${valueText(search.failedAt)} failed` : ''}.`;
    searchView = {
      parameter: search.parameter,
      metric: search.metric,
      limit,
      precision: typeof search.precision === 'number' ? `${+(search.precision * 100).toFixed(2)} %` : valueText(search.precision),
      state: valueText(search.state),
      found: valueText(search.found),
      failedAt: valueText(search.failedAt),
      sentence,
      tried,
    };
  }

  return {
    recipe: valueText(summary.recipe),
    description: valueText(summary.description),
    sweepId: valueText(summary.sweepId),
    status: valueText(summary.status),
    backend: valueText(summary.backend),
    startedAt: time(summary.startedAt),
    updatedAt: time(summary.updatedAt),
    repetitions,
    runsDone,
    runsPlanned: Math.max(Number(summary.plannedRuns) || 0, rows.length),
    pointsDone,
    pointsPlanned: Math.max(Math.ceil((Number(summary.plannedRuns) || 0) / repetitions), points.length),
    runsFailed: rows.filter((r) => r.status === 'failed').length,
    empty: rows.length === 0,
    parameters: params.map((q) => ({ path: q.path, label: q.label, values: q.values.map(valueText).join(', ') })),
    extraColumns: extras,
    points: pointRows,
    runs: runRows,
    search: searchView,
    knees: knees.map((k) => `${k.series ? `${k.series}, along ` : 'along '}${params.find((q) => q.path === k.parameter)?.label ?? k.parameter}: knee at ${k.at}: ${formatNumber(k.throughput)} ops/s, p99 ${formatMs(k.p99)} (${k.p99Ratio.toFixed(1)}× the lowest p99 before it; throughput ${k.throughputGain >= 0 ? '+' : ''}${(100 * k.throughputGain).toFixed(1)} %)`),
    kneeRule: KNEE_RULE,
  };
}
