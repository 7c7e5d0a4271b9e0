import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Command } from 'commander';
import { SERVICE_KINDS } from '../../services/catalog';
import { PROJECT_ROOT } from '../../temporal/temporal-cli';
import { CliError, EXIT } from '../exit-codes';

export function registerSetup(program: Command): void {
  program
    .command('setup')
    .description('install what service kinds need on this machine (apt packages; pinned builds and venvs cached in ~/.cache/bench, or $BENCH_CACHE)')
    .argument('[kinds...]', `service kinds: ${SERVICE_KINDS.filter((k) => k !== 'command').join(', ')}`)
    .option('--all', 'every kind (cold: about 20 min of builds on 2 cores; warm: seconds)')
    .action((kinds: string[], opts: { all?: boolean }) => {
      if (!opts.all && kinds.length === 0) throw new CliError('name the kinds to set up (e.g. `bench setup llama-cpp s3`) or pass --all', EXIT.badInput);
      const unknown = kinds.filter((k) => !SERVICE_KINDS.includes(k));
      if (unknown.length) throw new CliError(`unknown kind(s) ${unknown.join(', ')}; kinds: ${SERVICE_KINDS.join(', ')}`, EXIT.badInput);
      setupKinds(opts.all ? ['--all'] : kinds);
    });
}

/** Runs the kinds' set-up script (output to the terminal); `command` needs none. */
export function setupKinds(kinds: string[]): void {
  const wanted = kinds.filter((k) => k !== 'command');
  if (wanted.length === 0) return;
  const res = spawnSync('bash', [path.join(PROJECT_ROOT, 'scripts', 'kinds', 'setup.sh'), ...wanted], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (res.status !== 0) throw new CliError(`set-up of ${wanted.join(', ')} failed (exit ${res.status ?? res.signal}); the lines above say why`, EXIT.environment);
}
