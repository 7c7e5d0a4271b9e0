/**
 * A snapshot of the checkout to run `bench` from (src/, bin/, the builder, package files; node_modules
 * and tools/ linked), built there once: edits others make meanwhile can neither change nor stale
 * what is measured (a stale build/ would silently run every `bench client` through tsx). Also a
 * temporary BENCH_HOME on a Temporal port of its own, so no other session's server or worker is used.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/activities/free-port';
import { temporalCliPath } from '../../src/temporal/temporal-cli';

export const ROOT = path.join(__dirname, '..', '..');

export interface Checkout {
  dir: string;
  bench: string;
  home: string;
  port: number;
  env: NodeJS.ProcessEnv;
}

/** `overlay`: a folder whose files replace the snapshot's (e.g. an earlier src/workflows/policies.ts, to measure a before). */
export async function snapshotCheckout(name: string, overlay?: string): Promise<Checkout> {
  const dir = mkdtempSync(path.join(tmpdir(), `bench-${name}-`));
  for (const rel of ['src', 'bin', 'package.json', 'package-lock.json', path.join('scripts', 'build.js'), path.join('scripts', 'build-state.js')]) {
    cpSync(path.join(ROOT, rel), path.join(dir, rel), { recursive: true });
  }
  if (overlay) cpSync(overlay, dir, { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  if (existsSync(path.join(ROOT, 'tools'))) symlinkSync(path.join(ROOT, 'tools'), path.join(dir, 'tools'));
  const built = spawnSync(process.execPath, ['scripts/build.js', '--quiet'], { cwd: dir, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`the build failed:\n${built.stderr}`);
  const home = path.join(dir, 'home');
  mkdirSync(path.join(home, 'recipes'), { recursive: true });
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BENCH_NO_BUILD: '',
    BENCH_HOME: home,
    BENCH_EXPERIMENTS_DIR: path.join(home, 'experiments'),
    BENCH_TASK_QUEUE: `bench-${name}-${process.pid}`,
    TEMPORAL_CLI_PATH: temporalCliPath(),
    // A port of its own; a localhost address still lets `bench run` start a dev server there.
    TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
  };
  return { dir, bench: path.join(dir, 'bin', 'bench.js'), home, port, env };
}

/** Whether the snapshot's build/ is still fresh (bin/bench.js runs it, not tsx). */
export function buildIsFresh(c: Checkout): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildState } = require(path.join(c.dir, 'scripts', 'build-state.js')) as { buildState(root?: string): string };
  return buildState(c.dir) === 'fresh';
}
