/** /experiments: every experiment, filtered by recipe, service, backend, status and schedule; pick runs to compare. */
import type { ExperimentFilters, ExperimentRow } from '../api/list-experiments';
import { link, render } from './templates';

const PHASES = ['validating', 'preparing', 'deploying', 'running', 'collecting', 'tearing-down', 'completed', 'completed_with_teardown_errors', 'failed', 'cancelled'];

function select(name: string, label: string, values: string[], current?: string) {
  const opts = [...new Set([...values, ...(current ? [current] : [])])].filter(Boolean).sort();
  return { name, label, options: opts.map((value) => ({ value, selected: value === current })) };
}

export function experimentsPage(rows: ExperimentRow[], all: ExperimentRow[], f: ExperimentFilters): string {
  const distinct = (pick: (r: ExperimentRow) => (string | undefined)[]) => [...new Set(all.flatMap(pick).filter((v): v is string => Boolean(v)))];
  return render('experiments', {
    filters: [
      select('recipe', 'recipe', distinct((r) => [r.recipe]), f.recipe),
      select('service', 'service', distinct((r) => r.services), f.service),
      select('backend', 'backend', distinct((r) => [r.backend]), f.backend),
      select('status', 'status', PHASES, f.status),
      select('schedule', 'schedule', distinct((r) => [r.schedule]), f.schedule),
    ],
    rows: rows.map((r) => ({
      id: r.id,
      url: link(`/experiments/${encodeURIComponent(r.id)}`),
      recipe: r.recipe,
      services: r.services.join(', '),
      backend: r.backend,
      status: r.phase || r.status,
      schedule: r.schedule,
      scheduleUrl: r.schedule ? link(`/schedules/${encodeURIComponent(r.schedule)}`) : undefined,
      regression: r.regression,
      started: r.startedAt.replace('T', ' ').slice(0, 19),
    })),
  });
}
