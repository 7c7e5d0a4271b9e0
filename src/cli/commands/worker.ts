import type { Command } from 'commander';
import { Runtime } from '@temporalio/worker';
import { createBenchWorker } from '../../worker/create-worker';
import { workerTelemetryOptions } from '../../monitors/worker-metrics';
import { taskQueue } from '../../temporal/task-queue';
import { temporalConfig } from '../../temporal/config';
import { CliError, EXIT } from '../exit-codes';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run a worker that executes experiments (connects with the standard Temporal env/profile config)')
    .option('--task-queue <name>', 'task queue to poll (env BENCH_TASK_QUEUE)', taskQueue())
    .action(async (opts: { taskQueue: string }) => {
      const cfg = temporalConfig();
      // The worker's own SDK metrics on a Prometheus endpoint, scraped by experiments with monitoring.
      const telemetryOptions = workerTelemetryOptions();
      if (telemetryOptions) Runtime.install({ telemetryOptions });
      const { worker, connection, closeBackends } = await createBenchWorker({ taskQueue: opts.taskQueue }).catch((e) => {
        throw new CliError(`cannot start a worker against ${cfg.address}: ${(e as Error).message}`, EXIT.environment);
      });
      const stop = () => worker.shutdown();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      // A promise some step left unhandled must not end every experiment this worker runs (Node's
      // default exits): it is logged with its stack; the step itself fails or times out and Temporal retries it.
      process.on('unhandledRejection', (reason) => {
        process.stderr.write(`bench worker: unhandled rejection (the worker goes on): ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}\n`);
      });
      process.stderr.write(`bench worker: polling ${opts.taskQueue} at ${cfg.address} (namespace ${cfg.namespace})\n`);
      await worker.run();
      await closeBackends();
      await connection.close();
    });
}
