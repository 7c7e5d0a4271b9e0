import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startProcess } from './child-process';
import { freePort } from './free-port';
import type { RunningServer } from './running-server';
import { GaveUp, waitUntil } from './wait-until';

/** The Debian PostgreSQL binaries (initdb, postgres), newest major first. */
export function postgresqlBinDir(): string {
  const base = '/usr/lib/postgresql';
  const majors = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  const dir = majors.map((m) => join(base, m, 'bin')).find((d) => existsSync(join(d, 'postgres')));
  if (!dir) throw new Error('PostgreSQL is not installed: apt-get install -y --no-install-recommends postgresql (or BENCH_SETUP_EXTRAS=test bash scripts/setup.sh)');
  return dir;
}

/** As root, PostgreSQL must run as another user: the Debian package's `postgres`. */
function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  };
}

/** A throwaway PostgreSQL cluster on a free loopback port, trust auth for user postgres, no fsync. */
export async function startPostgresql(): Promise<RunningServer> {
  const bin = postgresqlBinDir();
  const host = '127.0.0.1';
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'bench-pg-'));
  const user = runAs();
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid as number);
  const data = join(dir, 'data');
  const init = startProcess(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8'], user);
  const code = await new Promise<number | null>((resolve) => init.child.once('exit', resolve));
  if (code !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (exit ${code}): ${init.output()}`);
  }
  const proc = startProcess(
    join(bin, 'postgres'),
    ['-D', data, '-p', String(port), '-k', dir, '-c', `listen_addresses=${host}`, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    user,
  );
  const stop = async () => {
    await proc.stop(10_000);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(
      `postgresql on ${host}:${port}`,
      async () => {
        if (proc.child.exitCode !== null) throw new GaveUp(`postgres exited: ${proc.output()}`);
        const c = new Client({ host, port, user: 'postgres', database: 'postgres' });
        try {
          await c.connect();
          await c.query('SELECT 1');
          return true;
        } finally {
          await c.end().catch(() => undefined);
        }
      },
      30_000,
      100,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { host, port, pid: proc.child.pid as number, stop };
}
