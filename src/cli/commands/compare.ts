import type { Command } from 'commander';
import { METRICS, fmtInterval, fmtP, fmtPct, samplingText, verdictText, type Comparison } from '../../reports/compare';
import { compareRuns, CompareInputError } from '../../reports/compare-files';
import { CliError, EXIT } from '../exit-codes';
import { table } from '../format';
import { experimentsRoot } from '../start-experiment';

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description(
      'compare runs with a baseline (the first id): per-metric deltas with 95 % intervals and p-values; a gated metric regresses when its delta is beyond the threshold and significant; exit 1 on a regression (CI gating)',
    )
    .argument('<ids...>', 'baseline id, then one or more run ids; repetitions of one side joined with "+" (base-1+base-2+base-3 run-1+run-2+run-3)')
    .option('--output <dir>', 'experiments folder (default: $BENCH_EXPERIMENTS_DIR, else ./experiments)')
    .option('--threshold-p99 <pct>', "p99 latency increase that counts as a regression (default: the baseline recipe's reporting.thresholds, else 10)")
    .option('--threshold-throughput <pct>', "throughput decrease that counts as a regression (default: the recipe's, else 10)")
    .option('--alpha <p>', "significance level of the tests (default: the baseline recipe's reporting.alpha, else 0.05)")
    .option('--json', 'print the comparison as JSON')
    .option('--no-write', 'do not write reports/compare-<baseline>.{json,md,csv} into the compared runs')
    .action((ids: string[], opts: { output?: string; thresholdP99?: string; thresholdThroughput?: string; alpha?: string; json?: boolean; write: boolean }) => {
      const pct = (name: string, v?: string) => {
        if (v === undefined) return undefined;
        const n = Number(v);
        if (!Number.isFinite(n) || n < 0) throw new CliError(`${name} must be a non-negative number of percent, got "${v}"`, EXIT.badInput);
        return n;
      };
      const thresholds = { p99IncreasePct: pct('--threshold-p99', opts.thresholdP99), throughputDecreasePct: pct('--threshold-throughput', opts.thresholdThroughput) };
      let alpha: number | undefined;
      if (opts.alpha !== undefined) {
        alpha = Number(opts.alpha);
        if (!(alpha > 0 && alpha < 1)) throw new CliError(`--alpha must be a number between 0 and 1 (e.g. 0.05), got "${opts.alpha}"`, EXIT.badInput);
      }
      let result;
      try {
        result = compareRuns(experimentsRoot(opts.output), ids, { thresholds, statistics: { alpha }, write: opts.write });
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

/**
 * The terminal view: per run a table (metric, baseline, run, delta, 95 % interval, p, verdict), e.g.
 * "throughput  1000  877  -12.3 %  [-15.1, -9.8] %  p=0.002  significant → REGRESSION", then the reasons and notes.
 */
export function renderComparison(c: Comparison): string {
  const out = [
    `baseline ${c.baseline.ids.join(' + ')} (${c.baseline.status}); thresholds p99 +${c.thresholds.p99IncreasePct} %, throughput -${c.thresholds.throughputDecreasePct} %; alpha ${c.statistics.alpha}`,
    `rule: ${c.statistics.rule}`,
  ];
  for (const r of c.runs) {
    out.push('', `${r.ids.join(' + ')} (${r.status}): ${r.regressions.length ? 'REGRESSION' : 'pass'}`, `samples: ${samplingText(r)}`);
    out.push(
      table(
        r.deltas.map((d) => {
          const m = METRICS.find((x) => x.name === d.metric)!;
          return [`${m.label} (${m.unit})`, String(d.baseline), String(d.value), fmtPct(d.deltaPct), fmtInterval(d.ci95), fmtP(d.pValue), verdictText(d)];
        }),
        ['metric', 'baseline', 'run', 'delta', '95 % CI', 'p', 'verdict'],
      ),
    );
    for (const reason of r.regressions) out.push(`  regression: ${reason}`);
    for (const note of r.notes) out.push(`  note: ${note}`);
  }
  return out.join('\n') + '\n';
}
