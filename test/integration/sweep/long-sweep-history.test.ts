/**
 * Time-skipping: a 500-run study (250 points × 2 repetitions, ten minutes of workflow time per run, 83 h
 * in all) through the real sweep workflow and its real activities (plan, folder, a row and the report
 * after every run) on the Temporal test server. Each child is a stand-in `experiment` that only sleeps
 * (long-sweep-workflows.ts): the thing under test is the sweep's own history. Asserted: it continues as
 * new every 200 runs (the default), each history stays under 10,000 events, every run's child is started
 * exactly once across the histories, and every run is recorded exactly once in the sweep folder.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../../../src/activities';
import { createBackendRegistry } from '../../../src/backends/registry';
import type { SweepSummary } from '../../../src/reports/sweep/sweep-summary';
import { registerSearchAttributes } from '../../../src/temporal/register-search-attributes';
import type { SweepResult } from '../../../src/workflows/sweep-types';
import { ROOT } from '../../helpers/bench-cli';

const EventType = temporal.api.enums.v1.EventType;

describe('time-skipping: a 500-run sweep keeps each history bounded (Temporal test server)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: path.join(ROOT, 'tools', 'venv', 'bin', 'temporal-test-server') } } });
    await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  }, 120_000);
  afterAll(async () => {
    await env?.teardown();
  });

  it('continues as new every 200 runs, each history under 10,000 events, each run started and recorded once', async () => {
    const stateDir = mkdtempSync(path.join(os.tmpdir(), 'bench-long-sweep-'));
    const outputRoot = path.join(stateDir, 'experiments');
    const backends = createBackendRegistry(stateDir);
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'long-sweep',
      workflowsPath: require.resolve('./long-sweep-workflows'),
      activities: createActivities({ backends, projectRoot: ROOT, stateDir }),
    });
    const connections = Array.from({ length: 50 }, (_, i) => i + 1);
    const recipeText = `name: long-study
services:
  - name: redis
    kind: redis
workload:
  clients:
    - name: load
      driver: redis
      target: redis
      executor: {type: closed-loop, connections: 1}
      duration: 10m
      options: {command: mixed}
sweep:
  parameters:
    workload.clients[load].executor.connections: [${connections.join(', ')}]
    workload.clients[load].options.valueSize: [16, 64, 256, 1024, 4096]
  repetitions: 2
`;
    const sweepId = 'long-sweep-1';
    const realStart = Date.now();
    const handle = await env.client.workflow.start('sweep', { taskQueue: 'long-sweep', workflowId: sweepId, workflowExecutionTimeout: '200h', args: [{ sweepId, recipeText, outputRoot }] });
    const result = (await worker.runUntil(handle.result())) as SweepResult;
    const realS = (Date.now() - realStart) / 1000;
    expect(result).toMatchObject({ sweepId, status: 'completed', runs: { completed: 500, failed: 0, cancelled: 0 } });

    // Every run of the workflow id (the continue-as-new chain), first to last.
    const histories: { runId: string; events: number; children: string[]; hours: number }[] = [];
    // The chain from the first run: each ends with ContinuedAsNew naming the next.
    let runId: string | undefined = handle.firstExecutionRunId;
    for (let guard = 0; runId && guard < 20; guard++) {
      const history: temporal.api.history.v1.IHistory = await env.client.workflow.getHandle(sweepId, runId).fetchHistory();
      const events: temporal.api.history.v1.IHistoryEvent[] = history.events ?? [];
      const ms = (e: temporal.api.history.v1.IHistoryEvent) => Number(e.eventTime?.seconds ?? 0) * 1000 + Math.round((e.eventTime?.nanos ?? 0) / 1e6);
      const children = events.filter((e) => e.eventType === EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED).map((e) => e.startChildWorkflowExecutionInitiatedEventAttributes!.workflowId!);
      histories.push({ runId, events: events.length, children, hours: (ms(events.at(-1)!) - ms(events[0])) / 3_600_000 });
      const last: temporal.api.history.v1.IHistoryEvent = events.at(-1)!;
      runId = last.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW ? last.workflowExecutionContinuedAsNewEventAttributes!.newExecutionRunId! : undefined;
    }
    process.stdout.write(`long sweep: 500 runs in ${realS.toFixed(0)} s real; histories ${histories.map((h) => `${h.events} events/${h.children.length} runs/${h.hours.toFixed(1)} h`).join(', ')}\n`);

    expect(histories.map((h) => h.children.length)).toEqual([200, 200, 100]);
    for (const h of histories) expect(h.events).toBeLessThan(10_000);
    expect(histories.reduce((a, h) => a + h.hours, 0)).toBeGreaterThanOrEqual(500 / 6);
    const started = histories.flatMap((h) => h.children);
    const expected = Array.from({ length: 250 }, (_, p) => [0, 1].map((r) => `${sweepId}-p${String(p).padStart(2, '0')}-r${r}`)).flat();
    expect([...started].sort()).toEqual([...expected].sort());

    // Recorded once each: one row per run in summary.json and points.csv, one run-finished line in sweep.log.
    const folder = path.join(outputRoot, sweepId);
    const summary = JSON.parse(readFileSync(path.join(folder, 'metrics/summary.json'), 'utf8')) as SweepSummary;
    expect(summary).toMatchObject({ status: 'completed', plannedRuns: 500 });
    expect(summary.rows.map((r) => r.experimentId).sort()).toEqual([...expected].sort());
    expect(summary.rows.every((r) => r.status === 'completed')).toBe(true);
    expect(readFileSync(path.join(folder, 'points.csv'), 'utf8').trim().split('\n')).toHaveLength(501);
    const finished = readFileSync(path.join(folder, 'sweep.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.event === 'run-finished').map((e) => e.experiment as string);
    expect(finished.sort()).toEqual([...expected].sort());
    await backends.close();
  }, 30 * 60_000);
});
