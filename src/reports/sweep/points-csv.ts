/**
 * experiments/{sweepId}/points.csv: the sweep's rows flattened, one line per point and repetition.
 * Columns: one per swept parameter (named by its recipe path), point, repetition, status, ops_per_sec,
 * requests, p50_ms, p90_ms, p99_ms, p999_ms, mean_ms, max_ms, errors, error_rate, passed, then one
 * column per extra figure (the union over all rows, sorted; empty where a row lacks it), error,
 * experiment_id, folder. RFC 4180 quoting: a field with a comma, quote, CR or LF (or leading/trailing
 * space) is quoted, quotes doubled; lines end with "\n". Numbers are written as JavaScript prints them.
 */
import type { SweepPointRow, SweepSummary } from './sweep-summary';

export function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const s = typeof value === 'string' ? value : typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The extra figures over all rows, sorted. */
export function extraColumns(rows: SweepPointRow[]): string[] {
  return [...new Set(rows.flatMap((r) => Object.keys(r.extra ?? {})))].sort();
}

export function pointsCsv(summary: Pick<SweepSummary, 'parameters' | 'rows'>): string {
  const rows = summary.rows ?? [];
  const extras = extraColumns(rows);
  const header = [...summary.parameters, 'point', 'repetition', 'status', 'ops_per_sec', 'requests', 'p50_ms', 'p90_ms', 'p99_ms', 'p999_ms', 'mean_ms', 'max_ms', 'errors', 'error_rate', 'passed', ...extras, 'error', 'experiment_id', 'folder'];
  const lines = [header.map(csvField).join(',')];
  const ordered = [...rows].sort((a, b) => Number(a.point) - Number(b.point) || Number(a.repetition) - Number(b.repetition));
  for (const r of ordered) {
    const l = r.latencyMs ?? ({} as Partial<SweepPointRow['latencyMs']>);
    lines.push(
      [
        ...summary.parameters.map((p) => r.parameters?.[p]),
        r.point,
        r.repetition,
        r.status,
        r.opsPerSec,
        r.requests,
        l.p50,
        l.p90,
        l.p99,
        l.p999,
        l.mean,
        l.max,
        r.errors,
        r.errorRate,
        r.passed,
        ...extras.map((k) => r.extra?.[k]),
        r.error,
        r.experimentId,
        r.folder,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}
