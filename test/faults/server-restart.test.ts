import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { freePort } from '../../src/activities/free-port';
import { DevServer, startDevServer } from '../../src/temporal/dev-server';
import { runBench, sandbox, startWorkerProcess, WorkerProcess } from '../helpers/bench-cli';
import { journal, survivors } from '../helpers/processes';
import { waitFor } from '../helpers/wait-for';
import { progressQuery } from '../../src/workflows/queries';
import type { ExperimentResult } from '../../src/workflows/types';

describe('fault: the Temporal dev server restarts mid-run on the same SQLite file', () => {
  let server: DevServer | undefined;
  let worker: WorkerProcess | undefined;
  afterEach(async () => {
    await worker?.kill('SIGKILL');
    await server?.stop();
  });

  it('the experiment completes after the restart, deployed once', async () => {
    const stateDir = mkdtempSync(path.join(os.tmpdir(), 'bench-restart-server-'));
    const port = await freePort();
    server = await startDevServer({ port, headless: true, stateDir });
    const box = sandbox('server-restart', { TEMPORAL_ADDRESS: server.address });
    worker = await startWorkerProcess(box.env);
    const started = await runBench(['start', 'test/fixtures/recipes/long-redis.yaml', '--json', '--output', box.experiments], box.env, 60_000);
    const { experimentId } = JSON.parse(started.stdout);

    const progressVia = async (address: string) => {
      const connection = await Connection.connect({ address, connectTimeout: 2000 });
      try {
        return await new Client({ connection }).workflow.getHandle(experimentId).query(progressQuery);
      } finally {
        await connection.close();
      }
    };
    await waitFor('clients running', async () => (await progressVia(server!.address)).clients.requests > 0, 60_000, 300);

    await server.stop();
    server = await startDevServer({ port, headless: true, stateDir });

    const connection = await Connection.connect({ address: server.address });
    try {
      const result = (await new Client({ connection }).workflow.getHandle(experimentId).result()) as ExperimentResult;
      expect(result.status).toBe('completed');
      expect(result.summary.instances.completed).toBe(2);
      expect(journal(box.home, experimentId).filter((e) => e.event === 'launch' && e.labels.role === 'service')).toHaveLength(1);
      expect(survivors(box.home, experimentId)).toEqual([]);
    } finally {
      await connection.close();
    }
  });
});
