import { readFileSync } from 'node:fs';
import path from 'node:path';
import { labelValue } from '../../src/backends/kubernetes/names';
import { runBench, sandbox, startWorkerProcess, type WorkerProcess } from '../helpers/bench-cli';
import { ensureK8sCluster, kubectl, labelledObjects } from '../helpers/k8s-cluster';
import { writeRecipe } from '../helpers/recipe-file';
import { restartableServer, type RestartableServer } from '../helpers/restartable-server';
import { waitFor } from '../helpers/wait-for';
import { quickstartKubernetes, replaceOnce } from '../integration/kubernetes/k8s-recipe';

describe('fault on Kubernetes: the Temporal dev server restarts mid-run on the same SQLite file', () => {
  let server: RestartableServer | undefined;
  let worker: WorkerProcess | undefined;
  beforeAll(async () => {
    await ensureK8sCluster();
  }, 45 * 60_000);
  afterEach(async () => {
    await worker?.kill('SIGKILL');
    await server?.stop();
  });

  it('the experiment completes after the restart, with one Deployment and one Job ever created', async () => {
    server = await restartableServer('k8s-restart-server');
    const box = sandbox('k8s-server-restart', { TEMPORAL_ADDRESS: server.address() });
    worker = await startWorkerProcess(box.env);
    const recipe = writeRecipe('k8s-server-restart', quickstartKubernetes((y) => replaceOnce(y, 'duration: 10s', 'duration: 30s')));
    const started = await runBench(['start', recipe, '--json', '--output', box.experiments], box.env, 60_000);
    expect(started.code).toBe(0);
    const { experimentId } = JSON.parse(started.stdout);
    await waitFor('clients running', async () => (await server!.progress(experimentId)).clients.requests > 0, 180_000, 500);
    const uids = async (kind: string) => (await kubectl('get', kind, '--all-namespaces', '-l', `bench.dev/experiment=${labelValue(experimentId)},bench.dev/role=service`, '-o', 'jsonpath={.items[*].metadata.uid}')).split(' ').filter(Boolean);
    const before = await uids('deployments');
    expect(before).toHaveLength(1);

    await server.restart();
    // The Deployment bench made before the restart is the one still serving.
    expect(await uids('deployments')).toEqual(before);

    const result = await server.result(experimentId);
    expect(result.status).toBe('completed');
    expect(result.summary.instances.completed).toBe(2);
    const log = readFileSync(path.join(box.experiments, experimentId, 'logs', 'orchestrator.log'), 'utf8');
    expect(log.match(/"event":"service-launched"/g)).toHaveLength(1);
    expect(log.match(/"event":"clients-launched"/g)).toHaveLength(1);
    expect(await labelledObjects(experimentId)).toEqual([]);
  }, 400_000);
});
