import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, runBench, sandbox, startWorkerProcess, type WorkerProcess } from '../../helpers/bench-cli';
import { ensureK8sCluster, K8S_KUBECONFIG, labelledObjects, namespaceExists } from '../../helpers/k8s-cluster';
import { writeRecipe } from '../../helpers/recipe-file';
import { testClient } from '../../helpers/temporal-client';
import { waitFor } from '../../helpers/wait-for';
import { progressQuery } from '../../../src/workflows/queries';
import { quickstartKubernetes, replaceOnce } from './k8s-recipe';
import { experimentNamespace } from '../../../src/backends/kubernetes/names';

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!);

describe('experiments on the real Kubernetes test cluster', () => {
  let worker: WorkerProcess | undefined;
  beforeAll(async () => {
    await ensureK8sCluster();
  }, 45 * 60_000);
  afterEach(async () => worker?.kill());

  it('runs the Kubernetes quickstart end to end with the same experiment folder as local, and leaves nothing behind', async () => {
    const box = sandbox('k8s-quickstart');
    const started = Date.now();
    const res = await runBench(['run', writeRecipe('k8s-quickstart', quickstartKubernetes()), '--json', '--output', box.experiments], box.env, 300_000);
    const wallMs = Date.now() - started;
    expect(res.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(res.code).toBe(0);
    const out = lastJson(res.stdout);
    expect(out.summary.experiment.backend).toBe('kubernetes');
    expect(out.summary.totals.instances).toEqual({ planned: 2, completed: 2, failed: 0 });
    expect(out.summary.totals.opsPerSec).toBeGreaterThan(1000);
    for (const f of ['recipe.yaml', 'metadata.out', 'metrics/summary.json', 'reports/raw_results.csv', 'reports/report.pdf', 'logs/service-redis.log', 'logs/client-mixed.log', 'logs/monitor-prometheus.log', 'metrics/clients/mixed-0.result.json', 'metrics/clients/mixed-1.result.json']) {
      expect([f, existsSync(path.join(out.folder, f))]).toEqual([f, true]);
    }
    expect(readFileSync(path.join(out.folder, 'logs/service-redis.log'), 'utf8')).toMatch(/Ready to accept connections/);
    const clientLog = readFileSync(path.join(out.folder, 'logs/client-mixed.log'), 'utf8');
    expect(clientLog).toMatch(/mixed-0: \d+ requests/);
    expect(clientLog).toMatch(/mixed-1: \d+ requests/);
    // Prometheus ran in a pod: its TSDB came back through the API.
    const tsdb = readdirSync(path.join(out.folder, 'metrics/prometheus_data'));
    expect(tsdb.length).toBeGreaterThan(0);
    const summary = JSON.parse(readFileSync(path.join(out.folder, 'metrics/summary.json'), 'utf8'));
    expect(Object.keys(summary.resources?.services ?? {})).toContain('redis');
    expect(summary.services[0]).toMatchObject({ name: 'redis', restarts: 0, version: expect.stringMatching(/7\.\d/) });
    expect(await labelledObjects(out.experimentId)).toEqual([]);
    expect(await namespaceExists(experimentNamespace(out.experimentId))).toBe(false);
    process.stdout.write(`kubernetes quickstart: ${wallMs} ms wall, ${Math.round(out.summary.totals.opsPerSec)} ops/s\n`);
  }, 320_000);

  it('runs a catalog kind beyond Redis: nginx from its image with a rendered config, loaded by the http driver', async () => {
    const box = sandbox('k8s-nginx');
    const yaml = readFileSync(path.join(ROOT, 'recipes/nginx-kubernetes.yaml'), 'utf8').replace('kubeconfig: ../.bench/k8s/kubeconfig', `kubeconfig: ${K8S_KUBECONFIG}`);
    expect(yaml).toContain(K8S_KUBECONFIG);
    const res = await runBench(['run', writeRecipe('k8s-nginx', yaml), '--json', '--output', box.experiments], box.env, 300_000);
    expect(res.code).toBe(0);
    const out = lastJson(res.stdout);
    expect(out.summary.totals.instances).toEqual({ planned: 2, completed: 2, failed: 0 });
    // Open loop, 2 x 500 req/s for 10 s.
    expect(out.summary.totals.requests).toBeGreaterThan(9000);
    expect(out.summary.totals.requests).toBeLessThan(11000);
    expect(out.summary.totals.errors).toBe(0);
    const summary = JSON.parse(readFileSync(path.join(out.folder, 'metrics/summary.json'), 'utf8'));
    expect(summary.services[0].version).toMatch(/nginx/);
    expect(await labelledObjects(out.experimentId)).toEqual([]);
  }, 320_000);

  it('fails fast, naming the image, when a service image does not exist', async () => {
    const box = sandbox('k8s-noimage');
    const recipe = writeRecipe('k8s-noimage', quickstartKubernetes((y) => replaceOnce(y, '    kind: redis\n', '    kind: redis\n    image: k8s.local/nope:1\n')));
    const started = Date.now();
    const res = await runBench(['run', recipe, '--json', '--output', box.experiments], box.env, 180_000);
    expect(res.code).not.toBe(0);
    expect(res.stderr + res.stdout).toMatch(/k8s\.local\/nope:1/);
    expect(res.stderr + res.stdout).toMatch(/ErrImageNeverPull|ImagePull|not present/);
    expect(Date.now() - started).toBeLessThan(120_000);
    const id = /"experimentId":"([^"]+)"/.exec(res.stdout)?.[1] ?? readdirSync(box.experiments)[0];
    expect(await labelledObjects(id)).toEqual([]);
  }, 200_000);

  it('fails at scheduling.maxPending, with the scheduler\'s reason, when no node fits the request', async () => {
    const box = sandbox('k8s-unschedulable');
    const recipe = writeRecipe(
      'k8s-unschedulable',
      quickstartKubernetes((y) => replaceOnce(replaceOnce(y, 'cpus: 0.5', 'cpus: 64'), 'maxPending: 2m', 'maxPending: 10s')),
    );
    const res = await runBench(['run', recipe, '--json', '--output', box.experiments], box.env, 180_000);
    expect(res.code).not.toBe(0);
    expect(res.stderr + res.stdout).toMatch(/past scheduling\.maxPending \(10 s\)/);
    expect(res.stderr + res.stdout).toMatch(/nschedulable|Insufficient cpu/);
    const id = readdirSync(box.experiments)[0];
    expect(await labelledObjects(id)).toEqual([]);
  }, 200_000);

  it('cancel leaves no labelled object and no namespace', async () => {
    const box = sandbox('k8s-cancel');
    worker = await startWorkerProcess(box.env);
    const recipe = writeRecipe('k8s-cancel', quickstartKubernetes((y) => replaceOnce(y, 'duration: 10s', 'duration: 120s')));
    const started = await runBench(['start', recipe, '--json', '--output', box.experiments], box.env, 60_000);
    expect(started.code).toBe(0);
    const { experimentId } = JSON.parse(started.stdout);
    const { client, close } = await testClient();
    try {
      const handle = client.workflow.getHandle(experimentId);
      await waitFor('clients running', async () => (await handle.query(progressQuery)).clients.requests > 0, 180_000, 500);
      expect((await labelledObjects(experimentId)).some((o) => o.startsWith('Job/'))).toBe(true);
      const res = await runBench(['cancel', experimentId], box.env, 180_000);
      expect(res.code).toBe(0);
      expect((await handle.describe()).status.name).toBe('CANCELLED');
      expect(await labelledObjects(experimentId)).toEqual([]);
      expect(await namespaceExists(experimentNamespace(experimentId))).toBe(false);
    } finally {
      await close();
    }
  }, 320_000);
});
