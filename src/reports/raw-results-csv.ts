import type { ClientResult } from '../clients/results/result-file';

export const RAW_RESULTS_COLUMNS = ['timestamp', 'second', 'group', 'instance', 'requests', 'errors', 'ops_per_sec', 'p50_ms', 'p90_ms', 'p99_ms', 'max_ms'];

/** reports/raw_results.csv: one row per client instance per second of the measured window. */
export function rawResultsCsv(results: { group: string; result: ClientResult }[]): string {
  const rows = [RAW_RESULTS_COLUMNS.join(',')];
  for (const { group, result } of results) {
    const t0 = result.series[0]?.t ?? 0;
    for (const s of result.series) {
      rows.push([new Date(s.t).toISOString(), Math.round((s.t - t0) / 1000), csv(group), csv(result.instance), s.requests, s.errors, s.requests, s.p50Us / 1000, s.p90Us / 1000, s.p99Us / 1000, s.maxUs / 1000].join(','));
    }
  }
  return rows.join('\n') + '\n';
}

function csv(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
