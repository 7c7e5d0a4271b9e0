import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpus } from 'node:os';
import type { ClientResult } from '../../src/clients/results/result-file';
import type { ClientSpecInput } from '../../src/clients/spec';

const ROOT = join(__dirname, '..', '..');
export const workDir = mkdtempSync(join(tmpdir(), 'bench-clients-'));

/**
 * Server on core 0, load generators on core 1, when there are two cores and taskset, and the
 * machine is otherwise quiet: with other work running, a pinned process cannot move off a busy
 * core and the figures get worse, not steadier. --pin / --no-pin decide instead.
 */
export const loadAverage = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
const QUIET_LOAD = 1.5;
export const canPin =
  cpus().length >= 2 &&
  existsSync('/usr/bin/taskset') &&
  !process.argv.includes('--no-pin') &&
  (process.argv.includes('--pin') || loadAverage() < QUIET_LOAD);
export const SERVER_CORE = 0;
export const CLIENT_CORE = 1;

/** Pins a running process and its threads (and, for nginx, its workers) to one core. */
export function pin(pid: number, core: number): void {
  if (!canPin) return;
  const children = (() => {
    try {
      return execFileSync('pgrep', ['-P', String(pid)]).toString().trim().split('\n').filter(Boolean).map(Number);
    } catch {
      return [];
    }
  })();
  for (const p of [pid, ...children]) execFileSync('taskset', ['-a', '-p', '-c', String(core), String(p)], { stdio: 'ignore' });
}

/** argv prefixed with taskset for the client core. */
export function onClientCore(argv: string[]): string[] {
  return canPin ? ['taskset', '-c', String(CLIENT_CORE), ...argv] : argv;
}

/** utime + stime of a process in seconds, from /proc (taskset execs, so it is the tool's own). */
function cpuSeconds(pid: number): number | undefined {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return undefined;
  }
}

export function run(argv: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string; cpuSeconds: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let cpu = 0;
    const sampler = setInterval(() => (cpu = cpuSeconds(child.pid as number) ?? cpu), 100);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      clearInterval(sampler);
      if (code === 0) resolve({ stdout, stderr, cpuSeconds: cpu });
      else reject(new Error(`${argv.join(' ')} exited ${code}:\n${stderr.slice(-3000)}`));
    });
  });
}

let n = 0;
let profileDir: string | undefined;

/** From now on, our client processes run with `node --cpu-prof`, writing DIR/<tag>-<n>.cpuprofile. */
export function profileInto(dir: string): void {
  profileDir = dir;
}

/**
 * Runs one client instance (ours or an external-tool driver) in its own pinned process. `tag`
 * names our own client's runs (http, redis): with `profileInto`, those are profiled.
 */
export async function runClientProcess(
  spec: Omit<ClientSpecInput, 'experiment' | 'instance'>,
  timeoutMs: number,
  tag?: string,
): Promise<{ result: ClientResult; peakRssMb: number; rssMbSamples: number[]; profile?: string }> {
  const id = `c${n++}`;
  const specFile = join(workDir, `${id}.spec.json`);
  const outFile = join(workDir, `${id}.result.json`);
  writeFileSync(specFile, JSON.stringify({ experiment: 'bench-clients', instance: id, ...spec }));
  const profile = profileDir && tag ? `${tag}-${id}.cpuprofile` : undefined;
  const prof = profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${profile}`] : [];
  const { stdout } = await run(onClientCore([process.execPath, ...prof, '-r', 'tsx/cjs', join(__dirname, 'client-process.ts'), specFile, outFile]), timeoutMs);
  const last = JSON.parse(stdout.trim().split('\n').pop() as string);
  const { readResultFile } = await import('../../src/clients/results/result-reader');
  return { result: readResultFile(outFile), ...last, ...(profile ? { profile: join(profileDir as string, profile) } : {}) };
}

export function ratePerSec(r: ClientResult): number {
  return r.durationMs > 0 ? (r.counters.ok * 1000) / r.durationMs : 0;
}
