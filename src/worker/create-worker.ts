/** A Temporal worker hosting bench's workflows and activities for one task queue. */
import { NativeConnection, Worker } from '@temporalio/worker';
import path from 'node:path';
import { createActivities } from '../activities';
import { createBackendRegistry } from '../backends/registry';
import { connectWorker } from '../temporal/connection';
import { temporalConfig } from '../temporal/config';
import { defaultStateDir } from '../temporal/dev-server';
import { PROJECT_ROOT } from '../temporal/temporal-cli';
import { taskQueue as defaultTaskQueue } from '../temporal/task-queue';
import { workflowBundle } from './workflow-bundle';

export interface BenchWorkerOptions {
  taskQueue?: string;
  stateDir?: string;
  connection?: NativeConnection;
  namespace?: string;
  /** Worker identity shown in Temporal (default: the SDK's pid@host). */
  identity?: string;
}

export interface BenchWorker {
  worker: Worker;
  connection: NativeConnection;
  ownsConnection: boolean;
  /** Closes what the backends hold open (ssh connections to login nodes): call after the worker stopped. */
  closeBackends(): Promise<void>;
}

export async function createBenchWorker(opts: BenchWorkerOptions = {}): Promise<BenchWorker> {
  const cfg = temporalConfig();
  const connection = opts.connection ?? (await connectWorker(cfg));
  const stateDir = path.resolve(opts.stateDir ?? defaultStateDir());
  const backends = createBackendRegistry(stateDir);
  const activities = createActivities({ backends, projectRoot: PROJECT_ROOT, stateDir });
  const worker = await Worker.create({
    connection,
    namespace: opts.namespace ?? cfg.namespace,
    taskQueue: opts.taskQueue ?? defaultTaskQueue(),
    workflowBundle: await workflowBundle(stateDir),
    activities,
    // Activities here mostly wait on processes and files: many may run at once on a small machine.
    maxConcurrentActivityTaskExecutions: 100,
    // Heartbeat timeouts are 5 s (policies.ts) so a killed worker's activities are retried within
    // seconds. The SDK would batch heartbeats to 80 % of that (4 s), leaving a busy machine 1 s of
    // slack: flush them every second instead.
    maxHeartbeatThrottleInterval: '1s',
    defaultHeartbeatThrottleInterval: '1s',
    // A workflow whose worker died moves to the shared queue after 2 s instead of the default 10 s.
    stickyQueueScheduleToStartTimeout: '2s',
    ...(opts.identity ? { identity: opts.identity } : {}),
  });
  return { worker, connection, ownsConnection: !opts.connection, closeBackends: () => backends.close() };
}
