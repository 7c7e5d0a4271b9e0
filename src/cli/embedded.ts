/**
 * The embedded default: when nothing answers at the local default address, `bench run` starts a dev
 * server (its SQLite file keeps the history) and, when no worker polls the task queue, a worker in
 * this process. Both stop when the run ends.
 */
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import type { TemporalConfig } from '../temporal/config';
import { splitAddress } from '../temporal/config';
import { defaultStateDir, DevServer, isListening, startDevServer } from '../temporal/dev-server';
import { createBenchWorker } from '../worker/create-worker';
import { workerTelemetryOptions } from '../monitors/worker-metrics';
import { CliError, EXIT } from './exit-codes';
import { IN_PROCESS_IDENTITY_PREFIX } from './worker-pickup';

export async function ensureServer(cfg: TemporalConfig, say: (m: string) => void): Promise<DevServer | undefined> {
  const [host, port] = splitAddress(cfg.address);
  if (await isListening(host === 'localhost' ? '127.0.0.1' : host, port, 1500)) return undefined;
  if (!cfg.isLocalDefault) {
    throw new CliError(`nothing answers at TEMPORAL_ADDRESS=${cfg.address}; start that Temporal server or unset TEMPORAL_ADDRESS to use the embedded one`, EXIT.environment);
  }
  say(`starting a Temporal dev server on ${cfg.address} (history kept in .bench/temporal.sqlite)`);
  return startDevServer({ port, ip: '127.0.0.1' });
}

export interface InProcessWorker {
  stop(): Promise<void>;
}

export async function startInProcessWorker(taskQueue: string): Promise<InProcessWorker> {
  const { worker, connection, closeBackends } = await createBenchWorker({ taskQueue, identity: `${IN_PROCESS_IDENTITY_PREFIX}${os.hostname()}/${process.pid}` });
  const running = worker.run();
  return {
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
      await closeBackends();
      await connection.close();
    },
  };
}

/**
 * The SDK logs workflow failures with stack traces; at a terminal they would bury the summary, so an
 * in-process worker logs to .bench/worker.log instead. Must run before the worker's native connection is made (the client's is not native).
 */
export function workerLogToFile(): string {
  const file = path.join(defaultStateDir(), 'worker.log');
  mkdirSync(path.dirname(file), { recursive: true });
  const telemetryOptions = workerTelemetryOptions();
  Runtime.install({
    ...(telemetryOptions ? { telemetryOptions } : {}),
    logger: new DefaultLogger('INFO', (entry) => {
      const meta = entry.meta ? ` ${JSON.stringify(entry.meta, (_k, v) => (v instanceof Error ? v.message : v))}` : '';
      appendFileSync(file, `${new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString()} ${entry.level as LogLevel} ${entry.message}${meta}\n`);
    }),
  });
  return file;
}

