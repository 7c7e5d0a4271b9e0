import type { V1Deployment, V1Job } from '@kubernetes/client-node';
import type { LaunchSpec } from '../../../src/backends/backend';
import { buildObjects, handleFor, workspaceRoot } from '../../../src/backends/kubernetes/manifests';
import { fileKey } from '../../../src/backends/kubernetes/names';
import { kubernetesSettingsSchema, type KubernetesSettings } from '../../../src/backends/kubernetes/settings';

const root = workspaceRoot('exp-1');
const settings = (extra: Partial<KubernetesSettings> = {}): KubernetesSettings => ({ ...kubernetesSettingsSchema.parse({}), ...extra });
const spec = (extra: Partial<LaunchSpec> = {}): LaunchSpec => ({
  id: 'service.redis.0',
  labels: { experiment: 'exp-1', role: 'service', name: 'redis' },
  command: ['redis-server', '--port', '6390'],
  image: 'redis:7',
  ports: { redis: 6390 },
  logFile: '/tmp/x/logs/redis.log',
  ...extra,
});
const objects = (s: LaunchSpec, st = settings()) => buildObjects(s, st, handleFor(s, st, 'bench-exp-1', '2026-01-01T00:00:00.000Z'));

describe('kubernetes manifests', () => {
  it('runs a service as a one-replica Deployment on the host network, with the handle in an annotation', () => {
    const st = settings({ network: 'host', bindAddress: '127.0.0.1', imagePullPolicy: 'Never', imageMap: { 'redis:7': 'k8s.local/redis:7' } });
    const s = spec({ readiness: { tcp: 6390 }, resources: { cpus: 0.5, memoryMb: 256, gpus: 1 }, env: { A: '1' }, cwd: 'work' });
    const { workload, service, configMap } = objects(s, st);
    const dep = workload as V1Deployment;
    expect(dep.kind).toBe('Deployment');
    expect(service).toBeUndefined();
    expect(configMap).toBeUndefined();
    expect(dep.spec?.replicas).toBe(1);
    expect(dep.metadata?.labels).toMatchObject({ 'bench.dev/experiment': 'exp-1', 'bench.dev/role': 'service', 'bench.dev/name': 'redis' });
    expect(dep.spec?.template.metadata?.labels?.['bench.dev/launch']).toMatch(/^[0-9a-f]{10}$/);
    const handle = JSON.parse(dep.metadata!.annotations!['bench.dev/handle']);
    expect(handle).toMatchObject({ backend: 'kubernetes', id: 'service.redis.0', ports: { redis: 6390 }, ref: { kind: 'Deployment', namespace: 'bench-exp-1', network: 'host' } });
    const pod = dep.spec!.template.spec!;
    expect(pod.hostNetwork).toBe(true);
    expect(pod.dnsPolicy).toBe('ClusterFirstWithHostNet');
    expect(pod.restartPolicy).toBe('Always');
    const c = pod.containers[0];
    expect(c.image).toBe('k8s.local/redis:7');
    expect(c.imagePullPolicy).toBe('Never');
    expect(c.command).toEqual(['redis-server', '--port', '6390']);
    expect(c.workingDir).toBe(`${root}/work`);
    expect(c.env).toEqual([{ name: 'A', value: '1' }]);
    expect(c.resources).toEqual({ requests: { cpu: '500m', memory: '256Mi' }, limits: { cpu: '500m', memory: '256Mi', 'nvidia.com/gpu': '1' } });
    expect(c.readinessProbe).toMatchObject({ tcpSocket: { port: 6390, host: '127.0.0.1' }, periodSeconds: 1, failureThreshold: 1 });
    expect(c.ports).toEqual([{ containerPort: 6390, protocol: 'TCP' }]);
    expect(c.volumeMounts).toEqual([{ name: 'bench-workspace', mountPath: root }]);
  });

  it('adds a ClusterIP Service in the pod network and honours placement and the service account', () => {
    const s = spec({
      ports: { redis: 6390, metrics: 9121 },
      placement: { nodeSelector: { disk: 'ssd' }, tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }] },
      readiness: { http: { port: 9121, path: '/health' } },
    });
    const { workload, service } = objects(s, settings({ serviceAccount: 'bench' }));
    const pod = (workload as V1Deployment).spec!.template.spec!;
    expect(pod.hostNetwork).toBeUndefined();
    expect(pod.nodeSelector).toEqual({ disk: 'ssd' });
    expect(pod.tolerations).toEqual([{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.serviceAccountName).toBe('bench');
    expect(pod.containers[0].readinessProbe?.httpGet).toEqual({ port: 9121, path: '/health', host: undefined });
    expect(service?.metadata?.name).toBe(workload.metadata?.name);
    expect(service?.spec?.type).toBe('ClusterIP');
    expect(service?.spec?.selector).toEqual((workload as V1Deployment).spec?.selector?.matchLabels);
    expect(service?.spec?.ports).toEqual([
      { name: 'redis', port: 6390, targetPort: 6390, protocol: 'TCP' },
      { name: 'metrics', port: 9121, targetPort: 9121, protocol: 'TCP' },
    ]);
  });

  it('runs a client task group as an Indexed Job whose ranks fail alone, with files copied into the workspace and outputs framed', () => {
    const s = spec({
      id: 'client.load.0',
      labels: { experiment: 'exp-1', role: 'client', name: 'load' },
      command: ['bench', 'client', '--spec', `${root}/clients/load-{rank}.spec.json`],
      taskGroup: true,
      resources: { tasks: 2 },
      ports: {},
      files: [
        { path: `${root}/clients/load-0.spec.json`, content: '{"r":0}' },
        { path: `${root}/clients/load-1.spec.json`, content: '{"r":1}' },
        { path: '/etc/outside.conf', content: 'x' },
      ],
      outputs: [`${root}/clients/load-{rank}.result.json`],
    });
    const { workload, configMap } = objects(s);
    const job = workload as V1Job;
    expect(job.kind).toBe('Job');
    expect(job.spec).toMatchObject({ completionMode: 'Indexed', completions: 2, parallelism: 2, backoffLimitPerIndex: 0 });
    expect(job.spec?.backoffLimit).toBeUndefined();
    expect(job.spec?.ttlSecondsAfterFinished).toBeUndefined();
    const pod = job.spec!.template.spec!;
    expect(pod.restartPolicy).toBe('Never');
    const main = pod.containers[0];
    expect(main.env).toContainEqual({ name: 'BENCH_CLIENT_RANK', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } });
    // Outputs: the wrapper gets the count, the paths and the command as arguments.
    expect(main.command!.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(main.command!.slice(3)).toEqual(['bench-launch', '1', `${root}/clients/load-{rank}.result.json`, 'bench', 'client', '--spec', `${root}/clients/load-{rank}.spec.json`]);
    expect(main.command![2]).not.toContain(root);
    expect(configMap?.metadata?.name).toBe(`${job.metadata?.name}-files`);
    expect(configMap?.data).toEqual({
      [fileKey(`${root}/clients/load-0.spec.json`)]: '{"r":0}',
      [fileKey(`${root}/clients/load-1.spec.json`)]: '{"r":1}',
      [fileKey('/etc/outside.conf')]: 'x',
    });
    // The outputs' folder exists from the start; files outside the workspace: a read-only mount; inside: copied by the init container so they stay writable.
    expect(main.volumeMounts).toEqual([
      { name: 'bench-workspace', mountPath: root },
      { name: 'bench-workspace', mountPath: `${root}/clients`, subPath: 'clients' },
      { name: 'bench-files', mountPath: '/etc/outside.conf', subPath: fileKey('/etc/outside.conf'), readOnly: true },
    ]);
    const init = pod.initContainers![0];
    expect(init.image).toBe('redis:7');
    expect(init.command!.slice(3)).toEqual([
      'bench-files',
      `/bench-files-src/${fileKey(`${root}/clients/load-0.spec.json`)}`,
      `${root}/clients/load-0.spec.json`,
      `/bench-files-src/${fileKey(`${root}/clients/load-1.spec.json`)}`,
      `${root}/clients/load-1.spec.json`,
    ]);
    expect(init.volumeMounts).toContainEqual({ name: 'bench-workspace', mountPath: `${root}/clients`, subPath: 'clients' });
    expect(pod.volumes).toContainEqual({ name: 'bench-files', configMap: { name: configMap?.metadata?.name } });
  });

  it('runs a single client as a one-completion Job without retries', () => {
    const s = spec({ id: 'client.one.0', labels: { experiment: 'exp-1', role: 'client', name: 'one' } });
    const job = objects(s).workload as V1Job;
    expect(job.spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 0 });
    expect(job.spec?.completionMode).toBeUndefined();
  });

  it('refuses a launch without an image, naming the launch and the fix', () => {
    expect(() => objects(spec({ image: undefined }))).toThrow(/service\.redis\.0.*services\[\]\.image/);
  });
});
