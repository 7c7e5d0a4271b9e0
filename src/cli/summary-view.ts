import type { Summary } from '../reports/summary-schema';
import { ms, num, table } from './format';

/** The summary a person reads at the end of `bench run` and in `bench status`. */
export function renderSummary(s: Summary, folder: string): string {
  const t = s.totals;
  const lines = [
    `Experiment ${s.experiment.id}: ${s.experiment.status}${s.experiment.error ? ` (${s.experiment.error})` : ''}`,
    '',
    table(
      s.groups.map((g) => [g.name, `${g.driver}/${g.executor} (${g.loop} loop)`, `${g.instancesCompleted}/${g.instancesPlanned}`, num(g.requests), num(g.opsPerSec, 1), ms(g.latencyMs.p50), ms(g.latencyMs.p90), ms(g.latencyMs.p99), ms(g.latencyMs.p999), ms(g.latencyMs.max), num(g.errors)]),
      ['group', 'load', 'clients', 'requests', 'ops/s', 'p50', 'p90', 'p99', 'p99.9', 'max', 'errors'],
    ),
  ];
  for (const g of s.groups) {
    const extra = headline(g);
    if (extra) lines.push(`${g.name}: ${extra}`);
  }
  if (s.groups.length > 1) lines.push('', `total: ${num(t.requests)} requests, ${num(t.opsPerSec, 1)} ops/s, p99 ${ms(t.latencyMs.p99)}, ${num(t.errors)} errors`);
  const errors = Object.entries(t.errorsByType);
  if (errors.length) lines.push('', 'errors by type: ' + errors.map(([k, v]) => `${k}=${v}`).join(', '));
  for (const svc of s.services.filter((x) => x.restarts > 0)) lines.push(`service ${svc.name} restarted ${svc.restarts} time(s)`);
  for (const w of s.warnings) lines.push(`warning: ${w}`);
  lines.push('', `folder: ${folder}`);
  return lines.join('\n');
}

/** A group's driver-specific figures in one line: named measurements (p50/p99, or the mean of a ratio), counts per second, prepare steps. */
function headline(g: Summary['groups'][number]): string {
  const parts: string[] = [];
  for (const [name, m] of Object.entries(g.metrics ?? {})) {
    parts.push(m.unit === 'ratio' ? `${name} mean ${m.mean.toFixed(3)}` : `${name} p50 ${ms(m.p50)} p99 ${ms(m.p99)}`);
  }
  for (const [name, c] of Object.entries(g.counts ?? {})) parts.push(`${name.replace(/_/g, ' ')} ${num(c.perSec, 1)}/s`);
  for (const [step, t] of Object.entries(g.prepare?.phasesMs ?? {})) parts.push(`${step} ${ms(t)}`);
  return parts.join(', ');
}
