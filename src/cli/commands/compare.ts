import type { Command } from 'commander';
import { METRICS, fmtPct, type Comparison } from '../../reports/compare';
import { compareRuns, CompareInputError } from '../../reports/compare-files';
import { CliError, EXIT } from '../exit-codes';
import { table } from '../format';
import { experimentsRoot } from '../start-experiment';

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('compare runs with a baseline (the first id): per-metric deltas and regression flags; exit 1 on a regression (CI gating)')
    .argument('<ids...>', 'baseline id, then one or more run ids')
    .option('--output <dir>', 'experiments folder (default: $BENCH_EXPERIMENTS_DIR, else ./experiments)')
    .option('--threshold-p99 <pct>', "p99 latency increase that counts as a regression (default: the baseline recipe's reporting.thresholds, else 10)")
    .option('--threshold-throughput <pct>', "throughput decrease that counts as a regression (default: the recipe's, else 10)")
    .option('--json', 'print the comparison as JSON')
    .option('--no-write', 'do not write reports/compare-<baseline>.{json,md,csv} into the compared runs')
    .action((ids: string[], opts: { output?: string; thresholdP99?: string; thresholdThroughput?: string; json?: boolean; write: boolean }) => {
      const pct = (name: string, v?: string) => {
        if (v === undefined) return undefined;
        const n = Number(v);
        if (!Number.isFinite(n) || n < 0) throw new CliError(`${name} must be a non-negative number of percent, got "${v}"`, EXIT.badInput);
        return n;
      };
      const thresholds = { p99IncreasePct: pct('--threshold-p99', opts.thresholdP99), throughputDecreasePct: pct('--threshold-throughput', opts.thresholdThroughput) };
      let result;
      try {
        result = compareRuns(experimentsRoot(opts.output), ids, { thresholds, write: opts.write });
      } catch (e) {
        if (e instanceof CompareInputError) throw new CliError(e.message, EXIT.badInput);
        throw e;
      }
      const { comparison, files } = result;
      if (opts.json) process.stdout.write(JSON.stringify({ ...comparison, files }) + '\n');
      else process.stdout.write(renderComparison(comparison) + (files.length ? `\nwritten: ${files.filter((f) => f.endsWith('.md')).join(', ')} (and .json, .csv)\n` : ''));
      if (comparison.regression) throw new CliError('', EXIT.experimentFailed);
    });
}

export function renderComparison(c: Comparison): string {
  const out = [`baseline ${c.baseline.id} (${c.baseline.status}); thresholds p99 +${c.thresholds.p99IncreasePct} %, throughput -${c.thresholds.throughputDecreasePct} %`];
  for (const r of c.runs) {
    out.push('', `${r.id} (${r.status}): ${r.regressions.length ? 'REGRESSION' : 'pass'}`);
    out.push(
      table(
        r.deltas.map((d) => {
          const m = METRICS.find((x) => x.name === d.metric)!;
          return [`${m.label} (${m.unit})`, String(d.baseline), String(d.value), fmtPct(d.deltaPct), d.regression ? 'REGRESSION' : ''];
        }),
        ['metric', 'baseline', 'run', 'delta', ''],
      ),
    );
    for (const reason of r.regressions) out.push(`  regression: ${reason}`);
  }
  return out.join('\n') + '\n';
}
