import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runBench, sandbox, startWorkerProcess, WorkerProcess } from '../../helpers/bench-cli';
import { ensureSlurmCluster, onNode, slurmCli, type Connection } from '../../helpers/slurm-cluster';
import { testClient } from '../../helpers/temporal-client';
import { waitFor } from '../../helpers/wait-for';
import { writeRecipe, SLURM_CONNECTION } from '../../helpers/recipe-file';
import { progressQuery } from '../../../src/workflows/queries';

/** Jobs of an experiment that SLURM's job completion log has seen, by role. */
function completedJobs(conn: Connection, experimentId: string): { name: string; state: string }[] {
  const log = readFileSync(path.join(path.dirname(conn.slurmConf), 'jobcomp.log'), 'utf8');
  return log
    .split('\n')
    .filter((l) => l.includes(`Name=bench-${experimentId}.`))
    .map((l) => ({ name: /Name=(\S+)/.exec(l)![1], state: /JobState=(\S+)/.exec(l)![1] }));
}

describe('experiments on the real SLURM test cluster', () => {
  let conn: Connection;
  let worker: WorkerProcess | undefined;
  beforeAll(async () => {
    conn = await ensureSlurmCluster();
  });
  afterEach(async () => worker?.kill());

  it('runs the SLURM quickstart end to end: a service job, client jobs, results and job output collected', async () => {
    const box = sandbox('slurm-quickstart');
    const res = await runBench(['run', 'recipes/quickstart-slurm.yaml', '--json', '--output', box.experiments], box.env, 240_000);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout.trim().split('\n').pop()!);
    expect(out.summary.totals.instances).toEqual({ planned: 2, completed: 2, failed: 0 });
    expect(out.summary.totals.opsPerSec).toBeGreaterThan(0);
    expect(out.summary.experiment.backend).toBe('slurm');
    for (const f of ['logs/service-redis.log', 'logs/client-mixed.log', 'metrics/clients/mixed-0.result.json', 'metrics/clients/mixed-1.result.json', 'reports/raw_results.csv']) {
      expect(existsSync(path.join(out.folder, f))).toBe(true);
    }
    expect(readFileSync(path.join(out.folder, 'logs/service-redis.log'), 'utf8')).toMatch(/Ready to accept connections/);
    const jobs = completedJobs(conn, out.experimentId);
    expect(jobs.filter((j) => j.name.includes('.service.'))).toHaveLength(1);
    // The client group is one job of two tasks, one `bench client` per task.
    expect(jobs.filter((j) => j.name.includes('.client.'))).toEqual([{ name: `bench-${out.experimentId}.client.mixed`, state: 'COMPLETED' }]);
    const clientLog = readFileSync(path.join(out.folder, 'logs/client-mixed.log'), 'utf8');
    expect(clientLog).toMatch(/mixed-0: \d+ requests/);
    expect(clientLog).toMatch(/mixed-1: \d+ requests/);
    expect(await slurmCli(conn, 'squeue', ['-h', '-o', '%j'])).not.toContain(out.experimentId);
  });

  it('cancel leaves nothing in squeue', async () => {
    const box = sandbox('slurm-cancel');
    worker = await startWorkerProcess(box.env);
    const recipe = writeRecipe('slurm-long', readFileSync('recipes/quickstart-slurm.yaml', 'utf8').replace('connection: ../.bench/slurm/connection.json', `connection: ${SLURM_CONNECTION}`).replace('duration: 8s', 'duration: 120s'));
    const started = await runBench(['start', recipe, '--json', '--output', box.experiments], box.env, 60_000);
    const { experimentId } = JSON.parse(started.stdout);
    const { client, close } = await testClient();
    try {
      const handle = client.workflow.getHandle(experimentId);
      await waitFor('clients running', async () => (await handle.query(progressQuery)).clients.requests > 0, 120_000, 500);
      expect(await slurmCli(conn, 'squeue', ['-h', '-o', '%j'])).toContain(experimentId);
      const res = await runBench(['cancel', experimentId], box.env, 120_000);
      expect(res.code).toBe(0);
      expect((await handle.describe()).status.name).toBe('CANCELLED');
      expect(await slurmCli(conn, 'squeue', ['-h', '-o', '%j'])).not.toContain(experimentId);
    } finally {
      await close();
    }
  });

  it('recipe values cannot inject commands: $(...), backticks and quotes stay literal on the cluster', async () => {
    const box = sandbox('slurm-inject');
    const marker = `inj${Date.now()}`;
    const evil = `$(touch ${marker}a) \`touch ${marker}b\` '; touch ${marker}c; ' "; touch ${marker}d; "`;
    const recipe = writeRecipe(
      'slurm-inject',
      `name: slurm-inject
backend: slurm
slurm: {connection: ${SLURM_CONNECTION}}
services:
  - name: redis
    kind: redis
    env: {EVIL: ${JSON.stringify(evil)}}
    args: ["--loglevel", "notice", "--client-output-buffer-limit", "pubsub 32mb 8mb 60"]
workload:
  clients:
    - name: load
      driver: redis
      target: redis
      executor: {type: closed-loop, connections: 1}
      duration: 2s
      options: {command: get, keyPrefix: ${JSON.stringify(evil)}}
`,
    );
    const res = await runBench(['run', recipe, '--json', '--output', box.experiments], box.env, 240_000);
    expect(res.code).toBe(0);
    // Everywhere a job or the orchestrator could have run a shell: the shared folder, the worker's temp
    // folders and checkout, and each node's own /tmp (hidden from the worker).
    const look = (places: string[]) => `find ${places.join(' ')} -maxdepth 6 -name '${marker}*' 2>/dev/null | head -5; true`;
    const found = [
      await slurmCli(conn, 'bash', ['-c', look([conn.sharedDir, box.home, process.cwd(), '/root'])]),
      await onNode(conn, 'n1', look(['/tmp'])),
      await onNode(conn, 'n2', look(['/tmp'])),
    ].join('');
    expect(found.trim()).toBe('');
  });

  it('a node where bench is not installed: the run fails and says why (the job\'s last output), not only its exit code', async () => {
    const box = sandbox('slurm-no-bench');
    const recipe = writeRecipe(
      'slurm-no-bench',
      `name: slurm-no-bench
backend: slurm
slurm: {connection: ${SLURM_CONNECTION}, benchCommand: [node, /opt/not-installed/bench.js]}
services:
  - name: redis
    kind: redis
workload:
  clients:
    - name: load
      driver: redis
      target: redis
      executor: {type: closed-loop, connections: 1}
      duration: 2s
`,
    );
    const res = await runBench(['run', recipe, '--json', '--output', box.experiments], box.env, 240_000);
    expect(res.code).toBe(1);
    const out = JSON.parse(res.stdout.trim().split('\n').pop()!);
    const warnings: string[] = JSON.parse(readFileSync(path.join(out.folder, 'metrics/summary.json'), 'utf8')).warnings;
    expect(warnings.find((w) => w.startsWith('client load-0 failed'))).toMatch(/last output: .*Cannot find module '\/opt\/not-installed\/bench\.js'/);
  });
});
