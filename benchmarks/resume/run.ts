/**
 * `npm run bench:resume [-- --phases deploying,ready,load,collecting]`: how soon an experiment goes
 * on after its worker dies. For each phase an experiment runs on a separate `bench worker` process
 * (started with `bench start`, as a user does with a standing worker); when the experiment is in that
 * phase the worker is killed with SIGKILL and a new `bench worker` is spawned at once. Measured: from
 * the new worker's spawn to the first ActivityTaskStarted of that experiment after it (from the
 * workflow's history once the experiment has ended: Temporal writes a retried activity's started
 * event when the attempt closes, with the attempt's start time). Also printed: the activity that was
 * running at the kill, from the kill to that start, and the new worker's own start-up (spawn to
 * polling). The experiment must still complete. Runs on a snapshot of the checkout with its own
 * Temporal dev server (--overlay DIR: files copied over the snapshot, e.g. an earlier policies.ts).
 * Not a test: it prints a table and ends with one JSON line.
 */
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/activities/free-port';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server';
import type { ExperimentProgress } from '../../src/workflows/types';
import { buildIsFresh, snapshotCheckout, type Checkout } from '../orchestration/checkout';
import { timedHistory } from '../orchestration/history';

const GOAL_S = 10;
const ALL = ['deploying', 'ready', 'load', 'collecting'] as const;
type Phase = (typeof ALL)[number];
const arg = process.argv.indexOf('--phases');
const PHASES = (arg > 0 ? process.argv[arg + 1].split(',') : [...ALL]) as Phase[];
/** --overlay DIR: files copied over the snapshot before it is built (a variant to compare). */
const OVERLAY = process.argv.includes('--overlay') ? path.resolve(process.argv[process.argv.indexOf('--overlay') + 1]) : undefined;
const say = (line: string) => process.stdout.write(`${line}\n`);
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A redis that takes 5 s to come up (so the readiness wait can be caught), 8 s of load, a report.pdf (so collecting lasts). */
const recipe = (port: number) => `name: resume
backend: local
services:
  - name: slow-redis
    kind: command
    command: [sh, -c, 'sleep 5; exec redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no']
    env: {PORT: "${port}"}
    ports: {main: ${port}}
    healthCheck: {interval: 500ms, timeout: 2m}
workload:
  clients:
    - name: load
      driver: redis
      target: slow-redis
      instances: 1
      executor: {type: closed-loop, connections: 2}
      duration: 8s
reporting:
  formats: [summary, csv, pdf]
`;

interface Worker {
  child: ChildProcess;
  spawnedAt: number;
  pollingAt: number;
}

async function startWorker(c: Checkout): Promise<Worker> {
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, [c.bench, 'worker'], { cwd: c.dir, env: c.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      if (out.includes('polling')) resolve({ child, spawnedAt, pollingAt: Date.now() });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`bench worker exited (${code}) before polling:\n${out}`)));
  });
}

function killWorker(w: Worker, signal: NodeJS.Signals): Promise<void> {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((r) => w.child.once('exit', () => r()));
  w.child.kill(signal);
  return exited;
}

function benchStart(c: Checkout, file: string, id: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [c.bench, 'start', file, '--id', id, '--output', path.join(c.home, 'experiments')], { cwd: c.dir, env: c.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`bench start exited ${code}:\n${err}`))));
  });
}

/** Polls until the experiment is where the phase's kill belongs; returns the activities running then. */
async function waitForPhase(handle: WorkflowHandle, phase: Phase): Promise<string[]> {
  const deadline = Date.now() + 180_000;
  let readySince: number | undefined;
  let loadSince: number | undefined;
  for (;;) {
    if (Date.now() > deadline) throw new Error(`the experiment never reached phase ${phase}`);
    const [p, d] = await Promise.all([handle.query<ExperimentProgress>('progress').catch(() => undefined), handle.describe()]);
    const pending = (d.raw.pendingActivities ?? []).map((a) => a.activityType?.name ?? '?');
    if (d.status.name !== 'RUNNING') throw new Error(`the experiment ended (${d.status.name}) before phase ${phase}`);
    if (p) {
      if (phase === 'deploying' && p.phase === 'deploying') return pending;
      if (phase === 'ready' && pending.includes('awaitServiceReady')) {
        readySince ??= Date.now();
        // Well inside the wait (the service takes 5 s): the step has heartbeated and is mid-poll.
        if (Date.now() - readySince > 2000) return pending;
      }
      if (phase === 'load' && p.phase === 'running' && p.clients.running > 0) {
        loadSince ??= Date.now();
        if (Date.now() - loadSince > 2500) return pending;
      }
      if (phase === 'collecting' && (p.phase === 'collecting' || p.phase === 'tearing-down')) return pending;
    }
    await pause(50);
  }
}

interface Row {
  phase: Phase;
  runningAtKill: string[];
  resumedActivity: string;
  resumeS: number;
  fromKillS: number;
  workerStartS: number;
  /** New worker's spawn to the first workflow task started after the kill: when the workflow itself moved on. */
  workflowTaskS?: number;
  status: string;
}

async function main(): Promise<void> {
  say(`bench:resume, phases ${PHASES.join(', ')}, ${cpus().length} cores; load average before: ${loadAverage()}`);
  const c = await snapshotCheckout('resume', OVERLAY);
  let server: DevServer | undefined;
  let worker: Worker | undefined;
  const rows: Row[] = [];
  try {
    server = await startDevServer({ port: c.port, ip: '127.0.0.1', headless: true, stateDir: c.home });
    const connection = await Connection.connect({ address: `127.0.0.1:${c.port}` });
    const client = new Client({ connection });
    // The first worker bundles the workflow code into BENCH_HOME (once per source version); later ones reuse it.
    worker = await startWorker(c);
    say(`  first worker polling after ${((worker.pollingAt - worker.spawnedAt) / 1000).toFixed(2)} s (bundles the workflow code)`);
    for (const phase of PHASES) {
      const file = path.join(c.home, 'recipes', `resume-${phase}.yaml`);
      writeFileSync(file, recipe(await freePort()));
      const id = `resume-${phase}-${Date.now()}`;
      await benchStart(c, file, id);
      const handle = client.workflow.getHandle(id);
      const runningAtKill = await waitForPhase(handle, phase);
      const killedAt = Date.now();
      await killWorker(worker, 'SIGKILL');
      worker = await startWorker(c);
      const result = (await handle.result()) as { status: string };
      const h = await timedHistory(client, id);
      const next = h.activityStarts.filter((s) => s.at >= killedAt).sort((a, b) => a.at - b.at)[0];
      if (!next) throw new Error(`${phase}: no activity started after the kill`);
      const row: Row = {
        phase,
        runningAtKill,
        resumedActivity: `${next.type} (attempt ${next.attempt})`,
        resumeS: (next.at - worker.spawnedAt) / 1000,
        fromKillS: (next.at - killedAt) / 1000,
        workerStartS: (worker.pollingAt - worker.spawnedAt) / 1000,
        ...(h.workflowTaskStarts.some((t) => t >= killedAt) ? { workflowTaskS: (h.workflowTaskStarts.find((t) => t >= killedAt)! - worker.spawnedAt) / 1000 } : {}),
        status: result.status,
      };
      rows.push(row);
      say(`  ${phase}: killed during ${runningAtKill.join(', ') || 'a workflow task'}; ${row.resumedActivity} started ${row.resumeS.toFixed(2)} s after the new worker's spawn (${row.fromKillS.toFixed(2)} s after the kill; the worker polled after ${row.workerStartS.toFixed(2)} s; the first workflow task after the kill ${row.workflowTaskS?.toFixed(2) ?? '-'} s); ${row.status}`);
    }
    await connection.close();

    say(`\n  ${'phase'.padEnd(12)}${'killed during'.padEnd(22)}${'resumed with'.padEnd(32)}${'new worker -> start'.padStart(20)}${'kill -> start'.padStart(15)}${'-> workflow task'.padStart(18)}`);
    for (const r of rows) say(`  ${r.phase.padEnd(12)}${(r.runningAtKill.join(',') || '-').padEnd(22)}${r.resumedActivity.padEnd(32)}${`${r.resumeS.toFixed(2)} s`.padStart(20)}${`${r.fromKillS.toFixed(2)} s`.padStart(15)}${(r.workflowTaskS === undefined ? '-' : `${r.workflowTaskS.toFixed(2)} s`).padStart(18)}`);
    const summary = {
      benchmark: 'resume',
      cores: cpus().length,
      load_average_after: loadAverage(),
      build_fresh_throughout: buildIsFresh(c),
      figures: Object.fromEntries(rows.map((r) => [r.phase, { resume_s: round(r.resumeS), from_kill_s: round(r.fromKillS), worker_start_s: round(r.workerStartS), first_workflow_task_s: r.workflowTaskS === undefined ? null : round(r.workflowTaskS), killed_during: r.runningAtKill, resumed_with: r.resumedActivity, status: r.status }])),
      goals: { resume_s: GOAL_S },
      goals_met: Object.fromEntries(rows.map((r) => [r.phase, r.resumeS <= GOAL_S && r.status === 'completed'])),
    };
    say(`\nload average after: ${summary.load_average_after}`);
    say(JSON.stringify(summary));
  } finally {
    if (worker) await killWorker(worker, 'SIGTERM');
    await server?.stop();
    rmSync(c.dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench:resume failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
