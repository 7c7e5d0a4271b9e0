import type { Command } from 'commander';
import { connectClient } from '../../temporal/connection';
import { temporalConfig, workflowUiLink } from '../../temporal/config';
import { taskQueue } from '../../temporal/task-queue';
import { CliError, EXIT } from '../exit-codes';
import { loadRecipeFile } from '../recipe-file';
import { startExperiment } from '../start-experiment';
import { startSweep } from '../start-sweep';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('start an experiment (or a sweep) and return at once (needs a running server and `bench worker`); prints the id and Web UI link')
    .argument('<recipe>', 'recipe YAML file')
    .option('--id <id>', 'experiment id (default: <recipe name>-<UTC time>-<random>)')
    .option('--output <dir>', 'experiments folder (on the worker machine)', 'experiments')
    .option('--json', 'print {experimentId, runId, uiUrl} as JSON')
    .action(async (file: string, opts: { id?: string; output: string; json?: boolean }) => {
      const recipe = loadRecipeFile(file);
      const cfg = temporalConfig();
      const conn = await connectClient(cfg).catch((e) => {
        throw new CliError(`cannot connect to Temporal at ${cfg.address}: ${(e as Error).message} (start one with \`bench server\`)`, EXIT.environment);
      });
      try {
        const start = recipe.recipe.sweep ? startSweep : startExperiment;
        const handle = await start(conn.client, recipe, { id: opts.id, output: opts.output, taskQueue: taskQueue() });
        const uiUrl = workflowUiLink(cfg, handle.workflowId);
        if (opts.json) process.stdout.write(JSON.stringify({ experimentId: handle.workflowId, runId: handle.firstExecutionRunId, uiUrl }) + '\n');
        else process.stdout.write(`${handle.workflowId}\n${uiUrl ? `${uiUrl}\n` : ''}`);
      } finally {
        await conn.close();
      }
    });
}
