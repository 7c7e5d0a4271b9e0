/** /experiments: every experiment, filtered by recipe, service, backend, status and schedule; pick runs to compare. */
import type { ExperimentFilters, ExperimentRow } from '../api/list-experiments';
import { esc, href, page, tag } from './layout';

const PHASES = ['validating', 'preparing', 'deploying', 'running', 'collecting', 'tearing-down', 'completed', 'failed', 'cancelled'];

function select(name: string, label: string, values: string[], current?: string): string {
  const opts = [...new Set([...values, ...(current ? [current] : [])])].filter(Boolean).sort();
  return `<label>${esc(label)}<select name="${esc(name)}" id="filter-${esc(name)}"><option value="">any</option>${opts.map((v) => `<option${v === current ? ' selected' : ''}>${esc(v)}</option>`).join('')}</select></label>`;
}

export function experimentsPage(rows: ExperimentRow[], all: ExperimentRow[], f: ExperimentFilters): string {
  const distinct = (pick: (r: ExperimentRow) => (string | undefined)[]) => [...new Set(all.flatMap(pick).filter((v): v is string => Boolean(v)))];
  const filters = `<form class="filters" method="get" action="/experiments">
${select('recipe', 'recipe', distinct((r) => [r.recipe]), f.recipe)}
${select('service', 'service', distinct((r) => r.services), f.service)}
${select('backend', 'backend', distinct((r) => [r.backend]), f.backend)}
${select('status', 'status', PHASES, f.status)}
${select('schedule', 'schedule', distinct((r) => [r.schedule]), f.schedule)}
<button type="submit" id="apply-filters">Filter</button> <a href="/experiments">clear</a></form>`;
  const body = rows.length
    ? `<form method="get" action="/compare" id="compare-form"><table id="experiments"><tr><th></th><th>id</th><th>recipe</th><th>services</th><th>backend</th><th>status</th><th>schedule</th><th>verdict</th><th>started</th></tr>
${rows
  .map(
    (r) => `<tr data-id="${esc(r.id)}"><td><input type="checkbox" name="pick" value="${esc(r.id)}"></td><td><a href="${href(`/experiments/${encodeURIComponent(r.id)}`)}">${esc(r.id)}</a></td><td>${esc(r.recipe)}</td><td>${esc(r.services.join(', '))}</td><td>${esc(r.backend)}</td><td>${tag(r.phase || r.status)}</td><td>${r.schedule ? `<a href="${href(`/schedules/${encodeURIComponent(r.schedule)}`)}">${esc(r.schedule)}</a>` : ''}</td><td>${tag(r.regression)}</td><td>${esc(r.startedAt.replace('T', ' ').slice(0, 19))}</td></tr>`,
  )
  .join('\n')}</table><button type="submit" id="compare-selected">Compare selected</button> <span class="muted">the oldest selected run is the baseline</span></form>`
    : '<p id="no-experiments">No experiments match.</p>';
  return page('Experiments', `${filters}<p class="muted">${rows.length} experiment(s)</p>${body}`);
}
