import type { ClientResult } from '../clients/results/result-file';

export const RAW_RESULTS_COLUMNS = ['timestamp', 'second', 'group', 'instance', 'requests', 'errors', 'ops_per_sec', 'p50_ms', 'p90_ms', 'p99_ms', 'max_ms'];

/** reports/raw_results.csv: one row per client instance per second of the measured window. */
export function rawResultsCsv(results: { group: string; result: ClientResult }[]): string {
  // Drivers' per-second counts (output tokens, bytes) become extra columns, count_<name>.
  const countNames = [...new Set(results.flatMap(({ result }) => result.series.flatMap((s) => Object.keys(s.counts ?? {}))))].sort();
  const rows = [[...RAW_RESULTS_COLUMNS, ...countNames.map((n) => `count_${n}`)].join(',')];
  for (const { group, result } of results) {
    const t0 = result.series[0]?.t ?? 0;
    for (const s of result.series) {
      const extra = countNames.map((n) => s.counts?.[n] ?? 0);
      rows.push([new Date(s.t).toISOString(), Math.round((s.t - t0) / 1000), csv(group), csv(result.instance), s.requests, s.errors, s.requests, s.p50Us / 1000, s.p90Us / 1000, s.p99Us / 1000, s.maxUs / 1000, ...extra].join(','));
    }
  }
  return rows.join('\n') + '\n';
}

function csv(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
