/** /experiments/:id: headline table, per-second charts from raw_results.csv, a filterable log viewer, links to Temporal and the files. */
import type { ExperimentView } from '../api/context';
import type { LogEntry } from '../logs/log-entry';
import { LEVEL_ORDER } from '../logs/log-entry';
import type { SecondSeries } from './raw-results';
import { link, num, render, texts } from './templates';

export function experimentPage(v: ExperimentView, opts: { uiUrl?: string; series?: SecondSeries; logs: LogEntry[] }): string {
  const s = v.summary;
  const id = encodeURIComponent(v.id);
  const p = v.progress;
  const attrs = v.searchAttributes as Record<string, unknown[] | undefined>;
  const schedule = attrs.BenchSchedule?.[0] as string | undefined;
  const links = [
    opts.uiUrl ? { id: 'temporal-link', href: opts.uiUrl, text: 'Temporal UI' } : undefined,
    v.files.rawResultsCsv ? { id: 'csv-link', href: link(`/api/experiments/${id}/raw_results.csv`), text: 'raw_results.csv', download: true } : undefined,
    v.files.reportPdf ? { id: 'pdf-link', href: link(`/api/experiments/${id}/report.pdf`), text: 'report.pdf', download: true } : { text: 'no report.pdf' },
    v.files.summary ? { href: link(`/api/experiments/${id}/summary.json`), text: 'summary.json' } : undefined,
  ].filter(Boolean);
  const r = s?.regression;
  const t = s?.totals;
  return render('experiment', {
    title: `Experiment ${v.id}`,
    status: v.status,
    phase: p?.phase,
    recipe: p?.recipe ?? s?.experiment.recipe ?? attrs.BenchRecipe?.[0],
    backend: p?.backend ?? s?.experiment.backend ?? attrs.BenchBackend?.[0],
    started: v.startTime,
    closed: v.closeTime,
    schedule: schedule ? { id: schedule, url: link(`/schedules/${encodeURIComponent(String(schedule))}`) } : undefined,
    error: p?.error,
    progress: p && v.status === 'RUNNING' ? { running: p.clients.running, completed: p.clients.completed, planned: p.clients.planned, requests: num(p.clients.requests, 0) } : undefined,
    links,
    headline: t && [num(t.requests, 0), num(t.errors, 0), num(t.opsPerSec), num(t.latencyMs?.p50, 3), num(t.latencyMs?.p90, 3), num(t.latencyMs?.p99, 3), num(t.latencyMs?.p999, 3), num(t.latencyMs?.max, 3), `${t.instances?.completed}/${t.instances?.planned}`],
    regression: r && {
      isBaseline: r.isBaseline,
      regressed: r.regressed,
      scheduleId: r.scheduleId,
      baselineId: r.baselineId,
      compareUrl: link('/compare', { ids: `${r.baselineId},${v.id}` }),
      reasons: texts(r.reasons).join('; '),
    },
    warnings: texts(s?.warnings),
    series: opts.series?.seconds.length ? opts.series : undefined,
    components: [...new Set(opts.logs.map((e) => e.file))].sort(),
    levels: LEVEL_ORDER.map((name) => ({ name, selected: name === 'trace' })),
    logs: { levels: LEVEL_ORDER, lines: opts.logs.map((e) => ({ t: e.time, l: e.level, f: e.file, m: e.msg })) },
  });
}
