import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { SlurmBackendConfig } from '../../src/backends/slurm/config';

const run = promisify(execFile);
const repo = path.resolve(__dirname, '../..');
const stateDir = process.env.BENCH_SLURM_STATE ?? path.join(repo, '.bench/slurm');

export type Connection = SlurmBackendConfig & {
  port: number;
  privateKeyPath: string;
  knownHostsPath: string;
  partition: string;
  slurmConf: string;
};

let started: Promise<Connection> | undefined;

/** Starts the local test cluster (scripts/slurm/up.sh) once per process and returns its connection settings. */
export function ensureSlurmCluster(): Promise<Connection> {
  started ??= (async () => {
    await run('bash', [path.join(repo, 'scripts/slurm/up.sh')], { cwd: repo, timeout: 300_000 });
    return JSON.parse(await readFile(path.join(stateDir, 'connection.json'), 'utf8')) as Connection;
  })();
  return started;
}

/** Runs a SLURM command (scontrol, squeue, sacct...) against the local test cluster, on this machine. */
export async function slurmCli(conn: Connection, cmd: string, args: string[]): Promise<string> {
  const env = { ...process.env, SLURM_CONF: conn.slurmConf };
  delete env.SLURM_JWT;
  const { stdout } = await run(cmd, args, { env, timeout: 30_000 });
  return stdout;
}

/** Polls `check` every 100 ms until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function pollUntil<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Cancels every job whose name starts with `prefix` and waits until none is alive. */
export async function cancelJobsNamed(conn: Connection, prefix: string): Promise<void> {
  const alive = async () =>
    (await slurmCli(conn, 'squeue', ['-h', '-o', '%A %j'])).split('\n').filter((l) => l.split(' ')[1]?.startsWith(prefix));
  const ids = (await alive()).map((l) => l.split(' ')[0]);
  if (ids.length) await slurmCli(conn, 'scancel', ids);
  await pollUntil(`jobs ${prefix}* to leave squeue`, async () => ((await alive()).length ? undefined : true));
}
