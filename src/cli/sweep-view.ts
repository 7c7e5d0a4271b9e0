/** A sweep's table for the terminal: one line per point, mean and 95 % interval over its repetitions. */
import { sweepStatistics, type MeanCi } from '../reports/sweep/sweep-statistics';
import type { SweepSummary } from '../reports/sweep/sweep-summary';
import { table } from './format';

export function renderSweepTable(summary: SweepSummary, folder: string): string {
  const points = sweepStatistics(summary);
  const short = (p: string) => p.split('.').at(-1)!.replace(/\[.*$/, '');
  const fmt = (m: MeanCi | undefined, digits: number, scale = 1) => (m ? `${(m.mean * scale).toFixed(digits)}${m.ci !== undefined ? ` ±${(m.ci * scale).toFixed(digits)}` : ''}` : '-');
  const rows = points.map((p) => [
    ...summary.parameters.map((k) => String(p.parameters[k] ?? '')),
    `${p.n}/${p.rows.length}`,
    fmt(p.opsPerSec, 0),
    fmt(p.p50, 3),
    fmt(p.p99, 3),
    fmt(p.errorRate, 2, 100),
    p.status,
  ]);
  const head = [...summary.parameters.map(short), 'n', 'ops/s', 'p50 ms', 'p99 ms', 'errors %', 'status'];
  const lines = [`sweep ${summary.sweepId} (${summary.recipe}): ${summary.status}, ${summary.rows.length} runs`, table(rows, head)];
  if (summary.search) {
    const s = summary.search;
    lines.push(`search ${s.parameter}: ${s.found !== undefined ? `highest passing value ${s.found}` : 'no value passed'}${s.failedAt !== undefined ? `, lowest failing ${s.failedAt}` : ''} (${s.metric} below ${s.below}${s.metric === 'errorRate' ? '' : ' ms'}; ${s.state})`);
  }
  lines.push(`folder: ${folder} (points.csv, reports/report.html${summary.rows.length ? ', reports/report.pdf when the recipe asks for pdf' : ''})`);
  return lines.join('\n');
}
