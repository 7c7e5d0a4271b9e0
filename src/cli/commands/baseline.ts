import type { Command } from 'commander';
import { readSummary, folderOf, CompareInputError } from '../../reports/compare-files';
import { readBaseline, writeBaseline } from '../../schedules/baseline';
import { scheduleOutputRoot, ScheduleInputError } from '../../schedules/schedules';
import { CliError, EXIT } from '../exit-codes';
import { experimentsRoot } from '../start-experiment';
import { withClient } from '../with-client';

/** The schedule's experiments folder: --output, else the one its action writes to. */
export async function scheduleRoot(scheduleId: string, output?: string): Promise<string> {
  if (output) return experimentsRoot(output);
  return withClient(async ({ client }) => {
    try {
      return await scheduleOutputRoot(client, scheduleId);
    } catch (e) {
      if (e instanceof ScheduleInputError) throw new CliError(`${e.message}; give --output to use a folder without asking Temporal`, EXIT.badInput);
      throw e;
    }
  });
}

export function registerBaseline(program: Command): void {
  const baseline = program.command('baseline').description("a schedule's baseline: the run later runs are compared with (stored in <experiments>/.schedules/<id>/baseline.json)");

  baseline
    .command('set')
    .description('pin a run as the baseline of a schedule')
    .argument('<schedule>', 'schedule id')
    .argument('<id>', 'experiment id (a completed run with a summary.json)')
    .option('--output <dir>', "experiments folder (default: the schedule's)")
    .action(async (scheduleId: string, id: string, opts: { output?: string }) => {
      const root = await scheduleRoot(scheduleId, opts.output);
      try {
        const s = readSummary(folderOf(root, id));
        if (s.experiment.status !== 'completed') throw new CliError(`${id} ${s.experiment.status}; pin a completed run`, EXIT.badInput);
        const file = writeBaseline(root, { scheduleId, baselineId: id, pinnedBy: 'user', pinnedAt: new Date().toISOString() });
        process.stdout.write(`baseline of ${scheduleId} is now ${id} (${file})\n`);
      } catch (e) {
        if (e instanceof CompareInputError || (e as Error).message?.includes('is not allowed')) throw new CliError((e as Error).message, EXIT.badInput);
        throw e;
      }
    });

  baseline
    .command('show')
    .description("print a schedule's baseline")
    .argument('<schedule>', 'schedule id')
    .option('--output <dir>', "experiments folder (default: the schedule's)")
    .option('--json', 'print JSON')
    .action(async (scheduleId: string, opts: { output?: string; json?: boolean }) => {
      const root = await scheduleRoot(scheduleId, opts.output);
      const b = readBaseline(root, scheduleId);
      if (opts.json) process.stdout.write(JSON.stringify(b ?? null) + '\n');
      else process.stdout.write(b ? `${b.baselineId} (${b.pinnedBy === 'user' ? 'pinned' : 'first completed run'}, ${b.pinnedAt})\n` : `${scheduleId} has no baseline yet: its first completed run becomes it\n`);
    });
}
