import { sandbox, runBench, startWorkerProcess, WorkerProcess } from '../helpers/bench-cli';
import { journal, survivors } from '../helpers/processes';
import { testClient } from '../helpers/temporal-client';
import { waitFor } from '../helpers/wait-for';
import { progressQuery } from '../../src/workflows/queries';
import type { ExperimentResult } from '../../src/workflows/types';

describe('fault: the worker is killed (-9) while clients run', () => {
  const workers: WorkerProcess[] = [];
  afterEach(async () => {
    for (const w of workers) await w.kill('SIGKILL');
  });

  it('a new worker resumes the experiment; the service was deployed exactly once; nothing is orphaned', async () => {
    const box = sandbox('worker-crash');
    workers.push(await startWorkerProcess(box.env));
    const started = await runBench(['start', 'test/fixtures/recipes/long-redis.yaml', '--json', '--output', box.experiments], box.env, 60_000);
    const { experimentId } = JSON.parse(started.stdout);
    const { client, close } = await testClient();
    try {
      const handle = client.workflow.getHandle(experimentId);
      await waitFor('clients running with load', async () => {
        const p = await handle.query(progressQuery);
        return p.clients.running === 2 && p.clients.requests > 0;
      }, 60_000, 300);

      await workers[0].kill('SIGKILL');
      const killedAt = Date.now();
      // The clients and redis-server live on without the worker: they are the backend's, not the worker's.
      expect(survivors(box.home, experimentId).length).toBeGreaterThan(0);
      workers.push(await startWorkerProcess(box.env));

      const result = (await handle.result()) as ExperimentResult;
      expect(result.status).toBe('completed');
      expect(result.summary.instances).toEqual({ planned: 2, completed: 2, failed: 0 });
      expect(result.summary.opsPerSec).toBeGreaterThan(0);
      const launches = journal(box.home, experimentId).filter((e) => e.event === 'launch');
      expect(launches.filter((e) => e.labels.role === 'service')).toHaveLength(1);
      expect(launches.filter((e) => e.labels.role === 'client')).toHaveLength(2);
      expect(survivors(box.home, experimentId)).toEqual([]);
      process.stdout.write(`worker-crash: completed ${Math.round((Date.now() - killedAt) / 1000)} s after the kill\n`);
    } finally {
      await close();
    }
  });
});
