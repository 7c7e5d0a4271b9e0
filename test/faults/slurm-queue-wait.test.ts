import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runBench, sandbox, startWorkerProcess, WorkerProcess } from '../helpers/bench-cli';
import { ensureSlurmCluster, slurmCli, type Connection } from '../helpers/slurm-cluster';
import { testClient } from '../helpers/temporal-client';
import { waitFor } from '../helpers/wait-for';
import { SLURM_CONNECTION, writeRecipe } from '../helpers/recipe-file';
import { progressQuery } from '../../src/workflows/queries';
import type { ExperimentResult } from '../../src/workflows/types';

describe('fault: the worker is killed (-9) while the experiment waits in the SLURM queue', () => {
  let conn: Connection;
  const workers: WorkerProcess[] = [];
  let blocker: string | undefined;
  beforeAll(async () => {
    conn = await ensureSlurmCluster();
  });
  afterEach(async () => {
    for (const w of workers) await w.kill('SIGKILL');
    if (blocker) await slurmCli(conn, 'scancel', [blocker]).catch(() => undefined);
  });

  it('a new worker resumes the wait; once the nodes free up the experiment completes with exactly one service job ever submitted', async () => {
    // Fill both nodes so the service job pends.
    blocker = (await slurmCli(conn, 'sbatch', ['--parsable', '--exclusive', '-N2', `--partition=${conn.partition}`, '--job-name=blocker', '--output=/dev/null', '--wrap', 'sleep 600'])).trim().split(';')[0];
    await waitFor('the blocker to run', async () => (await slurmCli(conn, 'squeue', ['-h', '-j', blocker!, '-o', '%T'])).trim() === 'RUNNING', 60_000, 300);

    const box = sandbox('slurm-queue');
    workers.push(await startWorkerProcess(box.env));
    const recipe = writeRecipe('slurm-queue', readFileSync('recipes/quickstart-slurm.yaml', 'utf8').replace('connection: ../.bench/slurm/connection.json', `connection: ${SLURM_CONNECTION}`).replace('duration: 8s', 'duration: 4s'));
    const started = await runBench(['start', recipe, '--json', '--output', box.experiments], box.env, 60_000);
    const { experimentId } = JSON.parse(started.stdout);
    const { client, close } = await testClient();
    try {
      const handle = client.workflow.getHandle(experimentId);
      await waitFor('the service to be queued', async () => (await handle.query(progressQuery)).services[0].state.startsWith('queued'), 60_000, 300);
      await workers[0].kill('SIGKILL');
      workers.push(await startWorkerProcess(box.env));
      // Still queued under the new worker, and still one submission.
      await waitFor('the new worker to report the wait', async () => (await handle.query(progressQuery)).services[0].state.startsWith('queued'), 60_000, 300);
      const queued = await slurmCli(conn, 'squeue', ['-h', '-o', '%j|%T']);
      expect(queued.split('\n').filter((l) => l.startsWith(`bench-${experimentId}.service.`))).toEqual([expect.stringMatching(/\|PENDING$/)]);

      await slurmCli(conn, 'scancel', [blocker]);
      const result = (await handle.result()) as ExperimentResult;
      expect(result.status).toBe('completed');
      expect(result.summary.instances.completed).toBe(2);
      const log = readFileSync(path.join(path.dirname(conn.slurmConf), 'jobcomp.log'), 'utf8');
      expect(log.split('\n').filter((l) => l.includes(`Name=bench-${experimentId}.service.`))).toHaveLength(1);
    } finally {
      await close();
    }
  });
});
