/** Runs the real `bench` program as a user would, in its own process. */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from './wait-for';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BENCH = path.join(ROOT, 'bin', 'bench.js');

export interface Sandbox {
  /** State folder (local backend handles, journal) and experiments folder of this test. */
  home: string;
  experiments: string;
  taskQueue: string;
  env: NodeJS.ProcessEnv;
}

export function sandbox(name: string, extraEnv: NodeJS.ProcessEnv = {}): Sandbox {
  const home = mkdtempSync(path.join(os.tmpdir(), `bench-${name}-`));
  const taskQueue = `test-${name}-${Date.now()}`;
  const experiments = path.join(home, 'experiments');
  return { home, experiments, taskQueue, env: { ...process.env, BENCH_HOME: home, BENCH_TASK_QUEUE: taskQueue, BENCH_EXPERIMENTS_DIR: experiments, ...extraEnv } };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runBench(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 180_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BENCH, ...args], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bench ${args.join(' ')} did not finish within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface WorkerProcess {
  process: ChildProcess;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** `bench worker` as a separate process, ready once it says it polls. */
export async function startWorkerProcess(env: NodeJS.ProcessEnv): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [BENCH, 'worker'], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await waitFor('the worker to poll', () => {
    if (child.exitCode !== null) throw new Error(`worker exited: ${out}`);
    return out.includes('polling');
  }, 60_000);
  return {
    process: child,
    output: () => out,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
