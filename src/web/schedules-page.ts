/** /schedules and /schedules/:id: bench's schedules, and one schedule's trend with regression verdicts. */
import type { Baseline } from '../schedules/baseline';
import type { ScheduleView } from '../schedules/schedules';
import type { TrendPoint } from '../schedules/trend';
import { link, num, render, texts } from './templates';

export function schedulesPage(rows: { id: string; recipe: string; spec: string; paused: boolean; nextRun?: string; note?: string }[]): string {
  return render('schedules', {
    rows: rows.map((r) => ({ id: r.id, url: link(`/schedules/${encodeURIComponent(r.id)}`), recipe: r.recipe, spec: r.spec, state: r.paused ? 'paused' : 'active', nextRun: r.nextRun ?? '', note: r.note ?? '' })),
  });
}

/** What the trend chart draws (the same series and colours as the schedule's trend.html). */
function trendChart(points: TrendPoint[]) {
  const data = points.filter((p) => p.opsPerSec !== undefined);
  return {
    labels: data.map((p) => p.startedAt.replace('T', ' ').slice(0, 19)),
    ops: data.map((p) => p.opsPerSec),
    p99: data.map((p) => p.p99),
    p50: data.map((p) => p.p50),
    colors: data.map((p) => (p.verdict === 'regressed' ? '#d62728' : p.verdict === 'baseline' ? '#2ca02c' : '#1f77b4')),
  };
}

export function schedulePage(v: ScheduleView, baseline: Baseline | undefined, points: TrendPoint[]): string {
  return render('schedule', {
    title: `Schedule ${v.id}`,
    recipe: v.recipe,
    spec: v.spec,
    state: v.paused ? 'paused' : 'active',
    note: v.note ?? '',
    overlap: v.overlap,
    pauseOnFailure: v.pauseOnFailure,
    failOnRegression: v.failOnRegression,
    baseline: baseline && { id: baseline.baselineId, url: link(`/experiments/${encodeURIComponent(String(baseline.baselineId))}`), how: baseline.pinnedBy === 'user' ? 'pinned' : 'first completed run' },
    nextRuns: v.nextRuns.slice(0, 3).join(', '),
    actionsTaken: v.actionsTaken,
    listUrl: link('/experiments', { schedule: v.id }),
    points: [...points].reverse().map((p) => ({
      id: p.id,
      url: link(`/experiments/${encodeURIComponent(p.id)}`),
      started: p.startedAt.replace('T', ' ').slice(0, 19),
      status: p.status,
      ops: num(p.opsPerSec),
      p50: num(p.p50, 3),
      p99: num(p.p99, 3),
      errors: num(p.errors, 0),
      verdict: p.verdict,
      compareUrl: p.verdict === 'regressed' && p.baselineId ? link('/compare', { ids: `${p.baselineId},${p.id}` }) : undefined,
      reasons: texts(p.reasons).join('; '),
    })),
    trend: trendChart(points),
  });
}
