/** reports/raw_results.csv → per-second series for the experiment page's charts (summed throughput, worst p99 across instances). */
export interface SecondSeries {
  seconds: number[];
  opsPerSec: number[];
  p50Ms: number[];
  p99Ms: number[];
  errors: number[];
}

export function perSecondSeries(csv: string): SecondSeries {
  const [header, ...rows] = csv.trim().split('\n');
  const cols = (header ?? '').split(',');
  const at = (name: string) => cols.indexOf(name);
  const [iSec, iOps, iP50, iP99, iErr] = ['second', 'ops_per_sec', 'p50_ms', 'p99_ms', 'errors'].map(at);
  const bySecond = new Map<number, { ops: number; p50: number; p99: number; errors: number }>();
  for (const row of rows) {
    // Group and instance names may be quoted; the numeric columns we read are never.
    const cells = row.match(/("([^"]|"")*"|[^,]*)(,|$)/g)?.map((c) => c.replace(/,$/, '')) ?? [];
    const s = Number(cells[iSec]);
    if (!Number.isFinite(s)) continue;
    const cur = bySecond.get(s) ?? { ops: 0, p50: 0, p99: 0, errors: 0 };
    cur.ops += Number(cells[iOps]) || 0;
    cur.p50 = Math.max(cur.p50, Number(cells[iP50]) || 0);
    cur.p99 = Math.max(cur.p99, Number(cells[iP99]) || 0);
    cur.errors += Number(cells[iErr]) || 0;
    bySecond.set(s, cur);
  }
  const seconds = [...bySecond.keys()].sort((a, b) => a - b);
  return { seconds, opsPerSec: seconds.map((s) => bySecond.get(s)!.ops), p50Ms: seconds.map((s) => bySecond.get(s)!.p50), p99Ms: seconds.map((s) => bySecond.get(s)!.p99), errors: seconds.map((s) => bySecond.get(s)!.errors) };
}
