/**
 * Shared pieces of the fault-injection suite: recipes written into the test's sandbox, starting an
 * experiment through `bench start`, finding the real process behind a launch (the local backend
 * wraps each in a small sh that records the exit code), reading summary.json, and one line per
 * recovery for the closing table.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { processGroupMembers } from '../../src/backends/local/process-info';
import type { Summary } from '../../src/reports/summary-schema';
import { progressQuery } from '../../src/workflows/queries';
import type { ExperimentProgress } from '../../src/workflows/types';
import { runBench, sandbox, startWorkerProcess, type Sandbox, type WorkerProcess } from '../helpers/bench-cli';
import { testClient } from '../helpers/temporal-client';
import { journal } from '../helpers/processes';
import { waitFor } from '../helpers/wait-for';

export function writeRecipe(box: Sandbox, name: string, yaml: string): string {
  const file = path.join(box.home, `${name}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

/** `bench start` as a user would; returns the experiment id. */
export async function startExperiment(box: Sandbox, recipe: string): Promise<string> {
  const started = await runBench(['start', recipe, '--json', '--output', box.experiments], box.env, 90_000);
  if (started.code !== 0) throw new Error(`bench start failed (${started.code}): ${started.stderr}`);
  return JSON.parse(started.stdout).experimentId;
}

export function readSummary(box: Sandbox, experimentId: string): Summary {
  const file = path.join(box.experiments, experimentId, 'metrics', 'summary.json');
  if (!existsSync(file)) throw new Error(`no summary.json for ${experimentId}`);
  return JSON.parse(readFileSync(file, 'utf8')) as Summary;
}

/** The latest launch of a named service or client instance. */
export function launchOf(box: Sandbox, experimentId: string, name: string): { pid: number; command?: string[] } {
  const launches = journal(box.home, experimentId).filter((e) => e.event === 'launch' && e.labels.name === name);
  if (launches.length === 0) throw new Error(`no launch of ${name} in ${experimentId}`);
  return launches.at(-1) as unknown as { pid: number; command?: string[] };
}

/** The processes the sh wrapper of a launch runs (the service or client itself), not the wrapper. */
export function workloadPids(wrapperPid: number): number[] {
  return processGroupMembers(wrapperPid).filter((pid) => pid !== wrapperPid);
}

/** Sends `signal` to the real process(es) of a launch; returns when it was sent. */
export async function signalLaunch(box: Sandbox, experimentId: string, name: string, signal: NodeJS.Signals): Promise<number> {
  const { pid } = launchOf(box, experimentId, name);
  const targets = await waitFor(`the process of ${name}`, () => {
    const pids = workloadPids(pid);
    return pids.length > 0 ? pids : undefined;
  }, 30_000);
  for (const p of targets) process.kill(p, signal);
  return Date.now();
}

export async function progressOf(handle: WorkflowHandle): Promise<ExperimentProgress> {
  return handle.query(progressQuery);
}

export function waitForPhase(handle: WorkflowHandle, phase: string, timeoutMs = 90_000): Promise<ExperimentProgress> {
  return waitFor(`phase ${phase}`, async () => {
    const p = await progressOf(handle);
    return p.phase === phase ? p : undefined;
  }, timeoutMs, 100);
}

export function waitForLoad(handle: WorkflowHandle, running: number, timeoutMs = 90_000): Promise<ExperimentProgress> {
  return waitFor(`${running} clients running with load`, async () => {
    const p = await progressOf(handle);
    return p.clients.running === running && p.clients.requests > 0 ? p : undefined;
  }, timeoutMs, 200);
}

/** One line per fault for the closing table (grep RECOVERY in the test output). */
export function recordRecovery(fault: string, ms: number, outcome: string): void {
  process.stdout.write(`RECOVERY | ${fault} | ${(ms / 1000).toFixed(1)} s | ${outcome}\n`);
}

/** The error a failed workflow's result() rejects with, and its failure type. */
export async function failureOf(handle: WorkflowHandle): Promise<{ type?: string; message: string }> {
  const err = await handle.result().then(
    () => undefined,
    (e: unknown) => e as { cause?: { type?: string; message: string; cause?: unknown } },
  );
  if (!err) throw new Error('the experiment completed; a failure was expected');
  // A failure raised in an activity arrives wrapped: ActivityFailure → ApplicationFailure.
  let cause = err.cause as { type?: string; message: string; cause?: unknown } | undefined;
  while (cause && !cause.type && cause.cause) cause = cause.cause as typeof cause;
  return { type: cause?.type, message: cause?.message ?? String(err) };
}

export const redisRecipe = (o: { name: string; instances: number; duration: string; maxRetries?: number; extra?: string; workloadExtra?: string }) => `
name: ${o.name}
services:
  - name: redis
    kind: redis
    healthCheck: {interval: 500ms, failureThreshold: 2, timeout: 60s}
    restart: {maxRetries: ${o.maxRetries ?? 2}, backoff: 500ms}
${o.extra ?? ''}
workload:
${o.workloadExtra ?? ''}
  clients:
    - name: load
      driver: redis
      target: redis
      instances: ${o.instances}
      executor: {type: closed-loop, connections: 2}
      duration: ${o.duration}
      options: {command: mixed}
`;

export interface FaultHarness {
  box: Sandbox;
  client(): Client;
  handle(experimentId: string): WorkflowHandle;
  /** Writes the recipe, starts it, and waits until `running` clients put load on the service. */
  startLoaded(name: string, yaml: string, running: number): Promise<{ id: string; handle: WorkflowHandle }>;
}

/** One sandbox, one `bench worker` process and one Temporal client for a describe block. */
export function faultHarness(name: string): FaultHarness {
  const box = sandbox(name);
  let worker: WorkerProcess | undefined;
  let temporal: { client: Client; close: () => Promise<void> } | undefined;
  beforeAll(async () => {
    worker = await startWorkerProcess(box.env);
    temporal = await testClient();
  }, 120_000);
  afterAll(async () => {
    // A worker that died during the tests takes every later one with it: say why, from its own output.
    if (worker && (worker.process.exitCode !== null || worker.process.signalCode !== null)) {
      process.stdout.write(`the bench worker of ${name} ended (${worker.process.exitCode ?? worker.process.signalCode}) during the tests; its output:\n${worker.output()}\n`);
    }
    if (worker) writeFileSync(path.join(box.home, 'worker.out'), worker.output());
    await worker?.kill('SIGKILL');
    await temporal?.close();
  });
  const harness: FaultHarness = {
    box,
    client: () => temporal!.client,
    handle: (id) => temporal!.client.workflow.getHandle(id),
    async startLoaded(recipeName, yaml, running) {
      const id = await startExperiment(box, writeRecipe(box, recipeName, yaml));
      const handle = harness.handle(id);
      await waitForLoad(handle, running);
      return { id, handle };
    },
  };
  return harness;
}
