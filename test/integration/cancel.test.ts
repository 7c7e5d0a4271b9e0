import { WorkflowFailedError } from '@temporalio/client';
import { readFileSync } from 'node:fs';
import { writeRecipe } from '../helpers/recipe-file';
import { runBench, sandbox, startWorkerProcess, WorkerProcess } from '../helpers/bench-cli';
import { journal, survivors } from '../helpers/processes';
import { testClient } from '../helpers/temporal-client';
import { waitFor } from '../helpers/wait-for';
import { progressQuery } from '../../src/workflows/queries';

describe('bench cancel', () => {
  let worker: WorkerProcess | undefined;
  afterEach(async () => worker?.kill());

  it('cancels a running experiment: it ends cancelled and no redis-server or client process remains', async () => {
    const box = sandbox('cancel');
    worker = await startWorkerProcess(box.env);
    // Long enough that `bench list` and `bench cancel` on a loaded machine still find it running.
    const recipe = writeRecipe('cancel-long', readFileSync('test/fixtures/recipes/long-redis.yaml', 'utf8').replace('duration: 25s', 'duration: 120s'));
    const started = await runBench(['start', recipe, '--json', '--output', box.experiments], box.env, 60_000);
    expect(started.code).toBe(0);
    const { experimentId } = JSON.parse(started.stdout);
    const { client, close } = await testClient();
    try {
      const handle = client.workflow.getHandle(experimentId);
      await waitFor('clients running', async () => (await handle.query(progressQuery)).clients.running === 2, 60_000, 300);
      const listed = await runBench(['list', '--phase', 'running', '--json'], box.env, 30_000);
      expect(JSON.parse(listed.stdout).map((r: { id: string }) => r.id)).toContain(experimentId);

      const res = await runBench(['cancel', experimentId], box.env, 60_000);
      expect(res.code).toBe(0);
      expect(res.stdout).toContain('cancelled; teardown done');
      const err = await handle.result().catch((e) => e);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      expect(err.cause.name).toBe('CancelledFailure');
      expect((await handle.describe()).status.name).toBe('CANCELLED');
      expect(journal(box.home, experimentId).filter((e) => e.event === 'launch')).toHaveLength(3);
      expect(survivors(box.home, experimentId)).toEqual([]);
    } finally {
      await close();
    }
  });
});
