import path from 'node:path';
import os from 'node:os';
import type { LaunchSpec } from '../../../src/backends/backend';
import { SlurmBackend, waitForRunning } from '../../../src/backends/slurm';
import { cancelJobsNamed, ensureSlurmCluster, freePort, pollUntil, redisPing, slurmCli, uniqueExperiment, type Connection } from '../../helpers/slurm-cluster';

let conn: Connection;
let backend: SlurmBackend;
const experiment = uniqueExperiment('redis');

beforeAll(async () => {
  conn = await ensureSlurmCluster();
  backend = new SlurmBackend(conn);
});
afterEach(() => cancelJobsNamed(conn, `bench-${experiment}`));
afterAll(() => backend.close());

async function redisSpec(name: string): Promise<LaunchSpec> {
  const port = await freePort();
  return {
    id: `${experiment}.service.${name}.0`,
    labels: { experiment, role: 'service', name },
    command: ['/usr/bin/redis-server', '--port', String(port), '--save', '', '--appendonly', 'no'],
    ports: { redis: port },
    logFile: path.join(os.tmpdir(), `${experiment}-${name}.log`),
  };
}

test('a redis-server job runs, answers PING on its endpoint, logs, and stop leaves nothing in squeue', async () => {
  const spec = await redisSpec('redis');
  const t0 = Date.now();
  const handle = await backend.launch(spec);
  const status = await waitForRunning(backend, handle, { pollMs: 100, maxPendingMs: 60_000 });
  const tRunning = Date.now();
  expect(status.state).toBe('running');
  expect(status.nodes?.[0]).toMatch(/^n[12]$/);

  const ep = await backend.endpoints(handle);
  expect(ep).toEqual({ host: '127.0.0.1', ports: { redis: spec.ports!.redis } });
  const pong = await pollUntil('redis to answer PING', () => redisPing(ep.host, ep.ports.redis).catch(() => undefined));
  expect(pong).toBe('+PONG');
  console.log(`slurm job start latency: submit→running ${tRunning - t0} ms, submit→PONG ${Date.now() - t0} ms`);

  const logs = await pollUntil('redis output in the job log', async () => ((await backend.logs(handle)).includes('Ready to accept connections') ? backend.logs(handle) : undefined));
  expect(logs.length).toBeGreaterThan(0);
  expect((await backend.logs(handle, 20)).length).toBeLessThanOrEqual(20);
  expect(await backend.downloadLogs(handle)).toBe(spec.logFile);

  await backend.stop(handle);
  await backend.stop(handle);
  expect((await backend.status(handle)).state).toBe('stopped');
  const squeue = await slurmCli(conn, 'squeue', ['-h', '-o', '%A %j']);
  expect(squeue).not.toContain(handle.ref.jobName as string);
  await expect(redisPing(ep.host, ep.ports.redis)).rejects.toThrow();
});

test('launching the same spec twice submits one job', async () => {
  const spec = await redisSpec('twice');
  const a = await backend.launch(spec);
  const b = await backend.launch(spec);
  expect(b.ref.jobId).toBe(a.ref.jobId);
  const squeue = await slurmCli(conn, 'squeue', ['-h', `--name=${a.ref.jobName}`, '-o', '%A']);
  expect(squeue.trim().split('\n')).toEqual([a.ref.jobId]);
  await backend.stop(a);
  // The job completion log records every job that ever ended: exactly one with this name.
  const comp = await pollUntil('the job in the completion log', async () => {
    const out = await slurmCli(conn, 'sacct', ['-c', '-P', '--format=JobID,JobName,State']);
    const rows = out.split('\n').filter((l) => l.split('|')[1] === a.ref.jobName);
    return rows.length ? rows : undefined;
  });
  expect(comp).toEqual([`${a.ref.jobId}|${a.ref.jobName}|CANCELLED`]);
});
