import { WorkflowFailedError } from '@temporalio/client';
import { runBench } from '../helpers/bench-cli';
import { journal, survivors } from '../helpers/processes';
import { waitFor } from '../helpers/wait-for';
import { failureOf, faultHarness, readSummary, recordRecovery, redisRecipe, startExperiment, waitForPhase, writeRecipe } from './fault-kit';

describe('fault: cancel during deploy, and the whole-experiment timeout', () => {
  const h = faultHarness('cancel-timeout');
  const box = h.box;

  it('bench cancel while a service never becomes ready: cancelled, torn down, summary.json says so', async () => {
    const recipe = writeRecipe(box, 'never-ready', `
name: never-ready
services:
  - name: redis
    kind: redis
  - name: never
    kind: command
    command: [sleep, '600']
    healthCheck: {type: exec, command: ['false'], interval: 500ms, timeout: 10m}
workload:
  clients:
    - name: load
      driver: redis
      target: redis
      executor: {type: closed-loop, connections: 1}
      duration: 5s
`);
    const id = await startExperiment(box, recipe);
    const handle = h.handle(id);
    await waitForPhase(handle, 'deploying');
    await waitFor('both services launched', () => journal(box.home, id).filter((e) => e.event === 'launch').length === 2, 60_000, 100);

    const cancelledAt = Date.now();
    const res = await runBench(['cancel', id], box.env, 120_000);
    const closedMs = Date.now() - cancelledAt;
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('cancelled; teardown done');
    const err = await handle.result().catch((e) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect((await handle.describe()).status.name).toBe('CANCELLED');
    const summary = readSummary(box, id);
    expect(summary.experiment).toMatchObject({ status: 'cancelled', partial: true });
    expect(summary.totals.instances.planned).toBe(0);
    expect(journal(box.home, id).filter((e) => e.event === 'launch' && e.labels.role === 'client')).toHaveLength(0);
    expect(survivors(box.home, id)).toEqual([]);
    recordRecovery('cancel during deploy', closedMs, 'cancelled; both services stopped, no client launched; summary status cancelled');
  }, 240_000);

  it('timeouts.experiment fires mid-run: failed (ExperimentTimeout), torn down, partial results kept', async () => {
    const { handle, id } = await h.startLoaded('too-long', redisRecipe({ name: 'too-long', instances: 2, duration: '10m', extra: 'timeouts: {experiment: 20s}' }), 2);
    const startedAt = (await handle.describe()).startTime.getTime();

    const failure = await failureOf(handle);
    const closedMs = Date.now() - (startedAt + 20_000);
    expect(failure.type).toBe('ExperimentTimeout');
    const summary = readSummary(box, id);
    expect(summary.experiment).toMatchObject({ status: 'failed', partial: true });
    expect(summary.experiment.error).toContain('timeouts.experiment');
    expect(summary.totals.requests).toBeGreaterThan(0);
    expect(survivors(box.home, id)).toEqual([]);
    recordRecovery('timeouts.experiment (20s) fires', closedMs, `failed (ExperimentTimeout) and torn down; partial=true, ${summary.totals.requests} requests kept`);
  }, 240_000);
});
