/**
 * `npm run bench:orchestration [-- --runs N] [--shared-server | --standing-worker]`: what bench costs around the load it
 * measures. A minimal experiment (one redis, one client instance for 3 s, no warm-up) runs N times
 * (default 3) with monitoring off, then N times with monitoring on (Prometheus, scrape 1 s, and a
 * report.pdf), each through the real CLI, `node bin/bench.js run RECIPE --json`, as a user runs it:
 * the CLI starts its own Temporal dev server (in a temporary BENCH_HOME, on a free port) and an
 * in-process worker. Measured per run: from spawning `bench run` to the first measured second (the
 * earliest per-second sample of the client's result file) and from the end of the last measured
 * second to the exit of `bench run`, split by phase from the workflow's history (activity
 * scheduled/closed times; read afterwards from the same SQLite file). With --shared-server one dev
 * server, started here, serves every run (the CLI's server start is then left out). --standing-worker
 * adds a `bench worker` started here on that server, as a cluster's users run one: `bench run` then
 * is a thin client, and its in-process worker's start is left out too. --overlay DIR
 * copies DIR's files over the snapshot before it is built (e.g. earlier sources, to measure a before).
 * Not a test: it prints a table and ends with one JSON line.
 */
import { Client, Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server';
import { buildIsFresh, snapshotCheckout, type Checkout } from './checkout';
import { timedHistory } from './history';
import { measuredWindow } from './outputs';
import { PHASES, splitByPhase, type PhaseName } from './phases';

const arg = (name: string) => process.argv.indexOf(name);
const RUNS = Number(process.argv[arg('--runs') + 1]) || 3;
const STANDING = arg('--standing-worker') > 0;
const SHARED = STANDING || arg('--shared-server') > 0;
const GOALS = { beforeLoadS: 1, afterLoadS: 1, reportDelayS: 1 };
/** --overlay DIR: files copied over the snapshot before it is built (a variant to compare). */
const OVERLAY = process.argv.includes('--overlay') ? path.resolve(process.argv[process.argv.indexOf('--overlay') + 1]) : undefined;
const say = (line: string) => process.stdout.write(`${line}\n`);
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

type Variant = 'monitoring-off' | 'monitoring-on';

function recipe(variant: Variant): string {
  const on = variant === 'monitoring-on';
  return `name: orchestration-${variant}
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
      executor: {type: closed-loop, connections: 4}
      duration: 3s
monitoring:
  enabled: ${on}
${on ? '  scrapeInterval: 1s\n' : ''}reporting:
  formats: [summary, csv${on ? ', pdf' : ''}]
`;
}

interface Run {
  variant: Variant;
  id: string;
  folder: string;
  spawnedAt: number;
  exitedAt: number;
  code: number | null;
  stderr: string;
}

function benchRun(c: Checkout, file: string, id: string, variant: Variant): Promise<Run> {
  return new Promise((resolve, reject) => {
    const spawnedAt = Date.now();
    const child = spawn(process.execPath, [c.bench, 'run', file, '--json', '--id', id, '--output', path.join(c.home, 'experiments')], { cwd: c.dir, env: c.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.once('error', reject);
    child.once('close', (code) => {
      const exitedAt = Date.now();
      clearTimeout(timer);
      let folder = '';
      try {
        folder = (JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { folder?: string }).folder ?? '';
      } catch {
        // reported below
      }
      resolve({ variant, id, folder, spawnedAt, exitedAt, code, stderr });
    });
  });
}

/** `bench worker` in the checkout, on the benchmark's server; resolves once it polls the task queue. */
async function standingWorker(c: Checkout): Promise<ChildProcess> {
  const child = spawn(process.execPath, [c.bench, 'worker'], { cwd: c.dir, env: c.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const connection = await Connection.connect({ address: `127.0.0.1:${c.port}` });
  try {
    const queue = c.env.BENCH_TASK_QUEUE ?? 'bench';
    for (const deadline = Date.now() + 60_000; ; ) {
      if (child.exitCode !== null) throw new Error(`bench worker exited ${child.exitCode}:\n${out}`);
      const res = await connection.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: queue }, taskQueueType: 1 });
      if (res.pollers?.length) return child;
      if (Date.now() > deadline) throw new Error(`bench worker did not poll task queue ${queue} within 60 s:\n${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await connection.close();
  }
}

async function main(): Promise<void> {
  say(`bench:orchestration, ${RUNS} run(s) per variant, ${cpus().length} cores; load average before: ${loadAverage()}`);
  const c = await snapshotCheckout('orchestration', OVERLAY);
  const { home, port } = c;
  let server: DevServer | undefined;
  let worker: ChildProcess | undefined;
  const runs: Run[] = [];
  try {
    if (SHARED) server = await startDevServer({ port, ip: '127.0.0.1', headless: true, stateDir: home });
    if (STANDING) worker = await standingWorker(c);
    // Unmeasured: the first run bundles the workflow code into BENCH_HOME (once per source version, as in daily use).
    const warm = path.join(home, 'recipes', 'warm-up.yaml');
    writeFileSync(warm, recipe('monitoring-on'));
    const w = await benchRun(c, warm, `orch-warm-up-${Date.now()}`, 'monitoring-on');
    if (w.code !== 0) throw new Error(`the warm-up bench run exited ${w.code}:\n${w.stderr}`);
    say(`  warm-up run (bundles the workflow code): ${((w.exitedAt - w.spawnedAt) / 1000).toFixed(2)} s`);
    for (const variant of ['monitoring-off', 'monitoring-on'] as Variant[]) {
      for (let i = 0; i < RUNS; i++) {
        const file = path.join(home, 'recipes', `${variant}-${i}.yaml`);
        writeFileSync(file, recipe(variant));
        const r = await benchRun(c, file, `orch-${variant}-${i}-${Date.now()}`, variant);
        if (r.code !== 0 || !r.folder) throw new Error(`bench run (${variant} #${i}) exited ${r.code}:\n${r.stderr}`);
        say(`  ${variant} #${i + 1}: ${((r.exitedAt - r.spawnedAt) / 1000).toFixed(2)} s from spawn to exit`);
        runs.push(r);
      }
    }
    // Histories: from the server that served the runs (the CLI's own servers stopped with each run: the same SQLite file again).
    server ??= await startDevServer({ port, ip: '127.0.0.1', headless: true, stateDir: home });
    const connection = await Connection.connect({ address: `127.0.0.1:${port}` });
    const client = new Client({ connection });
    const rows: { variant: Variant; before: Record<PhaseName, number>; after: Record<PhaseName, number>; beforeS: number; afterS: number; loadS: number; reportDelayS: number }[] = [];
    for (const r of runs) {
      const h = await timedHistory(client, r.id);
      const w = measuredWindow(r.folder);
      const split = splitByPhase(h, { spawnedAt: r.spawnedAt, exitedAt: r.exitedAt, ...w });
      rows.push({ variant: r.variant, ...split, beforeS: (w.firstMeasuredAt - r.spawnedAt) / 1000, afterS: (r.exitedAt - w.lastMeasuredEndAt) / 1000, loadS: (w.lastMeasuredEndAt - w.firstMeasuredAt) / 1000 });
    }
    await connection.close();

    const figures: Record<string, unknown> = {};
    for (const variant of ['monitoring-off', 'monitoring-on'] as Variant[]) {
      const mine = rows.filter((r) => r.variant === variant);
      const med = (f: (r: (typeof mine)[number]) => number) => round(median(mine.map(f)));
      const before = Object.fromEntries(PHASES.map((p) => [p, med((r) => r.before[p])]).filter(([, v]) => v !== 0));
      const after = Object.fromEntries(PHASES.map((p) => [p, med((r) => r.after[p])]).filter(([, v]) => v !== 0));
      figures[variant] = {
        before_load_s: med((r) => r.beforeS),
        after_load_s: med((r) => r.afterS),
        // Without the CLI's own start (dev server, in-process worker) and exit (worker and server stop): the workflow's part.
        workflow_before_load_s: med((r) => r.beforeS - r.before.cli),
        workflow_after_load_s: med((r) => r.afterS - r.after.exit), load_s: med((r) => r.loadS), report_delay_s: med((r) => r.reportDelayS), before_by_phase_s: before, after_by_phase_s: after, runs_before_s: mine.map((r) => round(r.beforeS)), runs_after_s: mine.map((r) => round(r.afterS)) };
      say(`\n${variant}: medians of ${mine.length} (seconds; phases running in parallel each count their own time)`);
      say(`  ${'phase'.padEnd(14)}${'before load'.padStart(12)}${'after load'.padStart(12)}`);
      for (const p of PHASES) {
        const b = (before[p] as number | undefined) ?? 0;
        const a = (after[p] as number | undefined) ?? 0;
        if (b || a) say(`  ${p.padEnd(14)}${b.toFixed(2).padStart(12)}${a.toFixed(2).padStart(12)}`);
      }
      say(`  ${'total'.padEnd(14)}${med((r) => r.beforeS).toFixed(2).padStart(12)}${med((r) => r.afterS).toFixed(2).padStart(12)}   (load ${med((r) => r.loadS).toFixed(2)} s; report.pdf delayed the close by ${med((r) => r.reportDelayS).toFixed(2)} s)`);
      say(`  ${'without cli/exit'.padEnd(14)}${med((r) => r.beforeS - r.before.cli).toFixed(2).padStart(12)}${med((r) => r.afterS - r.after.exit).toFixed(2).padStart(12)}   (the workflow's part)`);
    }
    const off = figures['monitoring-off'] as { before_load_s: number; after_load_s: number };
    const on = figures['monitoring-on'] as { before_load_s: number; after_load_s: number; report_delay_s: number };
    const summary = {
      benchmark: 'orchestration',
      runs: RUNS,
      cores: cpus().length,
      server: SHARED ? 'shared (started by the benchmark)' : 'started by each bench run',
      worker: STANDING ? 'standing `bench worker` (started by the benchmark)' : 'in-process, started by each bench run',
      load_average_after: loadAverage(),
      build_fresh_throughout: buildIsFresh(c),
      figures,
      goals: { monitoring_off_before_load_s: GOALS.beforeLoadS, monitoring_off_after_load_s: GOALS.afterLoadS, monitoring_on_report_delay_s: GOALS.reportDelayS },
      goals_met: {
        monitoring_off_before_load_s: off.before_load_s <= GOALS.beforeLoadS,
        monitoring_off_after_load_s: off.after_load_s <= GOALS.afterLoadS,
        monitoring_on_report_delay_s: on.report_delay_s <= GOALS.reportDelayS,
      },
    };
    say(`\nload average after: ${summary.load_average_after}`);
    say(JSON.stringify(summary));
  } finally {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await new Promise((r) => worker!.once('exit', r));
    }
    await server?.stop();
    rmSync(c.dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench:orchestration failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
