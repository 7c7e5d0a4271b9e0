/**
 * What the sweep charts draw, as plain JSON (read by templates/sweep-charts.js in report.html and on
 * the web UI's sweep page). For each swept parameter: throughput against it, p50 and p99 against
 * throughput (the latency–throughput curve, knee marked), the error rate against it and each extra
 * figure against it. With more than one swept parameter every chart has one line per combination of
 * the other parameters. Each marker is the mean over a point's completed repetitions with its 95 %
 * confidence interval as error bars (y, and x on the latency–throughput curve). A search adds a chart
 * of its metric against the searched parameter, passed and failed points apart, with the limit drawn.
 */
import { findKnee, KNEE_RULE } from './knee';
import { position, sweepParameters, valueText, type SweepParameter } from './sweep-parameters';
import { extraNames, searchFigure, type MeanCi, type PointStatistics } from './sweep-statistics';
import type { SweepSummary } from './sweep-summary';

export interface ChartPoint {
  x: number;
  y: number;
  xLo?: number;
  xHi?: number;
  yLo?: number;
  yHi?: number;
  /** Repetitions the mean is over. */
  n: number;
  /** Drawn next to the marker (the parameter value on the latency–throughput curve). */
  label?: string;
  /** Tooltip text: the point's parameters. */
  tip: string;
}

export interface ChartDataset {
  label: string;
  /** Index into the charts' palette. */
  color: number;
  dashed?: boolean;
  /** false: markers only. */
  showLine?: boolean;
  /** Draw each point's label beside its marker. */
  pointLabels?: boolean;
  /** 'mark': a knee or pass/fail marker set, drawn without error bars. */
  role?: 'data' | 'mark';
  pointStyle?: 'circle' | 'triangle' | 'rectRot' | 'crossRot';
  points: ChartPoint[];
}

export interface SweepChart {
  /** The canvas id, e.g. "sweep-chart-0". */
  id: string;
  /** The parameter path the chart belongs to (or "search"). */
  group: string;
  kind: 'throughput' | 'latency' | 'errors' | 'extra' | 'search';
  title: string;
  note?: string;
  xTitle: string;
  yTitle: string;
  xScale: 'linear' | 'logarithmic';
  yScale: 'linear' | 'logarithmic';
  /** Tick positions on x: the swept values (so a log axis shows 1, 4, 16, 64 rather than decades). */
  xTicks?: number[];
  /** Labels of a category axis: the text of the value at each index. */
  xLabels?: string[];
  datasets: ChartDataset[];
  /** A horizontal line: the search limit. */
  limit?: { y: number; label: string };
}

export interface KneeFinding {
  parameter: string;
  /** The combination of the other parameters, or '' with one swept parameter. */
  series: string;
  /** The knee point's parameters as text. */
  at: string;
  throughput: number;
  p99: number;
  p99Ratio: number;
  throughputGain: number;
}

export interface SweepChartData {
  /** true in report.html (fixed sizes for print), false on the web page (responsive). */
  print: boolean;
  charts: SweepChart[];
  knees: KneeFinding[];
  kneeRule: string;
}

/** At most this many extra figures get charts of their own (all are in the table). */
export const MAX_EXTRA_CHARTS = 6;

interface Series {
  label: string;
  points: PointStatistics[];
}

const paramText = (params: SweepParameter[], p: PointStatistics) => params.map((q) => `${q.label}=${valueText(p.parameters[q.path])}`).join(', ');

/** The points split by the values of every parameter but `along`, each series ordered along it. */
export function seriesAlong(params: SweepParameter[], along: SweepParameter, points: PointStatistics[]): Series[] {
  const others = params.filter((p) => p.path !== along.path);
  const bySeries = new Map<string, Series>();
  for (const p of points) {
    const label = others.map((q) => `${q.label}=${valueText(p.parameters[q.path])}`).join(', ');
    const s = bySeries.get(label) ?? { label, points: [] };
    s.points.push(p);
    bySeries.set(label, s);
  }
  const at = (p: PointStatistics) => position(along, p.parameters[along.path]);
  const list = [...bySeries.values()];
  for (const s of list) s.points.sort((a, b) => at(a) - at(b));
  // Series in the order of the other parameters' values.
  const rank = (s: Series) => others.map((q) => position(q, s.points[0].parameters[q.path]));
  return list.sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i] - rb[i];
    return 0;
  });
}

/** The interval as error bars; every figure charted is ≥ 0, so a bar stops at 0 (the tables print the interval as computed). */
function ci(s: MeanCi | undefined, scale = 1): Pick<ChartPoint, 'yLo' | 'yHi'> {
  return s?.lo !== undefined && s.hi !== undefined ? { yLo: (s.mean >= 0 ? Math.max(0, s.lo) : s.lo) * scale, yHi: s.hi * scale } : {};
}

function logWorthy(values: number[]): boolean {
  const xs = values.filter((v) => Number.isFinite(v));
  return xs.length > 1 && xs.every((v) => v > 0) && Math.max(...xs) / Math.min(...xs) >= 10;
}

function xAxis(param: SweepParameter): Pick<SweepChart, 'xScale' | 'xTicks' | 'xLabels' | 'xTitle'> {
  if (!param.numeric) return { xScale: 'linear', xTicks: param.values.map((_, i) => i), xLabels: param.values.map(valueText), xTitle: param.label };
  const values = param.values as number[];
  return { xScale: logWorthy(values) ? 'logarithmic' : 'linear', xTicks: values, xTitle: param.label };
}

/** Error rate is drawn in percent. */
const PCT = 100;

export function sweepChartData(summary: Pick<SweepSummary, 'parameters' | 'search'>, points: PointStatistics[], opts: { print: boolean }): SweepChartData {
  const params = sweepParameters(summary.parameters, points);
  const charts: SweepChart[] = [];
  const knees: KneeFinding[] = [];
  const id = () => `sweep-chart-${charts.length}`;
  const measured = points.filter((p) => p.n > 0);
  const extras = extraNames(measured).slice(0, MAX_EXTRA_CHARTS);
  const single = params.length === 1;

  for (const param of params) {
    const series = seriesAlong(params, param, measured);
    if (series.length === 0) continue; // nothing measured yet
    const name = (s: Series, what: string) => (single ? what : `${s.label}${what ? ` ${what}` : ''}`);
    const along = (p: PointStatistics) => position(param, p.parameters[param.path]);
    const axis = xAxis(param);

    // Knees along this parameter, one per series.
    const kneeMarks: { throughput: ChartPoint[]; latency: ChartPoint[] } = { throughput: [], latency: [] };
    series.forEach((s) => {
      const k = findKnee(s.points.map((p) => ({ throughput: p.opsPerSec?.mean, p99: p.p99?.mean })));
      if (!k) return;
      const p = s.points[k.index];
      const at = paramText(params, p);
      knees.push({ parameter: param.path, series: single ? '' : s.label, at, throughput: p.opsPerSec!.mean, p99: p.p99!.mean, p99Ratio: k.p99Ratio, throughputGain: k.throughputGain });
      kneeMarks.throughput.push({ x: along(p), y: p.opsPerSec!.mean, n: p.n, tip: `knee: ${at}` });
      kneeMarks.latency.push({ x: p.opsPerSec!.mean, y: p.p99!.mean, n: p.n, tip: `knee: ${at}` });
    });
    const kneeSet = (marks: ChartPoint[]): ChartDataset[] => (marks.length ? [{ label: 'knee', color: 3, showLine: false, role: 'mark', pointStyle: 'triangle', points: marks }] : []);

    const vsParam = (pick: (p: PointStatistics) => MeanCi | undefined, scale = 1): ChartDataset[] =>
      series.map((s, i) => ({
        label: name(s, ''),
        color: i,
        role: 'data',
        points: s.points.flatMap((p) => {
          const v = pick(p);
          return v ? [{ x: along(p), y: v.mean * scale, ...ci(v, scale), n: v.n, tip: `${paramText(params, p)} · n=${v.n}` }] : [];
        }),
      }));

    const throughputSets = vsParam((p) => p.opsPerSec);
    charts.push({ id: id(), group: param.path, kind: 'throughput', title: `Throughput against ${param.label}`, ...axis, yTitle: 'ops/s', yScale: 'linear', datasets: [...(single ? throughputSets.map((d) => ({ ...d, label: 'ops/s' })) : throughputSets), ...kneeSet(kneeMarks.throughput)] });

    const latencySets: ChartDataset[] = series.flatMap((s, i) => {
      const withBoth = s.points.filter((p) => p.opsPerSec);
      const line = (pct: 'p50' | 'p99', dashed: boolean): ChartDataset => ({
        label: name(s, pct),
        color: i,
        dashed,
        role: 'data',
        pointLabels: !dashed,
        points: withBoth.flatMap((p) => {
          const v = p[pct];
          const t = p.opsPerSec!;
          return v ? [{ x: t.mean, y: v.mean, ...ci(v), ...(t.lo !== undefined && t.hi !== undefined ? { xLo: Math.max(0, t.lo), xHi: t.hi } : {}), n: v.n, label: valueText(p.parameters[param.path]), tip: `${paramText(params, p)} · n=${v.n}` }] : [];
        }),
      });
      return [line('p99', false), line('p50', true)];
    });
    const latencyValues = latencySets.flatMap((d) => d.points.map((p) => p.y));
    charts.push({
      id: id(),
      group: param.path,
      kind: 'latency',
      title: `Latency against throughput (along ${param.label})`,
      note: `p99 solid (labelled with ${param.label}), p50 dashed`,
      xTitle: 'throughput (ops/s)',
      xScale: 'linear',
      yTitle: 'ms',
      yScale: logWorthy(latencyValues) && Math.max(...latencyValues) / Math.min(...latencyValues) >= 50 ? 'logarithmic' : 'linear',
      datasets: [...latencySets, ...kneeSet(kneeMarks.latency)],
    });

    charts.push({ id: id(), group: param.path, kind: 'errors', title: `Error rate against ${param.label}`, ...axis, yTitle: '% of requests', yScale: 'linear', datasets: vsParam((p) => p.errorRate, PCT).map((d) => (single ? { ...d, label: 'error rate %' } : d)) });

    for (const extra of extras) {
      const sets = vsParam((p) => p.extra[extra]);
      if (sets.every((d) => d.points.length === 0)) continue;
      charts.push({ id: id(), group: param.path, kind: 'extra', title: `${extra} against ${param.label}`, ...axis, yTitle: extra, yScale: 'linear', datasets: single ? sets.map((d) => ({ ...d, label: extra })) : sets });
    }
  }

  const search = summary.search;
  const searched = search && params.find((p) => p.path === search.parameter);
  if (search && searched) {
    const isRate = search.metric === 'errorRate';
    const scale = isRate ? PCT : 1;
    const pick = (p: PointStatistics) => searchFigure(p, search.metric);
    const tried = [...measured].sort((a, b) => position(searched, a.parameters[searched.path]) - position(searched, b.parameters[searched.path]));
    const mark = (passed: boolean | undefined): ChartPoint[] =>
      tried.filter((p) => p.passed === passed).flatMap((p) => {
        const v = pick(p);
        return v ? [{ x: position(searched, p.parameters[searched.path]), y: v.mean * scale, ...ci(v, scale), n: v.n, label: valueText(p.parameters[searched.path]), tip: `${paramText(params, p)} · n=${v.n}` }] : [];
      });
    const sets: ChartDataset[] = [
      { label: 'passed', color: 2, showLine: false, role: 'data', pointLabels: true, pointStyle: 'circle', points: mark(true) },
      { label: 'failed', color: 3, showLine: false, role: 'data', pointLabels: true, pointStyle: 'crossRot', points: mark(false) },
      { label: 'not judged', color: 4, showLine: false, role: 'data', pointLabels: true, points: mark(undefined) },
    ].filter((d) => d.points.length > 0) as ChartDataset[];
    const unit = isRate ? '%' : 'ms';
    charts.push({
      id: id(),
      group: 'search',
      kind: 'search',
      title: `Search: ${search.metric} against ${searched.label}`,
      note: `limit ${search.metric} < ${search.below * scale} ${unit}`,
      ...xAxis(searched),
      yTitle: isRate ? '% of requests' : `${search.metric} (ms)`,
      yScale: 'linear',
      datasets: sets,
      limit: { y: search.below * scale, label: `limit ${search.below * scale} ${unit}` },
    });
  }

  return { print: opts.print, charts, knees, kneeRule: KNEE_RULE };
}
