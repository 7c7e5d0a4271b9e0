import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { runBench, sandbox, startWorkerProcess, type Sandbox, type WorkerProcess } from '../helpers/bench-cli';
import { journal, survivors } from '../helpers/processes';
import { testClient } from '../helpers/temporal-client';
import { waitFor } from '../helpers/wait-for';
import { progressQuery, sweepProgressQuery } from '../../src/workflows/queries';
import type { SweepSummary } from '../../src/reports/sweep/sweep-summary';
import type { SweepResult } from '../../src/workflows/sweep-types';
import { restartableServer, type RestartableServer } from '../helpers/restartable-server';
import { writeRecipe } from './fault-kit';

jest.setTimeout(600_000);

const RECIPE = `name: sweep-fault
services:
  - name: redis
    kind: redis
workload:
  clients:
    - name: load
      driver: redis
      target: redis
      executor: {type: closed-loop, connections: 1}
      duration: 8s
      options: {command: mixed}
sweep:
  parameters:
    workload.clients[load].executor.connections: [1, 2, 3]
`;

async function startSweep(box: Sandbox, id: string): Promise<string> {
  const file = writeRecipe(box, 'sweep-fault', RECIPE);
  const started = await runBench(['start', file, '--json', '--id', id, '--output', box.experiments], box.env, 120_000);
  if (started.code !== 0) throw new Error(`bench start failed: ${started.stderr}`);
  return JSON.parse(started.stdout).experimentId as string;
}

function sweepSummary(box: Sandbox, id: string): SweepSummary {
  return JSON.parse(readFileSync(path.join(box.experiments, id, 'metrics', 'summary.json'), 'utf8')) as SweepSummary;
}

/** Waits until the sweep's second point (p01) runs with its clients sending load; returns its id. */
async function secondPointUnderLoad(client: Client, id: string): Promise<string> {
  const second = `${id}-p01-r0`;
  await waitFor('the second point under load', async () => {
    const p = await client.workflow.getHandle(id).query(sweepProgressQuery);
    if (!p.running.some((r) => r.experimentId === second)) return false;
    const c = await client.workflow.getHandle(second).query(progressQuery);
    return c.clients.running > 0 && c.clients.requests > 0;
  }, 240_000, 500);
  return second;
}

describe('fault: sweeps interrupted in the middle', () => {
  const workers: WorkerProcess[] = [];
  afterEach(async () => {
    for (const w of workers.splice(0)) await w.kill('SIGKILL');
  });

  it('worker kill -9 during the second point: the first is not run again, the second resumes without a second deployment', async () => {
    const box = sandbox('sweep-worker-kill');
    workers.push(await startWorkerProcess(box.env));
    const id = await startSweep(box, 'sweep-kill-1');
    const { client, close } = await testClient();
    try {
      const sweep = client.workflow.getHandle(id);
      await secondPointUnderLoad(client, id);
      await workers[0].kill('SIGKILL');
      const killedAt = Date.now();
      workers.push(await startWorkerProcess(box.env));

      const result = (await sweep.result()) as SweepResult;
      expect(result).toMatchObject({ status: 'completed', runs: { completed: 3, failed: 0, cancelled: 0 } });
      for (const point of ['p00', 'p01', 'p02']) {
        const run = `${id}-${point}-r0`;
        const launches = journal(box.home, run).filter((e) => e.event === 'launch');
        expect(launches.filter((e) => e.labels.role === 'service')).toHaveLength(1);
        expect(launches.filter((e) => e.labels.role === 'client')).toHaveLength(1);
        expect(survivors(box.home, run)).toEqual([]);
      }
      const summary = sweepSummary(box, id);
      expect(summary.status).toBe('completed');
      expect(summary.rows.map((r) => [r.point, r.status])).toEqual([[0, 'completed'], [1, 'completed'], [2, 'completed']]);
      expect(summary.rows.every((r) => r.opsPerSec > 0)).toBe(true);
      process.stdout.write(`RECOVERY | sweep: worker kill -9 in point 2 of 3 | ${Math.round((Date.now() - killedAt) / 1000)} s to the end | no point run twice, one deployment per point\n`);
    } finally {
      await close();
    }
  });

  it('bench cancel during the second point: it tears down, the third never starts, the folder says cancelled', async () => {
    const box = sandbox('sweep-cancel');
    workers.push(await startWorkerProcess(box.env));
    const id = await startSweep(box, 'sweep-cancel-1');
    const { client, close } = await testClient();
    try {
      const sweep = client.workflow.getHandle(id);
      const second = await secondPointUnderLoad(client, id);
      const cancelled = await runBench(['cancel', id], box.env, 60_000);
      expect(cancelled.code).toBe(0);
      const outcome = await sweep.result().then(() => 'completed', (e) => (e instanceof WorkflowFailedError ? e.cause?.name : String(e)));
      expect(outcome).toBe('CancelledFailure');
      expect((await client.workflow.getHandle(second).describe()).status.name).toBe('CANCELLED');
      expect(survivors(box.home, second)).toEqual([]);
      expect(existsSync(path.join(box.experiments, `${id}-p02-r0`))).toBe(false);
      const summary = sweepSummary(box, id);
      expect(summary.status).toBe('cancelled');
      expect(summary.rows.map((r) => [r.point, r.status])).toEqual([[0, 'completed'], [1, 'cancelled']]);
      // The cancelled run's partial results are kept in its own folder.
      expect(existsSync(path.join(box.experiments, second, 'metrics', 'summary.json'))).toBe(true);
    } finally {
      await close();
    }
  });

  it('Temporal dev server restart during the second point: the sweep completes, one deployment per point', async () => {
    let server: RestartableServer | undefined = await restartableServer('sweep-restart');
    try {
      const box = sandbox('sweep-server-restart', { TEMPORAL_ADDRESS: server.address() });
      workers.push(await startWorkerProcess(box.env));
      const id = await startSweep(box, 'sweep-restart-1');
      await server.use((c) => secondPointUnderLoad(c, id));

      await server.restart();

      const result = await server.use((c) => c.workflow.getHandle(id).result() as Promise<SweepResult>);
      expect(result).toMatchObject({ status: 'completed', runs: { completed: 3, failed: 0, cancelled: 0 } });
      for (const point of ['p00', 'p01', 'p02']) {
        const run = `${id}-${point}-r0`;
        expect(journal(box.home, run).filter((e) => e.event === 'launch' && e.labels.role === 'service')).toHaveLength(1);
        expect(survivors(box.home, run)).toEqual([]);
      }
      expect(sweepSummary(box, id).rows.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
    } finally {
      await server?.stop();
      server = undefined;
    }
  });
});
