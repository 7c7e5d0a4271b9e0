import { runBench, sandbox, startWorkerProcess, WorkerProcess } from '../helpers/bench-cli';
import { journal, survivors } from '../helpers/processes';
import { restartableServer, type RestartableServer } from '../helpers/restartable-server';
import { waitFor } from '../helpers/wait-for';

describe('fault: the Temporal dev server restarts mid-run on the same SQLite file', () => {
  let server: RestartableServer | undefined;
  let worker: WorkerProcess | undefined;
  afterEach(async () => {
    await worker?.kill('SIGKILL');
    await server?.stop();
  });

  it('the experiment completes after the restart, deployed once', async () => {
    server = await restartableServer('restart-server');
    const box = sandbox('server-restart', { TEMPORAL_ADDRESS: server.address() });
    worker = await startWorkerProcess(box.env);
    const started = await runBench(['start', 'test/fixtures/recipes/long-redis.yaml', '--json', '--output', box.experiments], box.env, 60_000);
    const { experimentId } = JSON.parse(started.stdout);
    await waitFor('clients running', async () => (await server!.progress(experimentId)).clients.requests > 0, 60_000, 300);

    await server.restart();

    const result = await server.result(experimentId);
    expect(result.status).toBe('completed');
    expect(result.summary.instances.completed).toBe(2);
    expect(journal(box.home, experimentId).filter((e) => e.event === 'launch' && e.labels.role === 'service')).toHaveLength(1);
    expect(survivors(box.home, experimentId)).toEqual([]);
  });
});
