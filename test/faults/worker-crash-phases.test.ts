import { freePort } from '../../src/activities/free-port';
import type { ExperimentResult } from '../../src/workflows/types';
import { sandbox, startWorkerProcess, WorkerProcess } from '../helpers/bench-cli';
import { journal, survivors } from '../helpers/processes';
import { testClient } from '../helpers/temporal-client';
import { waitFor } from '../helpers/wait-for';
import { progressOf, readSummary, recordRecovery, startExperiment, waitForPhase, writeRecipe } from './fault-kit';

describe('fault: the worker is killed (-9) during deploy and during teardown', () => {
  const workers: WorkerProcess[] = [];
  let temporal: Awaited<ReturnType<typeof testClient>>;
  beforeAll(async () => (temporal = await testClient()));
  afterEach(async () => {
    for (const w of workers.splice(0)) await w.kill('SIGKILL');
  });
  afterAll(async () => temporal?.close());

  it('during deploy: a new worker resumes the readiness wait; the service is launched once', async () => {
    const box = sandbox('worker-crash-deploy');
    const port = await freePort();
    // A redis that takes a few seconds to come up, so the worker dies while the deploy waits for it.
    const recipe = writeRecipe(box, 'slow-start', `
name: slow-start
services:
  - name: slow-redis
    kind: command
    command: [sh, -c, 'sleep 4; exec redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no']
    env: {PORT: "${port}"}
    ports: {main: ${port}}
    healthCheck: {interval: 500ms, timeout: 2m}
workload:
  clients:
    - name: load
      driver: redis
      target: slow-redis
      instances: 2
      executor: {type: closed-loop, connections: 2}
      duration: 5s
`);
    workers.push(await startWorkerProcess(box.env));
    const id = await startExperiment(box, recipe);
    const handle = temporal.client.workflow.getHandle(id);
    await waitForPhase(handle, 'deploying');
    await waitFor('the service launch', () => journal(box.home, id).some((e) => e.event === 'launch' && e.labels.role === 'service'), 60_000, 100);

    await workers[0].kill('SIGKILL');
    const killedAt = Date.now();
    workers.push(await startWorkerProcess(box.env));
    const running = await waitFor('the run phase', async () => (['running', 'tearing-down', 'collecting', 'completed'].includes((await progressOf(handle)).phase) ? Date.now() : undefined), 120_000, 200);

    const result = (await handle.result()) as ExperimentResult;
    expect(result.status).toBe('completed');
    expect(result.summary.instances).toEqual({ planned: 2, completed: 2, failed: 0 });
    const launches = journal(box.home, id).filter((e) => e.event === 'launch');
    expect(launches.filter((e) => e.labels.role === 'service')).toHaveLength(1);
    expect(launches.filter((e) => e.labels.role === 'client')).toHaveLength(2);
    expect(readSummary(box, id).experiment.status).toBe('completed');
    expect(survivors(box.home, id)).toEqual([]);
    recordRecovery('kill -9 worker during deploy', running - killedAt, 'completed; service launched once, 2/2 clients');
  }, 300_000);

  it('during teardown: a new worker finishes the teardown within the heartbeat timeout, not the 5 min start-to-close', async () => {
    const box = sandbox('worker-crash-teardown');
    // A helper that ignores SIGTERM: stopping it waits out the local backend's grace period, so teardown is slow.
    const recipe = writeRecipe(box, 'slow-stop', `
name: slow-stop
services:
  - name: redis
    kind: redis
  - name: stubborn
    kind: command
    command: [sh, -c, "trap '' TERM; while :; do sleep 1; done"]
    healthCheck: {type: exec, command: ['true']}
workload:
  clients:
    - name: load
      driver: redis
      target: redis
      instances: 1
      executor: {type: closed-loop, connections: 2}
      duration: 4s
`);
    workers.push(await startWorkerProcess(box.env));
    const id = await startExperiment(box, recipe);
    const handle = temporal.client.workflow.getHandle(id);
    await waitForPhase(handle, 'tearing-down', 120_000);

    await workers[0].kill('SIGKILL');
    const killedAt = Date.now();
    expect(survivors(box.home, id).length).toBeGreaterThan(0);
    workers.push(await startWorkerProcess(box.env));
    // Before the fix teardown had no heartbeat timeout: the retry came only after its 5 min start-to-close.
    const result = (await handle.result()) as ExperimentResult;
    const closedMs = Date.now() - killedAt;
    expect(result.status).toBe('completed');
    expect(readSummary(box, id).experiment.status).toBe('completed');
    expect(survivors(box.home, id)).toEqual([]);
    recordRecovery('kill -9 worker during teardown', closedMs, 'completed; teardown retried on the new worker after the heartbeat timeout');
  }, 300_000);
});
