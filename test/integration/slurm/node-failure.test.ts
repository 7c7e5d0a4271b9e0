import os from 'node:os';
import path from 'node:path';
import { SlurmBackend, waitForRunning } from '../../../src/backends/slurm';
import { cancelJobsNamed, ensureSlurmCluster, freePort, pollUntil, redisPing, slurmCli, uniqueExperiment, type Connection } from '../../helpers/slurm-cluster';

let conn: Connection;
let backend: SlurmBackend;
const experiment = uniqueExperiment('nodefail');
let downed: string | undefined;

beforeAll(async () => {
  conn = await ensureSlurmCluster();
  backend = new SlurmBackend(conn);
});
afterEach(async () => {
  await cancelJobsNamed(conn, `bench-${experiment}`);
  if (downed) {
    await slurmCli(conn, 'scontrol', ['update', `nodename=${downed}`, 'state=resume']).catch(() => undefined);
    await pollUntil(`${downed} to be idle`, async () => ((await slurmCli(conn, 'sinfo', ['-h', '-N', '-n', downed!, '-o', '%t'])).trim() === 'idle' ? true : undefined));
  }
});
afterAll(() => backend.close());

test('a node going down marks the job lost on that node, and resubmitExcluding runs it on the other', async () => {
  const port = await freePort();
  const spec = {
    id: `${experiment}.service.redis.0`,
    labels: { experiment, role: 'service' as const, name: 'redis' },
    command: ['/usr/bin/redis-server', '--port', String(port), '--save', '', '--appendonly', 'no'],
    ports: { redis: port },
    logFile: path.join(os.tmpdir(), `${experiment}.log`),
  };
  const first = await backend.launch(spec);
  const running = await waitForRunning(backend, first, { pollMs: 100, maxPendingMs: 60_000 });
  const node = running.nodes![0];
  downed = node;
  await slurmCli(conn, 'scontrol', ['update', `nodename=${node}`, 'state=down', 'reason=bench-test']);

  const lost = await pollUntil('the job to be lost', async () => {
    const s = await backend.status(first);
    return s.state === 'lost' ? s : undefined;
  });
  expect(lost.nodes).toEqual([node]);
  expect(lost.reason).toContain(node);

  const second = await backend.resubmitExcluding(first, lost.nodes!);
  expect(second.ref.jobId).not.toBe(first.ref.jobId);
  expect(second.ref.excluded).toEqual([node]);
  const again = await waitForRunning(backend, second, { pollMs: 100, maxPendingMs: 60_000 });
  expect(again.state).toBe('running');
  expect(again.nodes).toHaveLength(1);
  expect(again.nodes![0]).not.toBe(node);
  const ep = await backend.endpoints(second);
  expect(await pollUntil('PING on the new node', () => redisPing(ep.host, ep.ports.redis).catch(() => undefined))).toBe('+PONG');
  // A retried resubmission finds the new job instead of submitting a third.
  expect((await backend.resubmitExcluding(first, lost.nodes!)).ref.jobId).toBe(second.ref.jobId);
  // So does a retried launch.
  expect((await backend.launch(spec)).ref.jobId).toBe(second.ref.jobId);
  await backend.stop(second);
});
