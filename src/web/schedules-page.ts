/** /schedules and /schedules/:id: bench's schedules, and one schedule's trend with regression verdicts. */
import type { Baseline } from '../schedules/baseline';
import type { ScheduleView } from '../schedules/schedules';
import { trendChartScript, type TrendPoint } from '../schedules/trend';
import { esc, href, num, page, tag } from './layout';

export function schedulesPage(rows: { id: string; recipe: string; spec: string; paused: boolean; nextRun?: string; note?: string }[]): string {
  const body = rows.length
    ? `<table id="schedules"><tr><th>id</th><th>recipe</th><th>when</th><th>state</th><th>next run</th><th>note</th></tr>${rows.map((r) => `<tr><td><a href="${href(`/schedules/${encodeURIComponent(r.id)}`)}">${esc(r.id)}</a></td><td>${esc(r.recipe)}</td><td>${esc(r.spec)}</td><td>${r.paused ? tag('paused') : tag('active')}</td><td>${esc(r.nextRun ?? '')}</td><td>${esc(r.note ?? '')}</td></tr>`).join('')}</table>`
    : '<p>No schedules. Create one with <code>bench schedule create RECIPE --every 1d</code>.</p>';
  return page('Schedules', body);
}

export function schedulePage(v: ScheduleView, baseline: Baseline | undefined, points: TrendPoint[]): string {
  const facts = `<table id="schedule-facts"><tr><th>recipe</th><td>${esc(v.recipe)}</td></tr><tr><th>when</th><td>${esc(v.spec)}</td></tr><tr><th>state</th><td>${v.paused ? tag('paused') : tag('active')} ${esc(v.note ?? '')}</td></tr>
<tr><th>overlap</th><td>${esc(v.overlap)}${v.pauseOnFailure ? ', pauses on failure' : ''}${v.failOnRegression ? ', fails on regression' : ''}</td></tr>
<tr><th>baseline</th><td id="baseline">${baseline ? `<a href="${href(`/experiments/${encodeURIComponent(baseline.baselineId)}`)}">${esc(baseline.baselineId)}</a> (${baseline.pinnedBy === 'user' ? 'pinned' : 'first completed run'})` : 'none yet (the first completed run becomes it)'}</td></tr>
<tr><th>next runs</th><td>${esc(v.nextRuns.slice(0, 3).join(', '))}</td></tr><tr><th>runs so far</th><td>${v.actionsTaken} · <a href="${href('/experiments', { schedule: v.id })}">list</a></td></tr></table>`;
  const runs = points.length
    ? `<div class="chart" style="max-width:1000px"><canvas id="trend"></canvas></div><p class="muted">Point colours: green baseline, red regression.</p>
<table id="trend-table"><tr><th>run</th><th>started</th><th>status</th><th>ops/s</th><th>p50 ms</th><th>p99 ms</th><th>errors</th><th>verdict</th></tr>${[...points]
        .reverse()
        .map((p) => `<tr><td><a href="${href(`/experiments/${encodeURIComponent(p.id)}`)}">${esc(p.id)}</a></td><td>${esc(p.startedAt.replace('T', ' ').slice(0, 19))}</td><td>${tag(p.status)}</td><td class="n">${num(p.opsPerSec)}</td><td class="n">${num(p.p50, 3)}</td><td class="n">${num(p.p99, 3)}</td><td class="n">${num(p.errors, 0)}</td><td>${tag(p.verdict)} ${p.verdict === 'regressed' && p.baselineId ? `<a href="${href('/compare', { ids: `${p.baselineId},${p.id}` })}">compare</a> ${esc((p.reasons ?? []).join('; '))}` : ''}</td></tr>`)
        .join('')}</table><script>${trendChartScript('trend', points)}</script>`
    : '<p>No runs yet.</p>';
  return page(`Schedule ${v.id}`, facts + '<h2>Trend</h2>' + runs, { scripts: true });
}
