import type { V1ContainerStatus, V1Deployment, V1Job, V1Pod } from '@kubernetes/client-node';
import { workloadStatus } from '../../../src/backends/kubernetes/pod-status';

const dep: V1Deployment = { metadata: { name: 'redis-abc' } };
let n = 0;
function pod(o: { phase?: string; main?: V1ContainerStatus; init?: V1ContainerStatus; ready?: boolean; index?: number; node?: string; scheduled?: { reason: string; message: string }; restartPolicy?: string; memory?: string; deleting?: boolean }): V1Pod {
  n++;
  return {
    metadata: {
      name: `p${n}`,
      creationTimestamp: new Date(1_000_000 + n * 1000),
      annotations: o.index === undefined ? {} : { 'batch.kubernetes.io/job-completion-index': String(o.index) },
      deletionTimestamp: o.deleting ? new Date() : undefined,
    },
    spec: {
      nodeName: o.scheduled ? undefined : (o.node ?? 'node-a'),
      restartPolicy: o.restartPolicy ?? 'Always',
      containers: [{ name: 'main', image: 'k8s.local/redis:7', resources: o.memory ? { limits: { memory: o.memory } } : undefined }],
      initContainers: o.init ? [{ name: 'bench-files', image: 'k8s.local/redis:7' }] : undefined,
    },
    status: {
      phase: o.phase ?? 'Running',
      hostIP: '127.0.0.1',
      conditions: [
        ...(o.scheduled ? [{ type: 'PodScheduled', status: 'False', reason: o.scheduled.reason, message: o.scheduled.message }] : [{ type: 'PodScheduled', status: 'True' }]),
        { type: 'Ready', status: o.ready ? 'True' : 'False' },
      ],
      containerStatuses: o.main ? [o.main] : undefined,
      initContainerStatuses: o.init ? [o.init] : undefined,
    },
  };
}
const cs = (state: V1ContainerStatus['state'], extra: Partial<V1ContainerStatus> = {}): V1ContainerStatus => ({ name: 'main', image: 'k8s.local/redis:7', imageID: '', ready: false, restartCount: 0, state, ...extra });
const deployment = (...pods: V1Pod[]) => workloadStatus({ kind: 'Deployment', name: 'redis-abc', workload: dep, pods });

describe('kubernetes pod status', () => {
  it('says lost when the workload was deleted outside bench', () => {
    expect(workloadStatus({ kind: 'Deployment', name: 'redis-abc', pods: [] }).status).toEqual({ state: 'lost', reason: 'Deployment redis-abc was deleted outside bench' });
  });

  it('reports a running pod with readiness, restarts and node', () => {
    const running = pod({ main: cs({ running: {} }, { restartCount: 2 }), ready: true });
    const s = deployment(running).status;
    expect(s).toEqual({ state: 'running', ready: true, restarts: 2, nodes: ['node-a'], incarnation: `${running.metadata!.name}/2` });
    expect(deployment(pod({ main: cs({ running: {} }) })).status.ready).toBe(false);
  });

  it('names the serving process: a replaced pod or a restarted container is another incarnation', () => {
    const first = pod({ main: cs({ running: {} }), ready: true });
    first.metadata!.uid = 'uid-1';
    const replacement = pod({ main: cs({ running: {} }), ready: true });
    replacement.metadata!.uid = 'uid-2';
    const restarted = pod({ main: cs({ running: {} }, { restartCount: 1 }), ready: true });
    restarted.metadata!.uid = 'uid-1';
    expect(deployment(first).status.incarnation).toBe('uid-1/0');
    expect(deployment(replacement).status.incarnation).toBe('uid-2/0');
    expect(deployment(restarted).status.incarnation).toBe('uid-1/1');
  });

  it('is pending with the scheduler message when unschedulable', () => {
    const s = deployment(pod({ phase: 'Pending', scheduled: { reason: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient cpu.' } })).status;
    expect(s.state).toBe('pending');
    expect(s.reason).toMatch(/^unschedulable: 0\/1 nodes are available: 1 Insufficient cpu\./);
  });

  it.each([
    ['ErrImageNeverPull', /image k8s\.local\/redis:7 is not on node node-a and imagePullPolicy is Never.*imageMap/],
    ['ImagePullBackOff', /image k8s\.local\/redis:7 cannot be pulled \(ImagePullBackOff: back-off\).*registry/],
    ['InvalidImageName', /not a valid image reference/],
    ['CreateContainerConfigError', /cannot start \(CreateContainerConfigError: back-off\)/],
  ])('fails at once on %s, naming the image and the fix', (reason, pattern) => {
    const s = deployment(pod({ phase: 'Pending', main: cs({ waiting: { reason, message: 'back-off' } }) })).status;
    expect(s.state).toBe('failed');
    expect(s.reason).toMatch(pattern);
  });

  it('fails on a crash loop and asks for the previous container log; OOMKilled names the limit', () => {
    const crash = deployment(pod({ main: cs({ waiting: { reason: 'CrashLoopBackOff' } }, { restartCount: 3, lastState: { terminated: { exitCode: 2, reason: 'Error' } } }) }));
    expect(crash.status).toMatchObject({ state: 'failed', exitCode: 2, restarts: 3 });
    expect(crash.status.reason).toMatch(/keeps crashing \(restarted 3 times; last exited with code 2\)/);
    expect(crash.crashed).toEqual({ pod: expect.any(String), container: 'main', previous: true });
    const oom = deployment(pod({ memory: '64Mi', main: cs({ terminated: { exitCode: 137, reason: 'OOMKilled' } }) }));
    expect(oom.status.state).toBe('failed');
    expect(oom.status.reason).toMatch(/OOMKilled at memory limit 64Mi/);
    expect(oom.crashed?.previous).toBe(false);
  });

  it('blames a failing init container by name', () => {
    const s = deployment(pod({ phase: 'Pending', init: cs({ terminated: { exitCode: 127, reason: 'Error' } }, { name: 'bench-files' }) })).status;
    expect(s.state).toBe('failed');
    expect(s.reason).toMatch(/init container bench-files of pod p\d+ exited with code 127/);
  });

  it('looks at the newest pod that is not being deleted', () => {
    const old = pod({ main: cs({ running: {} }), ready: true, deleting: true });
    const fresh = pod({ phase: 'Pending', main: cs({ waiting: { reason: 'ContainerCreating' } }) });
    expect(deployment(old, fresh).status).toMatchObject({ state: 'pending', reason: expect.stringMatching(/ContainerCreating/) });
    expect(deployment(old).status.state).toBe('pending');
  });

  describe('jobs', () => {
    const job = (status: V1Job['status'], completions = 2): V1Job => ({ metadata: { name: 'load-abc' }, spec: { completionMode: 'Indexed', completions, template: {} }, status });
    const jobStatus = (j: V1Job, ...pods: V1Pod[]) => workloadStatus({ kind: 'Job', name: 'load-abc', workload: j, pods });
    const done = (index: number, exitCode: number) =>
      pod({ index, restartPolicy: 'Never', phase: exitCode === 0 ? 'Succeeded' : 'Failed', main: cs({ terminated: { exitCode, reason: exitCode ? 'Error' : 'Completed' } }) });
    const running = (index: number) => pod({ index, restartPolicy: 'Never', main: cs({ running: {} }), ready: true });

    it('runs while active, with per-task detail; one failed rank does not fail the group yet', () => {
      const s = jobStatus(job({ active: 1, failed: 1 }), done(0, 3), running(1)).status;
      expect(s.state).toBe('running');
      expect(s.tasks).toEqual([
        { rank: 0, state: 'failed', exitCode: 3, reason: expect.stringMatching(/exited with code 3/), node: 'node-a' },
        { rank: 1, state: 'running', node: 'node-a' },
      ]);
    });

    it('exits 0 once every rank succeeded, before the Job controller says Complete; running while it concludes a failure', () => {
      expect(jobStatus(job({ active: 0 }), done(0, 0), done(1, 0)).status).toMatchObject({ state: 'exited', exitCode: 0 });
      expect(jobStatus(job({ active: 0 }), done(0, 0), done(1, 2)).status).toMatchObject({ state: 'running', reason: expect.stringMatching(/waiting for its verdict/) });
    });

    it('exits 0 when Complete', () => {
      const s = jobStatus(job({ succeeded: 2, conditions: [{ type: 'Complete', status: 'True' }] }), done(0, 0), done(1, 0)).status;
      expect(s).toMatchObject({ state: 'exited', exitCode: 0, nodes: ['node-a'] });
      expect(s.tasks?.map((t) => t.state)).toEqual(['exited', 'exited']);
    });

    it('fails with the reason, the failed indexes and the exit code', () => {
      const v = jobStatus(job({ failed: 1, succeeded: 1, failedIndexes: '1', conditions: [{ type: 'Failed', status: 'True', reason: 'FailedIndexes', message: 'Job has failed indexes' }] }), done(0, 0), done(1, 4));
      expect(v.status.state).toBe('failed');
      expect(v.status.exitCode).toBe(4);
      expect(v.status.reason).toMatch(/Job load-abc failed \(FailedIndexes: Job has failed indexes\); failed tasks 1; container main of pod p\d+ exited with code 4/);
      expect(v.crashed?.previous).toBe(false);
    });

    it('fails when a task cannot pull its image and is pending when unschedulable', () => {
      const pull = pod({ index: 0, restartPolicy: 'Never', phase: 'Pending', main: cs({ waiting: { reason: 'ErrImageNeverPull', message: 'never pull' } }) });
      expect(jobStatus(job({ active: 1 }, 1), pull).status.state).toBe('failed');
      const unsched = pod({ index: 0, restartPolicy: 'Never', phase: 'Pending', scheduled: { reason: 'Unschedulable', message: 'Insufficient cpu' } });
      expect(jobStatus(job({ active: 1 }, 1), unsched).status).toMatchObject({ state: 'pending', reason: expect.stringMatching(/^unschedulable: Insufficient cpu/) });
    });
  });
});
