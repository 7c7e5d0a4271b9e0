import { readFileSync } from 'node:fs';
import { runBench, sandbox, startWorkerProcess, WorkerProcess } from '../helpers/bench-cli';
import { ensureSlurmCluster, slurmCli, type Connection } from '../helpers/slurm-cluster';
import { testClient } from '../helpers/temporal-client';
import { waitFor } from '../helpers/wait-for';
import { SLURM_CONNECTION, writeRecipe } from '../helpers/recipe-file';
import { progressQuery } from '../../src/workflows/queries';
import type { ExperimentResult } from '../../src/workflows/types';

describe("fault: the service's node goes down mid-run (SLURM, two virtual nodes)", () => {
  let conn: Connection;
  let worker: WorkerProcess | undefined;
  beforeAll(async () => {
    conn = await ensureSlurmCluster();
  });
  afterEach(async () => {
    await worker?.kill('SIGKILL');
    for (const node of ['n1', 'n2']) await slurmCli(conn, 'scontrol', ['update', `nodename=${node}`, 'state=resume']).catch(() => undefined);
  });

  it('reschedules the service on the healthy node; the experiment completes with the restart and the gap recorded', async () => {
    // The service starts on n1 (n2 drained); clients go to partition n2only and run once n2 is resumed.
    await slurmCli(conn, 'scontrol', ['update', 'nodename=n2', 'state=drain', 'reason=test-placement']);
    const box = sandbox('slurm-node');
    worker = await startWorkerProcess(box.env);
    const recipe = writeRecipe(
      'slurm-node',
      `name: slurm-node
backend: slurm
slurm: {connection: ${SLURM_CONNECTION}}
scheduling: {maxPending: 5m}
services:
  - name: redis
    kind: redis
    restart: {maxRetries: 2, backoff: 500ms}
    healthCheck: {failureThreshold: 1, timeout: 60s}
workload:
  clients:
    - name: load
      driver: redis
      target: redis
      instances: 2
      placement: {partition: n2only}
      executor: {type: closed-loop, connections: 2}
      duration: 30s
      options: {command: mixed}
`,
    );
    const started = await runBench(['start', recipe, '--json', '--output', box.experiments], box.env, 60_000);
    const { experimentId } = JSON.parse(started.stdout);
    const { client, close } = await testClient();
    try {
      const handle = client.workflow.getHandle(experimentId);
      await waitFor('service ready', async () => (await handle.query(progressQuery)).services[0].state === 'ready', 90_000, 300);
      const serviceNode = (await slurmCli(conn, 'squeue', ['-h', '-o', '%j|%N'])).split('\n').find((l) => l.startsWith(`bench-${experimentId}.service.`))!.split('|')[1];
      expect(serviceNode).toBe('n1');
      await slurmCli(conn, 'scontrol', ['update', 'nodename=n2', 'state=resume']);
      await waitFor('load flowing', async () => (await handle.query(progressQuery)).clients.requests > 1000, 90_000, 300);

      await slurmCli(conn, 'scontrol', ['update', 'nodename=n1', 'state=down', 'reason=test-node-failure']);
      const downAt = Date.now();
      const result = (await handle.result()) as ExperimentResult;
      process.stdout.write(`slurm-node-failure: experiment ended ${Math.round((Date.now() - downAt) / 1000)} s after the node went down\n`);
      expect(result.status).toBe('completed');
      const summary = JSON.parse(readFileSync(`${result.folder}/metrics/summary.json`, 'utf8'));
      expect(summary.services[0].restarts).toBe(1);
      expect(summary.services[0].downIntervals).toHaveLength(1);
      const gap = summary.services[0].downIntervals[0];
      expect(Date.parse(gap.to) - Date.parse(gap.from)).toBeGreaterThan(0);
      expect(summary.totals.instances.completed).toBe(2);
      const services = readFileSync(`${conn.slurmConf.replace(/slurm\.conf$/, '')}jobcomp.log`, 'utf8').split('\n').filter((l) => l.includes(`Name=bench-${experimentId}.service.`));
      expect(services.some((l) => /JobState=NODE_FAIL/.test(l) && /NodeList=n1/.test(l))).toBe(true);
      expect(services.some((l) => /NodeList=n2/.test(l))).toBe(true);
    } finally {
      await close();
    }
  });
});
