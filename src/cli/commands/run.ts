import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Summary } from '../../reports/summary-schema';
import type { ExperimentResult, ExperimentStatus } from '../../workflows/types';
import { ExperimentFolder } from '../../store/experiment-folder';
import { awaitOutcome, openRunSession } from '../run-session';
import { runSweep } from '../run-sweep';
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
      if (recipe.recipe.sweep) return runSweep(recipe, opts);
      const session = await openRunSession({ embedded: opts.embedded });
      const say = session.say;
      try {
        const handle = await startExperiment(session.client, recipe, { id: opts.id, output: opts.output, taskQueue: session.queue });
        await session.started(handle, 'experiment');
        const follower = followProgress(handle, { tty: Boolean(process.stderr.isTTY), quiet: Boolean(opts.json) && !process.stderr.isTTY });
        const outcome = await awaitOutcome<ExperimentResult>(handle, follower, say, 'cancelling the experiment; teardown runs');
        const status: ExperimentStatus = outcome.failure?.status ?? outcome.value?.status ?? 'completed';
        const error = outcome.failure?.error;
        const interrupted = outcome.interrupted;
        const folder = new ExperimentFolder(experimentsRoot(opts.output), handle.workflowId);
        const summary = existsSync(folder.summaryFile) ? (JSON.parse(readFileSync(folder.summaryFile, 'utf8')) as Summary) : undefined;
        if (opts.json) {
          process.stdout.write(JSON.stringify({ experimentId: handle.workflowId, folder: folder.dir, status, error, summary }) + '\n');
        } else {
          if (summary) process.stdout.write('\n' + renderSummary(summary, path.relative(process.cwd(), folder.dir) || folder.dir) + '\n');
          if (error) process.stderr.write(`\nbench: experiment ${status}: ${error}\n`);
        }
        if (interrupted) throw new CliError('', EXIT.interrupted);
        if (status === 'completed_with_teardown_errors') {
          // The summary above lists what could not be stopped (its warnings): results are valid.
          say(`experiment ${status}: results are valid, but teardown could not stop everything; \`bench reaper run\` removes it once it can be stopped`);
          throw new CliError('', EXIT.teardownErrors);
        }
        if (status !== 'completed') throw new CliError('', EXIT.experimentFailed);
      } finally {
        await session.close();
      }
    });
}
