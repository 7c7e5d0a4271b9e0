import type { Command } from 'commander';
import { planSweepText } from '../../activities/sweep/plan-sweep';
import { formatIssues } from '../../recipe/errors';
import { CliError, EXIT } from '../exit-codes';
import { readRecipeText, loadRecipeFile } from '../recipe-file';
import { plannedWallMs, sweepPlanTable } from '../sweep-plan-view';
import { runSweep } from '../run-sweep';

export function registerSweep(program: Command): void {
  const sweep = program
    .command('sweep')
    .description('plan and run parameter sweeps (a recipe with a sweep: block; `bench run` runs one too)');
  sweep
    .command('plan')
    .description('list the points a sweep recipe expands to, and its planned wall time; exit 2 when any point is invalid')
    .argument('<recipe>', 'sweep recipe YAML file')
    .option('--json', 'print {points, repetitions, runs, plannedWallMs} as JSON')
    .action((file: string, opts: { json?: boolean }) => {
      const checked = planSweepText(readRecipeText(file));
      if (!checked.ok) {
        const n = checked.issues.length;
        throw new CliError(`${file}: ${n} problem${n === 1 ? '' : 's'}\n${formatIssues(file, checked.issues)}`, EXIT.badInput);
      }
      const plan = checked.plan;
      if (opts.json) {
        const w = plannedWallMs(plan);
        process.stdout.write(JSON.stringify({ parameters: plan.columns, points: plan.points.map(({ recipeText: _t, ...p }) => p), repetitions: plan.repetitions, maxParallel: plan.maxParallel, search: plan.search, runs: w.runs, loadMs: w.loadMs, plannedWallMs: w.wallMs }) + '\n');
      } else {
        process.stdout.write(sweepPlanTable(plan) + '\n');
      }
    });
  sweep
    .command('run')
    .description('run a sweep and follow it to the end (the same as `bench run` of a sweep recipe)')
    .argument('<recipe>', 'sweep recipe YAML file')
    .option('--id <id>', 'sweep id (default: <recipe name>-<UTC time>-<random>); each run is <id>-p<point>-r<repetition>')
    .option('--output <dir>', 'experiments folder', 'experiments')
    .option('--json', 'print one JSON object at the end: {sweepId, folder, status, summary}')
    .option('--no-embedded', 'never start a dev server or an in-process worker')
    .action(async (file: string, opts: { id?: string; output: string; json?: boolean; embedded: boolean }) => {
      const recipe = loadRecipeFile(file);
      if (!recipe.recipe.sweep) throw new CliError(`${file} has no sweep: block; run it with \`bench run\``, EXIT.badInput);
      await runSweep(recipe, opts);
    });
}
