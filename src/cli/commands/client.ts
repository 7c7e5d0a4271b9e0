import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { parseClientSpec, runClient } from '../../clients/runner';
import { CliError, EXIT } from '../exit-codes';

export function registerClient(program: Command): void {
  program
    .command('client')
    .description('run one load-client instance from a spec file (what backends launch on nodes and pods)')
    .requiredOption('--spec <file>', 'client spec JSON; {rank} is replaced by this task\'s rank (SLURM_PROCID or BENCH_CLIENT_RANK)')
    .requiredOption('--out <file>', 'where to write the result JSON; {rank} as for --spec')
    .action(async (given: { spec: string; out: string }) => {
      const opts = { spec: withRank(given.spec), out: withRank(given.out) };
      let spec;
      try {
        spec = parseClientSpec(JSON.parse(readFileSync(opts.spec, 'utf8')));
      } catch (e) {
        throw new CliError(`client spec ${opts.spec}: ${(e as Error).message}`, EXIT.badInput);
      }
      const abort = new AbortController();
      const stop = () => abort.abort();
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      const result = await runClient(spec, opts.out, { signal: abort.signal });
      process.stderr.write(`${spec.instance}: ${result.counters.requests} requests, ${result.counters.errors} errors in ${result.durationMs} ms\n`);
    });
}

/** One task of a multi-task job (srun) picks its own instance's files by its rank. */
function withRank(file: string): string {
  if (!file.includes('{rank}')) return file;
  const rank = process.env.SLURM_PROCID ?? process.env.BENCH_CLIENT_RANK;
  if (rank === undefined || !/^\d+$/.test(rank)) {
    throw new CliError(`${file} names {rank}, but neither SLURM_PROCID nor BENCH_CLIENT_RANK is set to a task rank`, EXIT.badInput);
  }
  return file.split('{rank}').join(rank);
}
