import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { parseClientSpec, runClient } from '../../clients/runner';
import { CliError, EXIT } from '../exit-codes';

export function registerClient(program: Command): void {
  program
    .command('client')
    .description('run one load-client instance from a spec file (what backends launch on nodes and pods)')
    .requiredOption('--spec <file>', 'client spec JSON')
    .requiredOption('--out <file>', 'where to write the result JSON')
    .action(async (opts: { spec: string; out: string }) => {
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
