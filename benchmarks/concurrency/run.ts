/**
 * `npm run bench:concurrency [-- --n N] [--duration S] [--rate R] [--start-parallel P] [--keep] [--worker-cpu-prof DIR]`: many
 * small experiments on ONE worker. N (default 50) experiments (one redis, one client instance at a
 * constant R requests/s (default 200; 0: closed loop, as fast as it goes) for S seconds (default 3),
 * no warm-up, monitoring off, summary and csv) are started with the real CLI,
 * `node bin/bench.js start RECIPE --json`, P at a time (default 10: each `bench start` is a Node
 * process of its own, and 50 of them at once would only measure the CLI's start-up on 2 cores),
 * against one `bench worker` process on one Temporal dev server, both started here in a temporary
 * BENCH_HOME on a free port, from a built snapshot of the checkout (edits made meanwhile cannot
 * change what is measured). The worker's VmRSS (/proc/PID/status) and utime+stime (/proc/PID/stat)
 * are sampled every 200 ms. Per experiment: wall time from the workflow's start to its close (from
 * Temporal) minus its planned load time (warm-up + duration) is its overhead; its history gives the
 * workflow tasks that timed out (the worker took a task and did not finish it in 10 s). A fixed
 * rate keeps 50 load generators from saturating a 2-core machine, which would measure CPU
 * contention rather than orchestration (--rate 0 measures exactly that). Not a test: it prints
 * figures and ends with one JSON line.
 */
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/activities/free-port';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server';
import { temporalCliPath } from '../../src/temporal/temporal-cli';
import type { ExperimentResult } from '../../src/workflows/types';

const ROOT = path.join(__dirname, '..', '..');
const flag = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  const v = i > 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const N = Math.round(flag('--n', 50));
const DURATION_S = flag('--duration', 3);
const START_PARALLEL = Math.round(flag('--start-parallel', 10));
const RATE = process.argv.includes('--rate') ? Number(process.argv[process.argv.indexOf('--rate') + 1]) : 200;
const KEEP = process.argv.includes('--keep');
/** --worker-cpu-prof DIR: the worker runs under `node --cpu-prof` (one profile per thread, written when it stops). */
const WORKER_PROF = process.argv.includes('--worker-cpu-prof') ? path.resolve(process.argv[process.argv.indexOf('--worker-cpu-prof') + 1]) : undefined;
const SAMPLE_MS = 200;
const GOAL = { completedWithoutError: N };
const say = (line: string) => process.stdout.write(`${line}\n`);
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const CLK_TCK = 100;

const recipe = `name: concurrency
backend: local
services:
  - name: redis
    kind: redis
workload:
  clients:
    - name: load
      driver: redis
      target: redis
      instances: 1
      executor: ${RATE > 0 ? `{type: constant-arrival-rate, rate: ${RATE}, connections: 2}` : '{type: closed-loop, connections: 2}'}
      warmup: 0s
      duration: ${DURATION_S}s
monitoring:
  enabled: false
reporting:
  formats: [summary, csv]
`;
const PLANNED_LOAD_S = DURATION_S;

interface Checkout {
  dir: string;
  bench: string;
  home: string;
  env: NodeJS.ProcessEnv;
}

/** A built copy of the checkout (src/, bin/, builder; node_modules and tools/ linked) and a BENCH_HOME of its own. */
async function snapshot(): Promise<Checkout> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-concurrency-'));
  for (const rel of ['src', 'bin', 'package.json', 'package-lock.json', path.join('scripts', 'build.js'), path.join('scripts', 'build-state.js')]) {
    cpSync(path.join(ROOT, rel), path.join(dir, rel), { recursive: true });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  if (existsSync(path.join(ROOT, 'tools'))) symlinkSync(path.join(ROOT, 'tools'), path.join(dir, 'tools'));
  const built = spawnSync(process.execPath, ['scripts/build.js', '--quiet'], { cwd: dir, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`the build failed:\n${built.stderr}`);
  const home = path.join(dir, 'home');
  mkdirSync(home, { recursive: true });
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BENCH_NO_BUILD: '',
    BENCH_HOME: home,
    BENCH_EXPERIMENTS_DIR: path.join(home, 'experiments'),
    BENCH_TASK_QUEUE: `bench-concurrency-${process.pid}`,
    TEMPORAL_CLI_PATH: temporalCliPath(),
    TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
  };
  return { dir, bench: path.join(dir, 'bin', 'bench.js'), home, env };
}

/** The worker's RSS and CPU seconds, sampled from /proc. */
class ProcSampler {
  peakRssMb = 0;
  cpuS = 0;
  cpuAtMark = 0;
  private timer: NodeJS.Timeout;
  constructor(private pid: number) {
    this.sample();
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
  }
  sample(): void {
    try {
      const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'))?.[1] ?? 0);
      this.peakRssMb = Math.max(this.peakRssMb, rssKb / 1024);
      const f = readFileSync(`/proc/${this.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      // Fields 14 and 15 of stat (utime, stime), counted from the state field (3).
      this.cpuS = (Number(f[11]) + Number(f[12])) / CLK_TCK;
    } catch {
      // the process is gone: keep the last figures
    }
  }
  /** From here on, CPU counts as the run's (start-up, bundle load and first poll excluded). */
  mark(): void {
    this.sample();
    this.cpuAtMark = this.cpuS;
  }
  stop(): void {
    this.sample();
    clearInterval(this.timer);
  }
}

function startWorker(c: Checkout): Promise<{ child: ChildProcess; output: () => string }> {
  const prof = WORKER_PROF ? ['--cpu-prof', `--cpu-prof-dir=${WORKER_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, c.bench, 'worker'], { cwd: c.dir, env: c.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out = (out + d).slice(-200_000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-200_000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the worker did not poll within 120 s:\n${out}`)), 120_000);
    const check = () => {
      if (out.includes('polling')) {
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the worker exited (${code}) before polling:\n${out}`));
    });
  });
}

function benchStart(c: Checkout, file: string, id: string): Promise<{ code: number | null; stderr: string; seconds: number }> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [c.bench, 'start', file, '--json', '--id', id, '--output', path.join(c.home, 'experiments')], { cwd: c.dir, env: c.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.once('close', (code) => resolve({ code, stderr, seconds: (Date.now() - t0) / 1000 }));
  });
}

/** Runs fn over items, at most `parallel` at once. */
async function pooled<T, R>(items: T[], parallel: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

interface Outcome {
  id: string;
  ok: boolean;
  why?: string;
  startedAt: number;
  closedAt: number;
  wallS: number;
  overheadS: number;
  workflowTaskTimeouts: number;
}

async function main(): Promise<void> {
  say(`bench:concurrency: ${N} experiments (redis, 1 client, ${RATE > 0 ? `${RATE} requests/s` : 'closed loop'} for ${DURATION_S}s, monitoring off) on one worker, started ${START_PARALLEL} at a time`);
  say(`on ${readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*: (.*)/)?.[1] ?? 'unknown CPU'} (${cpus().length} cores); load average before: ${loadAverage()}`);
  const c = await snapshot();
  let server: DevServer | undefined;
  let worker: ChildProcess | undefined;
  let sampler: ProcSampler | undefined;
  let connection: Connection | undefined;
  try {
    const address = c.env.TEMPORAL_ADDRESS as string;
    const port = Number(address.split(':')[1]);
    server = await startDevServer({ port, headless: true, stateDir: path.join(c.home, 'temporal') });
    const w = await startWorker(c);
    worker = w.child;
    sampler = new ProcSampler(worker.pid as number);
    const recipeFile = path.join(c.home, 'concurrency.yaml');
    writeFileSync(recipeFile, recipe);
    connection = await Connection.connect({ address });
    const client = new Client({ connection });
    const ids = Array.from({ length: N }, (_, i) => `concurrency-${process.pid}-${String(i).padStart(3, '0')}`);

    sampler.mark();
    const t0 = Date.now();
    const rssAtStart = sampler.peakRssMb;
    const starts = await pooled(ids, START_PARALLEL, (id) => benchStart(c, recipeFile, id));
    const startedAllS = (Date.now() - t0) / 1000;
    const startFailures = starts.map((s, i) => ({ s, id: ids[i] })).filter((x) => x.s.code !== 0);
    for (const f of startFailures) say(`  bench start ${f.id} exited ${f.s.code}: ${f.s.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    say(`all ${N} started in ${round(startedAllS, 1)} s (bench start: median ${round(starts.map((s) => s.seconds).sort((a, b) => a - b)[Math.floor(N / 2)], 2)} s each)`);

    const outcomes: Outcome[] = await Promise.all(
      ids.map(async (id, i): Promise<Outcome> => {
        if (starts[i].code !== 0) return { id, ok: false, why: `bench start exited ${starts[i].code}`, startedAt: NaN, closedAt: NaN, wallS: NaN, overheadS: NaN, workflowTaskTimeouts: 0 };
        const handle = client.workflow.getHandle(id);
        let ok = false;
        let why: string | undefined;
        try {
          const r = (await handle.result()) as ExperimentResult;
          const s = r.summary;
          ok = r.status === 'completed' && s.errors === 0 && s.instances.failed === 0 && s.requests > 0;
          if (!ok) why = `status ${r.status}, ${s.errors} errors, ${s.instances.failed} failed instances, ${s.requests} requests`;
        } catch (e) {
          why = e instanceof WorkflowFailedError ? `failed: ${e.cause?.message ?? e.message}` : (e as Error).message;
        }
        const d = await handle.describe();
        const startedAt = d.startTime.getTime();
        const closedAt = (d.closeTime ?? new Date()).getTime();
        const wallS = (closedAt - startedAt) / 1000;
        const history = await handle.fetchHistory();
        const workflowTaskTimeouts = (history.events ?? []).filter((e) => e.workflowTaskTimedOutEventAttributes).length;
        return { id, ok, why, startedAt, closedAt, wallS, overheadS: wallS - PLANNED_LOAD_S, workflowTaskTimeouts };
      }),
    );
    const allDoneS = (Date.now() - t0) / 1000;
    sampler.stop();

    const completed = outcomes.filter((o) => o.ok).length;
    for (const o of outcomes.filter((x) => !x.ok)) say(`  ${o.id}: ${o.why}`);
    const timed = outcomes.filter((o) => Number.isFinite(o.wallS));
    const slowest = timed.reduce((a, b) => (b.overheadS > a.overheadS ? b : a), timed[0]);
    const overheads = timed.map((o) => o.overheadS).sort((a, b) => a - b);
    // Most experiments running at once: workflow start/close intervals overlapping.
    const edges = timed.flatMap((o) => [
      [o.startedAt, 1],
      [o.closedAt, -1],
    ]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let running = 0;
    let peakRunning = 0;
    for (const [, d] of edges) peakRunning = Math.max(peakRunning, (running += d));
    const workerCpuS = sampler.cpuS - sampler.cpuAtMark;

    say(`\n${completed}/${N} completed without error in ${round(allDoneS, 1)} s from the first \`bench start\` (at most ${peakRunning} running at once)`);
    say(`worker: peak RSS ${round(sampler.peakRssMb, 1)} MB (${round(rssAtStart, 1)} MB idle before), CPU ${round(workerCpuS, 1)} s (user + system, from the first start to the last close; ${round(sampler.cpuS, 1)} s since it started)`);
    say(`overhead (workflow wall time minus ${PLANNED_LOAD_S} s of planned load): median ${round(overheads[Math.floor(overheads.length / 2)] ?? NaN)} s, slowest ${round(slowest?.overheadS ?? NaN)} s (${slowest?.id})`);
    const taskTimeouts = timed.reduce((n, o) => n + o.workflowTaskTimeouts, 0);
    say(`workflow tasks timed out: ${taskTimeouts} (in ${timed.filter((o) => o.workflowTaskTimeouts > 0).length} experiments)`);
    say(`load average after: ${loadAverage()} (on ${cpus().length} cores)`);

    const summary = {
      experiments: N,
      load_s: DURATION_S,
      rate: RATE > 0 ? RATE : 'closed-loop',
      start_parallel: START_PARALLEL,
      cores: cpus().length,
      completed_without_error: completed,
      peak_running: peakRunning,
      all_done_s: round(allDoneS, 1),
      worker_peak_rss_mb: round(sampler.peakRssMb, 1),
      worker_idle_rss_mb: round(rssAtStart, 1),
      worker_cpu_s: round(workerCpuS, 1),
      workflow_task_timeouts: taskTimeouts,
      overhead_s: { median: round(overheads[Math.floor(overheads.length / 2)] ?? NaN), slowest: round(slowest?.overheadS ?? NaN), slowest_id: slowest?.id ?? null },
      load_average_after: loadAverage(),
      goals: { completed_without_error: GOAL.completedWithoutError },
      goals_met: { completed_without_error: completed === GOAL.completedWithoutError },
    };
    say(JSON.stringify(summary));
    if (completed !== N) say(`worker output (last lines):\n${w.output().split('\n').slice(-40).join('\n')}`);
  } finally {
    sampler?.stop();
    await connection?.close();
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker!.once('exit', r));
      worker.kill('SIGTERM');
      const t = setTimeout(() => worker!.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(t);
    }
    await server?.stop();
    if (KEEP) say(`kept ${c.dir}`);
    else rmSync(c.dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench:concurrency failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
