/**
 * The failure table on the Kubernetes test cluster: each fault injected into the real pods, nodes and
 * worker process, through kubectl and signals, as an operator's mistake or a cluster's failure would.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ReaperResult } from '../../src/workflows/reaper';
import { runBench, startWorkerProcess, type WorkerProcess } from '../helpers/bench-cli';
import { ensureK8sCluster, K8S_KUBECONFIG, kubectl, labelledObjects } from '../helpers/k8s-cluster';
import { waitFor } from '../helpers/wait-for';
import { labelValue } from '../../src/backends/kubernetes/names';
import { quickstartKubernetes, replaceOnce } from '../integration/kubernetes/k8s-recipe';
import { faultHarness, progressOf, readSummary, recordRecovery, writeRecipe } from './fault-kit';

const run = promisify(execFile);
const NODE = 'bench-node';

/** Pods of the experiment with the given bench role/name, as `namespace/name`. */
async function podsOf(experiment: string, name: string): Promise<string[]> {
  const out = await kubectl('get', 'pods', '--all-namespaces', '-l', `bench.dev/experiment=${labelValue(experiment)},bench.dev/name=${labelValue(name)}`, '-o', 'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}');
  return out.split('\n').filter(Boolean);
}

async function deletePod(ref: string): Promise<void> {
  const [ns, pod] = ref.split('/');
  await kubectl('delete', 'pod', '-n', ns, pod, '--wait=false');
}

const longRun = (extra: (y: string) => string = (y) => y) =>
  quickstartKubernetes((y) => extra(replaceOnce(replaceOnce(y, 'duration: 10s', 'duration: 25s'), 'monitoring:\n  enabled: true', 'monitoring:\n  enabled: false')));

describe('fault table on Kubernetes', () => {
  const h = faultHarness('k8s-faults');
  beforeAll(async () => {
    await ensureK8sCluster();
  }, 45 * 60_000);
  afterAll(async () => {
    await kubectl('uncordon', NODE).catch(() => undefined);
  });

  it('service pod killed: bench restarts the service, records the restart and its down interval, and the run completes', async () => {
    const yaml = longRun((y) => replaceOnce(y, '    healthCheck:\n      timeout: 60s', '    healthCheck:\n      timeout: 60s\n      interval: 500ms\n      failureThreshold: 2\n    restart: {maxRetries: 2, backoff: 500ms}'));
    const { id, handle } = await h.startLoaded('k8s-svc-kill', yaml, 2);
    const [pod] = await podsOf(id, 'redis');
    expect(pod).toBeDefined();
    const killedAt = Date.now();
    await deletePod(pod);
    await waitFor('the restart to be recorded', async () => (await progressOf(handle)).services[0].restarts >= 1, 90_000, 300);
    const recovered = Date.now() - killedAt;
    await handle.result();
    const summary = readSummary(h.box, id);
    expect(summary.services[0].restarts).toBeGreaterThanOrEqual(1);
    expect(summary.services[0].downIntervals[0]).toMatchObject({ from: expect.any(String), to: expect.any(String) });
    expect(summary.totals.instances.planned).toBe(2);
    expect(await labelledObjects(id)).toEqual([]);
    recordRecovery('kubernetes: kubectl delete pod (service)', recovered, `restarts=${summary.services[0].restarts}, ${summary.totals.instances.completed}/2 clients completed`);
  }, 300_000);

  it('one client pod killed: the run goes on with the other, and reports the reduced load', async () => {
    const yaml = longRun((y) => replaceOnce(y, 'workload:\n', 'workload:\n  clientStallTimeout: 5s\n'));
    const { id, handle } = await h.startLoaded('k8s-client-kill', yaml, 2);
    const pods = await podsOf(id, 'mixed');
    expect(pods).toHaveLength(2);
    await deletePod(pods[1]);
    await handle.result();
    const summary = readSummary(h.box, id);
    expect(summary.totals.instances).toEqual({ planned: 2, completed: 1, failed: 1 });
    expect(summary.totals.requests).toBeGreaterThan(0);
    expect(await labelledObjects(id)).toEqual([]);
  }, 300_000);

  it('monitor pod killed: Prometheus is launched again with the clients still registered, and the data gap is marked', async () => {
    // The new pod's TSDB starts empty, and its first scrape lands 4-9 s after launch here (Prometheus
    // applies discovered targets every 5 s): 40 s of load leave the relaunched one time to scrape the
    // clients even when a busy CI machine is slower at each step (25 s once left it none).
    const yaml = quickstartKubernetes((y) => replaceOnce(y, 'duration: 10s', 'duration: 40s'));
    const { id, handle } = await h.startLoaded('k8s-monitor-kill', yaml, 2);
    const [pod] = await podsOf(id, 'prometheus');
    expect(pod).toBeDefined();
    const killedAt = Date.now();
    await deletePod(pod);
    await handle.result();
    const summary = readSummary(h.box, id) as unknown as { gaps: { source: string; seconds: number }[]; warnings: string[]; totals: { instances: unknown } };
    expect(summary.totals.instances).toEqual({ planned: 2, completed: 2, failed: 0 });
    expect(summary.gaps.length).toBeGreaterThanOrEqual(1);
    expect(summary.gaps[0]).toMatchObject({ source: 'prometheus', seconds: expect.any(Number) });
    expect(summary.warnings.join('\n')).toMatch(/prometheus restarted; no metrics from/);
    // The relaunched Prometheus scraped the clients: their throughput has samples after the gap.
    const csv = readFileSync(path.join(h.box.experiments, id, 'metrics', 'client_throughput.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/mixed-0,mixed-1/);
    expect(csv.length).toBeGreaterThan(3);
    expect(await labelledObjects(id)).toEqual([]);
    recordRecovery('kubernetes: kubectl delete pod (prometheus)', Date.now() - killedAt, `gap of ${summary.gaps[0].seconds} s marked; run completed`);
  }, 300_000);

  it('node lost (cordon + evict): the service cannot be placed again, and the experiment fails clearly within scheduling.maxPending', async () => {
    const yaml = longRun((y) => replaceOnce(replaceOnce(y, 'maxPending: 2m', 'maxPending: 15s'), '    healthCheck:\n      timeout: 60s', '    healthCheck:\n      timeout: 60s\n      interval: 500ms\n      failureThreshold: 2\n    restart: {maxRetries: 2, backoff: 500ms}'));
    const { id, handle } = await h.startLoaded('k8s-node-lost', yaml, 2);
    const [pod] = await podsOf(id, 'redis');
    const [ns, name] = pod.split('/');
    await kubectl('cordon', NODE);
    const evictedAt = Date.now();
    try {
      // An eviction through the API, as `kubectl drain` does it.
      await run('kubectl', ['--kubeconfig', K8S_KUBECONFIG, 'drain', NODE, '--pod-selector', `bench.dev/experiment=${labelValue(id)},bench.dev/name=redis`, '--delete-emptydir-data', '--force', '--timeout=60s']);
      const err = await handle.result().catch((e) => e);
      expect(err.cause?.message ?? String(err)).toMatch(/past scheduling\.maxPending \(15 s\)/);
      expect(err.cause?.message ?? String(err)).toMatch(/nschedulable/);
      expect(Date.now() - evictedAt).toBeLessThan(90_000);
      recordRecovery('kubernetes: cordon + evict the only node', Date.now() - evictedAt, 'failed at maxPending with the scheduler reason');
    } finally {
      await kubectl('uncordon', NODE);
    }
    expect(ns && name).toBeTruthy();
    await waitFor('nothing labelled left', async () => (await labelledObjects(id)).length === 0, 60_000, 500);
  }, 300_000);

  it('terminate (no teardown runs) + `bench reaper run --recipe`: nothing labelled is left', async () => {
    const recipe = writeRecipe(h.box, 'k8s-reaper', longRun((y) => replaceOnce(y, 'duration: 25s', 'duration: 5m')));
    const { id, handle } = await h.startLoaded('k8s-reaper', readFileSync(recipe, 'utf8'), 2);
    await handle.terminate('fault test: terminate skips the teardown');
    expect((await labelledObjects(id)).length).toBeGreaterThan(0);
    const started = Date.now();
    const res = await runBench(['reaper', 'run', '--json', '--recipe', recipe], h.box.env, 180_000);
    expect(res.code).toBe(0);
    const pass: ReaperResult = JSON.parse(res.stdout);
    expect(pass.removed.filter((r) => r.experiment === id).map((r) => `${r.backend}:${r.role}`).sort()).toEqual(['kubernetes:client', 'kubernetes:service']);
    expect(await labelledObjects(id)).toEqual([]);
    recordRecovery('kubernetes: terminate + bench reaper run --recipe', Date.now() - started, 'reaper deleted the Deployment, the Job and the namespace');
  }, 300_000);

  it('runs with a ServiceAccount that has only the documented Role (deploy/kubernetes/role.yaml)', async () => {
    const ns = `bench-rbac-${Date.now().toString(36)}`;
    const kubeconfig = path.join(os.tmpdir(), `${ns}.kubeconfig`);
    await run('bash', ['scripts/k8s/restricted-kubeconfig.sh', ns, 'deploy/kubernetes/role.yaml', kubeconfig], { cwd: path.resolve(__dirname, '../..') });
    try {
      await expect(run('kubectl', ['--kubeconfig', kubeconfig, 'get', 'nodes'])).rejects.toThrow(/Forbidden/);
      const yaml = quickstartKubernetes((y) => replaceOnce(y, `kubeconfig: ${K8S_KUBECONFIG}`, `kubeconfig: ${kubeconfig}\n  namespace: ${ns}`));
      const id = (await h.startLoaded('k8s-rbac', yaml, 2)).id;
      await h.handle(id).result();
      const summary = readSummary(h.box, id);
      expect(summary.totals.instances).toEqual({ planned: 2, completed: 2, failed: 0 });
      expect(await labelledObjects(id)).toEqual([]);
      // bench did not create the namespace, so it leaves it.
      expect((await kubectl('get', 'namespace', ns, '-o', 'name')).trim()).toBe(`namespace/${ns}`);
    } finally {
      await kubectl('delete', 'namespace', ns, '--wait=false').catch(() => undefined);
    }
  }, 300_000);
});

describe('fault on Kubernetes: the worker dies', () => {
  const w = faultHarness('k8s-worker');
  beforeAll(async () => {
    await ensureK8sCluster();
  }, 45 * 60_000);

  it('worker killed -9 mid-run: a new worker resumes, with still exactly one Deployment for the service', async () => {
    const { id, handle } = await w.startLoaded('k8s-worker-kill', longRun(), 2);
    const deployments = async () => (await kubectl('get', 'deployments', '--all-namespaces', '-l', `bench.dev/experiment=${labelValue(id)}`, '-o', 'name')).split('\n').filter(Boolean);
    expect(await deployments()).toHaveLength(1);
    const ours = (await run('pgrep', ['-f', 'bench.js worker'])).stdout.split('\n').filter(Boolean).map(Number);
    // Only the harness' worker runs experiments on this task queue: kill it like an OOM killer would.
    const worker = ours.find((pid) => readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`BENCH_TASK_QUEUE=${w.box.taskQueue}`));
    expect(worker).toBeDefined();
    process.kill(worker!, 'SIGKILL');
    let replacement: WorkerProcess | undefined;
    try {
      replacement = await startWorkerProcess(w.box.env);
      await handle.result();
    } finally {
      await replacement?.kill();
    }
    const summary = readSummary(w.box, id);
    expect(summary.totals.instances).toEqual({ planned: 2, completed: 2, failed: 0 });
    expect(summary.services[0].restarts).toBe(0);
    expect(await labelledObjects(id)).toEqual([]);
  }, 300_000);
});
