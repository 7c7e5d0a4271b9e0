import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import type { SlurmBackendConfig } from '../../src/backends/slurm/config';

/** A port nobody listens on right now (the virtual nodes share this machine's network). */
export { freePort } from '../../src/activities/free-port';

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
  const env: NodeJS.ProcessEnv = { ...process.env, SLURM_CONF: conn.slurmConf };
  delete env.SLURM_JWT;
  const { stdout } = await run(cmd, args, { env, timeout: 30_000 });
  return stdout;
}

/**
 * Runs a bash script as compute node `node` (n1, n2) sees the machine: inside the mount namespace its
 * slurmd runs in (scripts/slurm/node-namespace.sh), where the worker's checkout and /tmp are hidden.
 */
export async function onNode(conn: Connection, node: string, script: string): Promise<string> {
  const pid = (await readFile(path.join(path.dirname(conn.slurmConf), 'run', `slurmd-${node}.pid`), 'utf8')).trim();
  const { stdout } = await run('nsenter', ['-t', pid, '-m', '--', 'bash', '-c', script], { timeout: 30_000 });
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

/** Sends PING over a raw socket; resolves with the reply line, rejects when nothing listens. */
export function redisPing(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host, port });
    sock.setTimeout(2000, () => sock.destroy(new Error('PING timed out')));
    sock.once('error', reject);
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.once('data', (d) => {
      resolve(d.toString().trim());
      sock.end();
    });
  });
}

/** An experiment id no other test run uses, so jobs of parallel runs never collide. */
export function uniqueExperiment(tag: string): string {
  return `t${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}-${tag}`;
}
