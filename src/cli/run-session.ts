/**
 * What `bench run` needs around a workflow it starts and follows: the connection, the embedded dev
 * server and in-process worker when nothing else provides them, and a pickup check that never lets
 * the user wait in silence. Shared by experiments and sweeps.
 */
import { WorkflowFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { connectClient } from '../temporal/connection';
import { temporalConfig, workflowUiLink, type TemporalConfig } from '../temporal/config';
import type { DevServer } from '../temporal/dev-server';
import { taskQueue } from '../temporal/task-queue';
import { ensureServer, startInProcessWorker, workerLogToFile, type InProcessWorker } from './embedded';
import { CliError, EXIT } from './exit-codes';
import { noWorkerHint, standingPollers, waitForPickup } from './worker-pickup';

/** How long a started workflow may wait for a worker before bench says so (and, embedded, runs one). */
const PICKUP_WAIT_MS = 3000;

export interface RunSession {
  client: Client;
  cfg: TemporalConfig;
  queue: string;
  /** Set when this process started the dev server. */
  server?: DevServer;
  say(message: string): void;
  /** Prints the start line, then makes sure a worker picks the workflow up (running one here when embedded). */
  started(handle: WorkflowHandle, what: string): Promise<void>;
  close(): Promise<void>;
}

export async function openRunSession(opts: { embedded: boolean }): Promise<RunSession> {
  const say = (m: string) => process.stderr.write(`bench: ${m}\n`);
  const cfg = temporalConfig();
  const server = opts.embedded ? await ensureServer(cfg, say) : undefined;
  let worker: InProcessWorker | undefined;
  const conn = await connectClient(cfg).catch(async (e) => {
    await server?.stop();
    throw new CliError(`cannot connect to Temporal at ${cfg.address}: ${(e as Error).message}`, EXIT.environment);
  });
  const close = async () => {
    await worker?.stop();
    await conn.close().catch(() => undefined);
    await server?.stop();
  };
  const queue = taskQueue();
  try {
    // A server this process started has no other workers; otherwise only standing workers count
    // (another `bench run`'s worker stops with it).
    if (opts.embedded && (server || (await standingPollers(conn.client, cfg.namespace, queue)).length === 0)) {
      say(`no worker polls task queue ${queue}; running one in this process`);
      worker = await workerHere(queue);
    }
  } catch (e) {
    await close();
    throw e;
  }
  return {
    client: conn.client,
    cfg,
    queue,
    server,
    say,
    async started(handle, what) {
      const link = workflowUiLink(cfg, handle.workflowId);
      say(`${what} ${handle.workflowId} started${link && !server ? ` (${link})` : ''}`);
      if (await waitForPickup(handle, PICKUP_WAIT_MS)) return;
      // The workers Temporal lists may be gone (a killed worker stays listed for minutes): never wait in silence.
      if (opts.embedded && !worker) {
        say(`no worker picked the ${what} up within ${PICKUP_WAIT_MS / 1000} s (the workers Temporal lists for ${queue} may have stopped); running one in this process`);
        worker = await workerHere(queue);
      } else {
        say(`warning: ${noWorkerHint(queue)}; waiting for one`);
      }
    },
    close,
  };
}

/**
 * The in-process worker, its SDK log going to a file. Loaded only when one is needed: the worker SDK
 * costs about 0.5 s to load, which a thin client in front of a standing `bench worker` need not pay.
 */
function workerHere(queue: string): Promise<InProcessWorker> {
  workerLogToFile();
  return startInProcessWorker(queue);
}

export interface Outcome<T> {
  /** The workflow's result, when it completed. */
  value?: T;
  /** Why it did not complete. */
  failure?: { status: 'failed' | 'cancelled'; error: string };
  /** Ctrl-C was pressed (the workflow was cancelled). */
  interrupted: boolean;
}

/**
 * Waits for the workflow's result while a follower prints progress. The first Ctrl-C cancels the
 * workflow (its teardown runs and is waited for), a second leaves it running and exits.
 */
export async function awaitOutcome<T>(handle: WorkflowHandle, follower: { stop(): Promise<void> }, say: (m: string) => void, onInterrupt: string): Promise<Outcome<T>> {
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(EXIT.interrupted);
    interrupted = true;
    say(`interrupted: ${onInterrupt} (Ctrl-C again to leave it running)`);
    void handle.cancel();
  };
  process.on('SIGINT', onSigint);
  try {
    const value = (await handle.result()) as T;
    return { value, interrupted };
  } catch (e) {
    const status = e instanceof WorkflowFailedError && e.cause?.name === 'CancelledFailure' ? 'cancelled' : 'failed';
    return { failure: { status, error: e instanceof WorkflowFailedError ? describeFailure(e) : (e as Error).message }, interrupted };
  } finally {
    await follower.stop();
    process.off('SIGINT', onSigint);
  }
}

export function describeFailure(e: WorkflowFailedError): string {
  const parts: string[] = [];
  let cause: Error | undefined = e.cause;
  while (cause && parts.length < 4) {
    if (cause.message && !parts.includes(cause.message)) parts.push(cause.message);
    cause = (cause as { cause?: Error }).cause;
  }
  return parts.join(': ') || e.message;
}
