import type { Command } from 'commander';
import { formatIssues } from '../../recipe/errors';
import { checkRecipe } from '../../recipe/check';
import { CliError, EXIT } from '../exit-codes';
import { readRecipeText } from '../recipe-file';
import { planSweepText } from '../../activities/sweep/plan-sweep';
import { sweepPlanLine } from '../sweep-plan-view';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check recipes; prints every problem with its YAML path, line and a hint; exit 2 when any is invalid')
    .argument('<recipes...>', 'recipe YAML files')
    .option('--json', 'print [{file, ok, issues}] as JSON')
    .action((files: string[], opts: { json?: boolean }) => {
      const reports = files.map((file) => {
        try {
          const text = readRecipeText(file);
          const result = checkRecipe(text);
          const plan = result.ok && result.recipe.sweep ? planSweepText(text) : undefined;
          return { file, ok: result.ok, issues: result.issues, warnings: result.warnings ?? [], ...(plan?.ok ? { sweep: sweepPlanLine(plan.plan) } : {}) };
        } catch (e) {
          return { file, ok: false, issues: [{ path: '', message: (e as Error).message }], warnings: [], sweep: undefined };
        }
      });
      if (opts.json) process.stdout.write(JSON.stringify(reports, null, 2) + '\n');
      else
        for (const r of reports) {
          if (r.warnings.length) process.stderr.write(`${r.file}: ${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'}\n${formatIssues(r.file, r.warnings)}\n`);
          if (r.ok) process.stdout.write(`${r.file}: ok${r.sweep ? `\n  ${r.sweep}` : ''}\n`);
          else process.stderr.write(`${r.file}: ${r.issues.length} problem${r.issues.length === 1 ? '' : 's'}\n${formatIssues(r.file, r.issues)}\n`);
        }
      if (reports.some((r) => !r.ok)) throw new CliError('', EXIT.badInput);
    });
}
