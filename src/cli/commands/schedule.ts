import type { Command } from 'commander';
import path from 'node:path';
import { parseInstant, ScheduleOptionError } from '../../schedules/schedule-options';
import { backfillSchedule, createSchedule, deleteSchedule, describeSchedule, listSchedules, pauseSchedule, ScheduleInputError, triggerSchedule, unpauseSchedule, updateScheduleRecipe } from '../../schedules/schedules';
import { taskQueue } from '../../temporal/task-queue';
import { CliError, EXIT } from '../exit-codes';
import { table } from '../format';
import { loadRecipeFile } from '../recipe-file';
import { experimentsRoot } from '../start-experiment';
import { withClient } from '../with-client';

/** Bad requests (unknown schedule, bad option) exit 2 with their message. */
async function run<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof ScheduleInputError || e instanceof ScheduleOptionError) throw new CliError(e.message, EXIT.badInput);
    throw e;
  }
}

const out = (s: string): void => {
  process.stdout.write(s.endsWith('\n') ? s : s + '\n');
};

/** Does `action`, then says `message`. */
const then = async (action: Promise<void>, message: string): Promise<void> => {
  await action;
  out(message);
};

export function registerSchedule(program: Command): void {
  const schedule = program
    .command('schedule')
    .description('recurring benchmarks on Temporal Schedules (the Temporal CLI and UI show the same schedules); each run is an experiment tagged BenchSchedule');

  schedule
    .command('create')
    .description('create a schedule that runs RECIPE; each run is compared with the schedule baseline (its first completed run unless pinned with `bench baseline set`)')
    .argument('<recipe>', 'recipe YAML file (its text is stored in the schedule)')
    .option('--every <duration>', 'run at this interval, e.g. 1d, 6h, 20s')
    .option('--cron <expr>', 'run on this cron expression, e.g. "0 3 * * *"')
    .option('--jitter <duration>', 'start each run up to this much later, at random')
    .option('--timezone <tz>', 'IANA time zone for --cron, e.g. Europe/Berlin')
    .option('--overlap <policy>', 'when a run is still going: skip, buffer-one, buffer-all, cancel-other, terminate-other, allow-all', 'skip')
    .option('--pause-on-failure', 'pause the schedule when a run fails')
    .option('--fail-on-regression', 'fail a run that regressed against the baseline (with --pause-on-failure, the schedule stops)')
    .option('--id <id>', 'schedule id (default: the recipe name); runs are named <id>-<scheduled time>')
    .option('--note <text>', 'a note shown in the Temporal UI')
    .option('--output <dir>', 'experiments folder on the worker machine (default: $BENCH_EXPERIMENTS_DIR, else ./experiments)')
    .option('--json', 'print the schedule as JSON')
    .action(async (file: string, opts: { every?: string; cron?: string; jitter?: string; timezone?: string; overlap: string; pauseOnFailure?: boolean; failOnRegression?: boolean; id?: string; note?: string; output?: string; json?: boolean }) => {
      const recipe = loadRecipeFile(file);
      await withClient(({ client }) =>
        run(async () => {
          const id = await createSchedule(client, {
            id: opts.id,
            recipeText: recipe.text,
            recipeSource: path.resolve(file),
            outputRoot: experimentsRoot(opts.output),
            taskQueue: taskQueue(),
            note: opts.note,
            request: { every: opts.every, cron: opts.cron, jitter: opts.jitter, timezone: opts.timezone, overlap: opts.overlap, pauseOnFailure: opts.pauseOnFailure, failOnRegression: opts.failOnRegression },
          });
          const view = await describeSchedule(client, id);
          if (opts.json) out(JSON.stringify(view));
          else out(`schedule ${id} created: ${view.spec}; next run ${view.nextRuns[0] ?? '(none)'}\nruns: bench list --schedule ${id}; trend: bench trend ${id}`);
        }),
      );
    });

  schedule
    .command('list')
    .description("bench's schedules")
    .option('--json', 'print a JSON array')
    .action(async (opts: { json?: boolean }) =>
      withClient(async ({ client }) => {
        const rows = await listSchedules(client);
        if (opts.json) out(JSON.stringify(rows));
        else if (!rows.length) out('no schedules');
        else out(table(rows.map((r) => [r.id, r.recipe, r.spec, r.paused ? 'paused' : 'active', r.nextRun ?? '', r.note ?? '']), ['id', 'recipe', 'when', 'state', 'next run', 'note']));
      }),
    );

  schedule
    .command('describe')
    .description('a schedule: spec, policies, state, recent and next runs')
    .argument('<id>', 'schedule id')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) =>
      withClient(({ client }) =>
        run(async () => {
          const v = await describeSchedule(client, id);
          if (opts.json) {
            out(JSON.stringify(v));
            return;
          }
          const lines = [
            `schedule ${v.id}: ${v.paused ? 'PAUSED' : 'active'}${v.note ? ` (${v.note})` : ''}`,
            `recipe ${v.recipe}; ${v.spec}; overlap ${v.overlap}${v.pauseOnFailure ? '; pauses on failure' : ''}${v.failOnRegression ? '; fails on regression' : ''}`,
            `experiments folder ${v.outputRoot ?? '?'}; task queue ${v.taskQueue ?? '?'}; ${v.actionsTaken} run(s) so far`,
            `next: ${v.nextRuns.slice(0, 3).join(', ') || '(none)'}`,
            ...v.recentRuns.map((r) => `run ${r.experimentId} (scheduled ${r.scheduledAt})`),
            ...v.running.map((r) => `running ${r}`),
          ];
          out(lines.join('\n'));
        }),
      ),
    );

  for (const [name, verb, f] of [
    ['pause', 'paused', pauseSchedule],
    ['unpause', 'unpaused', unpauseSchedule],
  ] as const) {
    schedule
      .command(name)
      .description(`${name} a schedule`)
      .argument('<id>', 'schedule id')
      .option('--note <text>', 'why (shown in the Temporal UI)')
      .action(async (id: string, opts: { note?: string }) => withClient(({ client }) => run(async () => then(f(client, id, opts.note), `${id} ${verb}`))));
  }

  schedule
    .command('trigger')
    .description('run the schedule now')
    .argument('<id>', 'schedule id')
    .option('--overlap <policy>', "override the schedule's overlap policy for this run")
    .action(async (id: string, opts: { overlap?: string }) => withClient(({ client }) => run(async () => then(triggerSchedule(client, id, opts.overlap), `${id} triggered`))));

  schedule
    .command('backfill')
    .description('take the runs the schedule would have taken between two times (one after the other by default)')
    .argument('<id>', 'schedule id')
    .requiredOption('--from <time>', 'start, e.g. 2026-11-01 or 2026-11-01T03:00:00Z')
    .requiredOption('--to <time>', 'end')
    .option('--overlap <policy>', 'overlap policy for the backfilled runs', 'buffer-all')
    .action(async (id: string, opts: { from: string; to: string; overlap: string }) =>
      withClient(({ client }) => run(async () => then(backfillSchedule(client, id, parseInstant('--from', opts.from), parseInstant('--to', opts.to), opts.overlap), `${id} backfilled ${opts.from} .. ${opts.to}`))),
    );

  schedule
    .command('update')
    .description('replace the recipe a schedule runs (when and how stay)')
    .argument('<id>', 'schedule id')
    .requiredOption('--recipe <file>', 'the new recipe')
    .action(async (id: string, opts: { recipe: string }) => {
      const recipe = loadRecipeFile(opts.recipe);
      await withClient(({ client }) => run(async () => then(updateScheduleRecipe(client, id, recipe.text, path.resolve(opts.recipe)), `${id} now runs ${opts.recipe}`)));
    });

  schedule
    .command('delete')
    .description('delete a schedule (its runs and their folders stay)')
    .argument('<id>', 'schedule id')
    .action(async (id: string) => withClient(({ client }) => run(async () => then(deleteSchedule(client, id), `${id} deleted`))));
}

