/**
 * The Kubernetes backend against the real single-node test cluster (scripts/k8s/up.sh), through
 * the Backend API only. Pods use the host network and listen on 127.0.0.1 (the node's address);
 * one namespace per test (bench-<experiment>), deleted by cleanup.
 */
import Redis from 'ioredis';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Handle, LaunchSpec, Status } from '../../../src/backends/backend';
import { KubernetesBackend } from '../../../src/backends/kubernetes/kubernetes-backend';
import { experimentNamespace } from '../../../src/backends/kubernetes/names';
import { kubernetesSettingsSchema, type KubernetesSettings } from '../../../src/backends/kubernetes/settings';
import { ensureK8sCluster, freePort, kubectl, labelledObjects, namespaceExists, uniqueExperiment } from '../../helpers/k8s-cluster';
import { waitFor } from '../../helpers/wait-for';

const REDIS = 'k8s.local/redis:7';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-k8s-'));
const warnings: string[] = [];
let backend: KubernetesBackend;
let settings: KubernetesSettings;
const timings: string[] = [];
let experiment = '';

beforeAll(async () => {
  const kubeconfig = await ensureK8sCluster();
  settings = kubernetesSettingsSchema.parse({ kubeconfig: path.relative(tmp, kubeconfig), network: 'host', bindAddress: '127.0.0.1', imagePullPolicy: 'Never', podLogLines: 5 });
  // kubeconfig relative to baseDir, as a recipe gives it.
  backend = new KubernetesBackend(settings, { baseDir: tmp, warn: (m) => warnings.push(m) });
}, 40 * 60_000);

beforeEach(() => {
  experiment = uniqueExperiment('k8s');
});

// After every test: stop whatever is left, delete the namespace, and nothing with the label remains.
afterEach(async () => {
  for (const h of await backend.list({ experiment })) await backend.stop(h);
  await backend.cleanup(experiment);
  expect(await namespaceExists(experimentNamespace(experiment))).toBe(false);
  expect(await labelledObjects(experiment)).toEqual([]);
}, 180_000);

afterAll(async () => {
  await backend?.close();
  if (timings.length) console.log(`kubernetes backend timings:\n  ${timings.join('\n  ')}`);
  expect(warnings).toEqual([]);
});

function spec(id: string, extra: Partial<LaunchSpec> & Pick<LaunchSpec, 'command'>): LaunchSpec {
  const role = extra.labels?.role ?? 'service';
  return { id, labels: { experiment, role, name: id.split('.')[1] ?? id }, image: REDIS, logFile: path.join(tmp, experiment, 'logs', `${id}.log`), ...extra };
}

async function redisSpec(id = 'service.redis.0'): Promise<LaunchSpec> {
  const port = await freePort();
  return spec(id, {
    command: ['/usr/bin/redis-server', '--bind', '127.0.0.1', '--port', String(port), '--protected-mode', 'no', '--save', '', '--appendonly', 'no'],
    ports: { redis: port },
    readiness: { tcp: port },
  });
}

async function until(h: Handle, what: string, pred: (s: Status) => boolean, timeoutMs = 60_000): Promise<Status> {
  let last: Status | undefined;
  try {
    return await waitFor(what, async () => {
      last = await backend.status(h);
      return pred(last) ? last : undefined;
    }, timeoutMs, 100);
  } catch (e) {
    throw new Error(`${(e as Error).message}; last status ${JSON.stringify(last)}`);
  }
}

async function podsOf(h: Handle): Promise<string[]> {
  return (await kubectl('get', 'pods', '-n', String(h.ref.namespace), '-l', `bench.dev/launch=${h.ref.launch}`, '-o', 'name')).split('\n').filter(Boolean);
}

test('a redis Deployment becomes ready on 127.0.0.1, answers PING, logs, is listed, and stop leaves no pod', async () => {
  const s = await redisSpec();
  const t0 = Date.now();
  const h = await backend.launch(s);
  // A retried launch (here from a second backend, as after a worker restart) finds the first.
  const other = new KubernetesBackend(settings, { baseDir: tmp, warn: (m) => warnings.push(m) });
  expect(await other.launch(s)).toEqual(h);
  expect(await backend.launch(s)).toEqual(h);
  expect((await kubectl('get', 'deployments', '-n', String(h.ref.namespace), '-o', 'name')).trim().split('\n')).toEqual([`deployment.apps/${h.ref.name}`]);

  const ready = await until(h, 'redis ready', (st) => st.state === 'running' && st.ready === true);
  timings.push(`redis Deployment: launch -> ready ${Date.now() - t0} ms`);
  expect(ready).toMatchObject({ state: 'running', ready: true, restarts: 0, nodes: ['bench-node'] });

  const ep = await backend.endpoints(h);
  expect(ep).toEqual({ host: '127.0.0.1', ports: { redis: s.ports!.redis } });
  expect(await backend.workerEndpoint(h)).toEqual(ep);
  const redis = new Redis({ host: ep.host, port: ep.ports.redis, lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await redis.connect();
    expect(await redis.ping()).toBe('PONG');
  } finally {
    redis.disconnect();
  }

  const log = await waitFor('redis startup line in the log', async () => ((await backend.logs(h)).includes('Ready to accept connections') ? backend.logs(h) : undefined));
  expect(log).toContain('Ready to accept connections');
  const tail = await backend.logs(h, 30);
  expect(Buffer.byteLength(tail)).toBeLessThanOrEqual(30);
  expect(log.endsWith(tail)).toBe(true);

  expect((await backend.list({ experiment })).map((x) => x.id)).toEqual([s.id]);
  expect(await backend.list({ experiment, role: 'client' })).toEqual([]);
  expect((await other.list({ experiment, name: 'redis' }))[0]).toEqual(h);

  const tStop = Date.now();
  await backend.stop(h);
  timings.push(`redis Deployment: stop (pods gone) ${Date.now() - tStop} ms`);
  expect(await podsOf(h)).toEqual([]);
  await backend.stop(h);
  expect((await backend.status(h)).state).toBe('stopped');
  // The log was saved before the pod went.
  expect(readFileSync(await backend.downloadLogs(h), 'utf8')).toContain('Ready to accept connections');
  expect(await backend.list({ experiment })).toEqual([]);
  await other.close();
});

test('an Indexed Job of 2 tasks reads its rank file, and its results are read while running (exec) and after it completed (log frames)', async () => {
  const root = backend.workspace(experiment);
  const dir = `${root}/clients`;
  const script = [
    'd=$1; r=$BENCH_CLIENT_RANK',
    `printf '{"rank":%s,"spec":%s}' "$r" "$(cat "$d/spec-$r.json")" > "$d/result-$r.json"`,
    'while [ "$(cat "$d/release")" != go ]; do sleep 0.2; done',
    'echo "rank $r done"',
  ].join('\n');
  const s = spec('client.load.0', {
    labels: { experiment, role: 'client', name: 'load' },
    command: ['/bin/sh', '-c', script, 'client', dir],
    taskGroup: true,
    resources: { tasks: 2 },
    files: [
      { path: `${dir}/spec-0.json`, content: '{"n":"zero"}' },
      { path: `${dir}/spec-1.json`, content: '{"n":"one"}' },
      { path: `${dir}/release`, content: 'wait' },
    ],
    outputs: [`${dir}/result-{rank}.json`],
  });
  const t0 = Date.now();
  const h = await backend.launch(s);
  const running = await until(h, 'both tasks running', (st) => st.state === 'running' && st.tasks?.every((t) => t.state === 'running') === true);
  timings.push(`Indexed Job (2 tasks): launch -> both running ${Date.now() - t0} ms`);
  expect(running.tasks?.map((t) => t.rank)).toEqual([0, 1]);

  const expected = ['{"rank":0,"spec":{"n":"zero"}}', '{"rank":1,"spec":{"n":"one"}}'];
  for (const task of [0, 1]) {
    expect(await waitFor(`result of task ${task} while running`, () => backend.readFile(h, `${dir}/result-{rank}.json`, task))).toBe(expected[task]);
  }
  expect(await backend.readFile(h, `${dir}/result-1.json`, 1)).toBe(expected[1]);
  expect(await backend.readFile(h, `${dir}/missing.json`, 0)).toBeUndefined();

  // Both tasks wait for this file: writeFile reaches the running pods.
  const tRelease = Date.now();
  await backend.writeFile(h, `${dir}/release`, 'go');
  const done = await until(h, 'the job to complete', (st) => st.state !== 'running', 60_000);
  timings.push(`Indexed Job: release -> Complete ${Date.now() - tRelease} ms (launch -> Complete ${Date.now() - t0} ms)`);
  expect(done).toMatchObject({ state: 'exited', exitCode: 0 });
  expect(done.tasks?.map((t) => t.state)).toEqual(['exited', 'exited']);

  for (const task of [0, 1]) expect(await backend.readFile(h, `${dir}/result-{rank}.json`, task)).toBe(expected[task]);
  expect(await backend.readFile(h, `${dir}/result-0.json`, 0)).toBe(expected[0]);
  expect(await backend.readFile(h, `${dir}/spec-0.json`, 0)).toBeUndefined(); // not an output: gone with the pod's file system

  const logs = await backend.logs(h);
  expect(logs).toMatch(/== pod \S+ ==\n[\s\S]*rank 0 done[\s\S]*== pod \S+ ==\n[\s\S]*rank 1 done/);
  const tStop = Date.now();
  await backend.stop(h);
  timings.push(`Indexed Job: stop ${Date.now() - tStop} ms`);
  expect(await podsOf(h)).toEqual([]);
  expect(readFileSync(h.logFile, 'utf8')).toContain('rank 1 done');
  // After stop the results still come from the log stop saved (teardown runs before results are collected).
  for (const task of [0, 1]) expect(await backend.readFile(h, `${dir}/result-{rank}.json`, task)).toBe(expected[task]);
});

test('one failed rank does not stop the other; the Job fails naming the rank, its exit code and log', async () => {
  const dir = `${backend.workspace(experiment)}/clients`;
  const script = ['r=$BENCH_CLIENT_RANK', 'if [ "$r" = 1 ]; then echo "rank 1 gives up" >&2; exit 3; fi', 'sleep 2', `printf ok > "$1/result-$r.json"`].join('\n');
  const h = await backend.launch(
    spec('client.flaky.0', { labels: { experiment, role: 'client', name: 'flaky' }, command: ['/bin/sh', '-c', script, 'client', dir], taskGroup: true, resources: { tasks: 2 }, outputs: [`${dir}/result-{rank}.json`] }),
  );
  const mid = await until(h, 'rank 1 failed while rank 0 runs', (st) => st.tasks?.[1]?.state === 'failed');
  expect(mid.state).toBe('running');
  const st = await until(h, 'the job to end', (x) => x.state !== 'running' && x.state !== 'pending');
  expect(st).toMatchObject({ state: 'failed', exitCode: 3 });
  expect(st.reason).toMatch(/failed tasks 1/);
  expect(st.reason).toContain('rank 1 gives up');
  expect(st.tasks?.map((t) => t.state)).toEqual(['exited', 'failed']);
  expect(await backend.readFile(h, `${dir}/result-{rank}.json`, 0)).toBe('ok');
  expect(await backend.readFile(h, `${dir}/result-{rank}.json`, 1)).toBeUndefined();
  await backend.stop(h);
});

test('a missing image fails within 15 s with a reason naming the image', async () => {
  const s = spec('service.nope.0', { image: 'k8s.local/nope:1', command: ['/bin/nope'] });
  const t0 = Date.now();
  const h = await backend.launch(s);
  const st = await until(h, 'status failed', (x) => x.state === 'failed', 15_000);
  timings.push(`missing image: launch -> failed ${Date.now() - t0} ms`);
  expect(st.reason).toContain('k8s.local/nope:1');
  expect(st.reason).toMatch(/ErrImageNeverPull|imagePullPolicy is Never/);
  await backend.stop(h);
});

test('a crashing service fails with its exit code and the last lines of its log', async () => {
  const h = await backend.launch(spec('service.crash.0', { command: ['/bin/sh', '-c', 'echo "line one"; echo "boom: bad config" >&2; exit 4'] }));
  const st = await until(h, 'status failed', (x) => x.state === 'failed', 30_000);
  expect(st.exitCode).toBe(4);
  expect(st.reason).toMatch(/exited with code 4|keeps crashing/);
  expect(st.reason).toContain('boom: bad config');
  await backend.stop(h);
});

test('a pod asking for 64 CPUs is pending as unschedulable; deleted outside bench it is lost', async () => {
  const s = spec('service.big.0', { command: ['/bin/sh', '-c', 'sleep 1000'], resources: { cpus: 64 } });
  const h = await backend.launch(s);
  const st = await until(h, 'unschedulable', (x) => /unschedulable/.test(x.reason ?? ''), 30_000);
  expect(st.state).toBe('pending');
  expect(st.reason).toMatch(/^unschedulable: .*cpu/i);
  await kubectl('delete', 'deployment', '-n', String(h.ref.namespace), String(h.ref.name), '--wait=true');
  expect(await backend.status(h)).toMatchObject({ state: 'lost', reason: expect.stringMatching(/deleted outside bench/) });
});

test('writeFile replaces a file in a running pod, readFile reads it back, and copyFrom brings a folder to the worker', async () => {
  const root = backend.workspace(experiment);
  const s = spec('monitor.files.0', {
    labels: { experiment, role: 'monitor', name: 'files' },
    command: ['/bin/sh', '-c', 'trap "exit 0" TERM; while :; do sleep 0.2; done'],
    files: [
      { path: `${root}/data/targets.json`, content: '[]' },
      { path: `${root}/data/sub/deep.txt`, content: 'deep\n' },
    ],
    readiness: { exec: ['cat', `${root}/data/targets.json`] },
  });
  const h = await backend.launch(s);
  await until(h, 'ready', (x) => x.state === 'running' && x.ready === true);
  expect(await backend.readFile(h, `${root}/data/targets.json`)).toBe('[]');

  const targets = JSON.stringify([{ targets: ['127.0.0.1:9999'], labels: { job: 'clients' } }]);
  await backend.writeFile(h, `${root}/data/targets.json`, targets);
  expect(await backend.readFile(h, `${root}/data/targets.json`)).toBe(targets);
  // The ConfigMap has it too, for a replacement pod.
  const cm = JSON.parse(await kubectl('get', 'configmap', '-n', String(h.ref.namespace), String(h.ref.configMap), '-o', 'json'));
  expect(Object.values(cm.data)).toContain(targets);
  await expect(backend.writeFile(h, `${root}/data/other.json`, 'x')).rejects.toThrow(/not among the files/);

  const local = path.join(tmp, experiment, 'copied');
  await backend.copyFrom(h, `${root}/data`, local);
  expect(readFileSync(path.join(local, 'targets.json'), 'utf8')).toBe(targets);
  expect(readFileSync(path.join(local, 'sub/deep.txt'), 'utf8')).toBe('deep\n');
  await backend.stop(h);
});

test('cleanup deletes only a namespace bench created, and waits until it is gone', async () => {
  const h = await backend.launch(await redisSpec());
  const ns = String(h.ref.namespace);
  expect(ns).toBe(experimentNamespace(experiment));
  expect(JSON.parse(await kubectl('get', 'namespace', ns, '-o', 'json')).metadata.labels).toMatchObject({ 'bench.dev/created-by': 'bench', 'bench.dev/experiment': experiment });
  await backend.stop(h);
  const t0 = Date.now();
  await backend.cleanup(experiment);
  timings.push(`cleanup: namespace deleted and gone ${Date.now() - t0} ms`);
  expect(await namespaceExists(ns)).toBe(false);
  await backend.cleanup(experiment);

  // A namespace of that name that bench did not create stays.
  const foreign = uniqueExperiment('foreign');
  const foreignNs = experimentNamespace(foreign);
  await kubectl('create', 'namespace', foreignNs);
  try {
    await backend.cleanup(foreign);
    expect(await namespaceExists(foreignNs)).toBe(true);
  } finally {
    await kubectl('delete', 'namespace', foreignNs, '--wait=false');
  }
});

test('in the pod network the worker reaches a pod through a port-forward on 127.0.0.1', async () => {
  const pod = new KubernetesBackend({ ...settings, network: 'pod' }, { baseDir: tmp, warn: (m) => warnings.push(m) });
  try {
    const port = 6379;
    const s = spec('service.podnet.0', {
      command: ['/usr/bin/redis-server', '--port', String(port), '--save', '', '--appendonly', 'no'],
      ports: { redis: port },
      // kubelet probes the pod's address from the node, which routes nowhere on this cluster: probe inside.
      readiness: { exec: ['/usr/bin/redis-cli', '-p', String(port), 'ping'] },
    });
    const h = await pod.launch(s);
    expect(await pod.endpoints(h)).toEqual({ host: `${h.ref.service}.${h.ref.namespace}.svc`, ports: { redis: port } });
    await waitFor('ready', async () => {
      const st = await pod.status(h);
      return st.state === 'running' && st.ready;
    });
    const ep = await pod.workerEndpoint(h);
    expect(ep.host).toBe('127.0.0.1');
    expect(ep.ports.redis).not.toBe(port);
    expect(await pod.workerEndpoint(h)).toEqual(ep);
    const redis = new Redis({ host: ep.host, port: ep.ports.redis, lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      await redis.connect();
      expect(await redis.ping()).toBe('PONG');
      expect(await redis.set('k', 'v')).toBe('OK');
      expect(await redis.get('k')).toBe('v');
    } finally {
      redis.disconnect();
    }
    await pod.stop(h);
    expect(existsSync(h.logFile)).toBe(true);
  } finally {
    await pod.close();
  }
});
