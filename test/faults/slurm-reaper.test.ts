import { readFileSync } from 'node:fs';
import type { ReaperResult } from '../../src/workflows/reaper';
import { progressQuery } from '../../src/workflows/queries';
import { runBench, sandbox, startWorkerProcess, type WorkerProcess } from '../helpers/bench-cli';
import { writeRecipe, SLURM_CONNECTION } from '../helpers/recipe-file';
import { ensureSlurmCluster, slurmCli, type Connection } from '../helpers/slurm-cluster';
import { testClient } from '../helpers/temporal-client';
import { waitFor } from '../helpers/wait-for';

/** Names of the jobs in squeue that belong to `experimentId`. */
async function jobsOf(conn: Connection, experimentId: string): Promise<string[]> {
  return (await slurmCli(conn, 'squeue', ['-h', '-o', '%j'])).split('\n').filter((n) => n.includes(experimentId));
}

describe('fault: a SLURM experiment is terminated (no teardown runs); the reaper empties the queue', () => {
  let conn: Connection;
  let worker: WorkerProcess | undefined;
  const box = sandbox('slurm-reaper');
  beforeAll(async () => {
    conn = await ensureSlurmCluster();
    worker = await startWorkerProcess(box.env);
  });
  afterAll(async () => {
    await worker?.kill();
    await runBench(['reaper', 'uninstall'], box.env, 60_000).catch(() => undefined);
  });

  it('finds the jobs by their labels and cancels every one, service, monitor, exporter and clients', async () => {
    const recipe = writeRecipe(
      'slurm-reaped',
      readFileSync('recipes/quickstart-slurm.yaml', 'utf8')
        .replace('connection: ../.bench/slurm/connection.json', `connection: ${SLURM_CONNECTION}`)
        .replace('duration: 8s', 'duration: 10m')
        .replace('scheduling:', 'monitoring: {enabled: true, worker: false}\nscheduling:'),
    );
    const started = await runBench(['start', recipe, '--json', '--output', box.experiments], box.env, 60_000);
    expect(started.code).toBe(0);
    const { experimentId } = JSON.parse(started.stdout);
    const { client, close } = await testClient();
    try {
      const handle = client.workflow.getHandle(experimentId);
      await waitFor('clients running', async () => (await handle.query(progressQuery)).clients.requests > 0, 180_000, 500);
      await handle.terminate('fault test: terminate skips the teardown');
      const left = await jobsOf(conn, experimentId);
      // The service, Prometheus, the Redis exporter and the client group's job.
      expect(left).toHaveLength(4);
      for (const part of ['.service.redis.', '.monitor.prometheus.', '.exporter.redis.', '.client.mixed']) expect(left.some((n) => n.includes(part))).toBe(true);

      const res = await runBench(['reaper', 'run', '--json', '--recipe', recipe], box.env, 180_000);
      expect(res.code).toBe(0);
      const pass = JSON.parse(res.stdout) as ReaperResult;
      const mine = pass.removed.filter((r) => r.experiment === experimentId);
      expect(mine.map((r) => `${r.backend}:${r.role}:${r.name}`).sort()).toEqual(['slurm:client:mixed', 'slurm:exporter:redis-exporter', 'slurm:monitor:prometheus', 'slurm:service:redis']);
      expect(mine.every((r) => r.workflowStatus === 'TERMINATED' && !r.error)).toBe(true);
      expect(await jobsOf(conn, experimentId)).toEqual([]);
      const log = readFileSync(`${box.experiments}/${experimentId}/logs/orchestrator.log`, 'utf8');
      expect(log.match(/"event":"reaped"/g)?.length).toBe(4);
    } finally {
      await close();
    }
  }, 420_000);

  it('`bench reaper install --recipe` keeps the cluster in the Schedule, so scheduled runs look there too', async () => {
    const recipe = writeRecipe('slurm-reaper-schedule', readFileSync('recipes/quickstart-slurm.yaml', 'utf8').replace('connection: ../.bench/slurm/connection.json', `connection: ${SLURM_CONNECTION}`));
    const installed = await runBench(['reaper', 'install', '--every', '1h', '--recipe', recipe], box.env, 60_000);
    expect(installed.code).toBe(0);
    const { client, close } = await testClient();
    try {
      const desc = await client.schedule.getHandle('bench-reaper').describe();
      const args = (desc.action as { args?: { targets: { kind: string }[] }[] }).args;
      expect(args?.[0].targets.map((t) => t.kind).sort()).toEqual(['local', 'slurm']);
    } finally {
      await close();
    }
  }, 120_000);
});
