import type { Command } from 'commander';
import { WorkflowFailedError } from '@temporalio/client';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Summary } from '../../reports/summary-schema';
import { ExperimentFolder } from '../../store/experiment-folder';
import { connectClient } from '../../temporal/connection';
import { temporalConfig, workflowUiLink } from '../../temporal/config';
import { taskQueue } from '../../temporal/task-queue';
import { ensureServer, startInProcessWorker, workerLogToFile, type InProcessWorker } from '../embedded';
import { noWorkerHint, standingPollers, waitForPickup } from '../worker-pickup';

/** How long a started experiment may wait for a worker before bench says so (and, embedded, runs one). */
const PICKUP_WAIT_MS = 3000;
import { CliError, EXIT } from '../exit-codes';
import { followProgress } from '../follow';
import { loadRecipeFile } from '../recipe-file';
import { experimentsRoot, startExperiment } from '../start-experiment';
import { renderSummary } from '../summary-view';
import { setupKinds } from './setup';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('start an experiment and follow it to the end with live progress; prints the summary and the folder')
    .argument('<recipe>', 'recipe YAML file')
    .option('--id <id>', 'experiment id (default: <recipe name>-<UTC time>-<random>)')
    .option('--output <dir>', 'experiments folder', 'experiments')
    .option('--json', 'print one JSON object at the end: {experimentId, folder, status, summary}')
    .option('--no-embedded', 'never start a dev server or an in-process worker')
    .option('--setup', "first install what the recipe's service kinds need on this machine (`bench setup KIND...`; a no-op when present)")
    .action(async (file: string, opts: { id?: string; output: string; json?: boolean; embedded: boolean; setup?: boolean }) => {
      const recipe = loadRecipeFile(file);
      if (opts.setup) setupKinds([...new Set(recipe.recipe.services.map((s) => s.kind))]);
      const say = (m: string) => process.stderr.write(`bench: ${m}\n`);
      const cfg = temporalConfig();
      if (opts.embedded) workerLogToFile();
      const server = opts.embedded ? await ensureServer(cfg, say) : undefined;
      let worker: InProcessWorker | undefined;
      const conn = await connectClient(cfg).catch((e) => {
        throw new CliError(`cannot connect to Temporal at ${cfg.address}: ${(e as Error).message}`, EXIT.environment);
      });
      const cleanup = async () => {
        await worker?.stop();
        await conn.close().catch(() => undefined);
        await server?.stop();
      };
      try {
        const queue = taskQueue();
        // A server this process started has no other workers; otherwise only standing workers count
        // (another `bench run`'s worker stops with it).
        if (opts.embedded && (server || (await standingPollers(conn.client, cfg.namespace, queue)).length === 0)) {
          say(`no worker polls task queue ${queue}; running one in this process`);
          worker = await startInProcessWorker(queue);
        }
        const handle = await startExperiment(conn.client, recipe, { id: opts.id, output: opts.output, taskQueue: queue });
        const link = workflowUiLink(cfg, handle.workflowId);
        say(`experiment ${handle.workflowId} started${link && !server ? ` (${link})` : ''}`);
        if (!(await waitForPickup(handle, PICKUP_WAIT_MS))) {
          // The workers Temporal lists may be gone (a killed worker stays listed for minutes): never wait in silence.
          if (opts.embedded && !worker) {
            say(`no worker picked the experiment up within ${PICKUP_WAIT_MS / 1000} s (the workers Temporal lists for ${queue} may have stopped); running one in this process`);
            worker = await startInProcessWorker(queue);
          } else {
            say(`warning: ${noWorkerHint(queue)}; waiting for one`);
          }
        }
        let interrupted = false;
        const onSigint = () => {
          if (interrupted) process.exit(EXIT.interrupted);
          interrupted = true;
          say('interrupted: cancelling the experiment; teardown runs (Ctrl-C again to leave it running)');
          void handle.cancel();
        };
        process.on('SIGINT', onSigint);
        const follower = followProgress(handle, { tty: Boolean(process.stderr.isTTY), quiet: Boolean(opts.json) && !process.stderr.isTTY });
        let status: 'completed' | 'failed' | 'cancelled' = 'completed';
        let error: string | undefined;
        try {
          await handle.result();
        } catch (e) {
          status = e instanceof WorkflowFailedError && e.cause?.name === 'CancelledFailure' ? 'cancelled' : 'failed';
          error = e instanceof WorkflowFailedError ? describeFailure(e) : (e as Error).message;
        } finally {
          follower.stop();
          process.off('SIGINT', onSigint);
        }
        const folder = new ExperimentFolder(experimentsRoot(opts.output), handle.workflowId);
        const summary = existsSync(folder.summaryFile) ? (JSON.parse(readFileSync(folder.summaryFile, 'utf8')) as Summary) : undefined;
        if (opts.json) {
          process.stdout.write(JSON.stringify({ experimentId: handle.workflowId, folder: folder.dir, status, error, summary }) + '\n');
        } else {
          if (summary) process.stdout.write('\n' + renderSummary(summary, path.relative(process.cwd(), folder.dir) || folder.dir) + '\n');
          if (error) process.stderr.write(`\nbench: experiment ${status}: ${error}\n`);
        }
        if (interrupted) throw new CliError('', EXIT.interrupted);
        if (status !== 'completed') throw new CliError('', EXIT.experimentFailed);
      } finally {
        await cleanup();
      }
    });
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
