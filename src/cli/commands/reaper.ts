import type { Command } from 'commander';
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import path from 'node:path';
import type { BackendTarget } from '../../backends/target';
import { parseDuration } from '../../recipe/duration';
import { backendSettingsOf } from '../../recipe/schema';
import { loadRecipeFile } from '../recipe-file';
import { taskQueue } from '../../temporal/task-queue';
import type { reaper, ReaperResult } from '../../workflows/reaper';
import { startInProcessWorker, workerLogToFile, type InProcessWorker } from '../embedded';
import { standingPollers } from '../worker-pickup';
import { CliError, EXIT } from '../exit-codes';
import { table } from '../format';
import { withClient } from '../with-client';

export const REAPER_SCHEDULE_ID = 'bench-reaper';

export function registerReaper(program: Command): void {
  const cmd = program
    .command('reaper')
    .description('find and stop what closed or terminated experiments left running (by backend labels)');

  cmd
    .command('run')
    .description('one reaper pass now; prints each removal (runs a worker in this process when none polls the task queue)')
    .option('--json', 'print {removed, kept} as JSON')
    .option('--task-queue <name>', 'task queue of the workers (env BENCH_TASK_QUEUE)', taskQueue())
    .option('--recipe <file...>', "look on these recipes' backends (a cluster) as well as the local one")
    .action(async (opts: { json?: boolean; taskQueue: string; recipe?: string[] }) => {
      const targets = reaperTargets(opts.recipe ?? []);
      if (!process.env.BENCH_DEBUG) workerLogToFile();
      await withClient(async ({ client, config }) => {
        let worker: InProcessWorker | undefined;
        try {
          if ((await standingPollers(client, config.namespace, opts.taskQueue)).length === 0) worker = await startInProcessWorker(opts.taskQueue);
          const result = await client.workflow.execute<typeof reaper>('reaper', {
            taskQueue: opts.taskQueue,
            workflowId: `bench-reaper-run-${new Date().toISOString().replace(/[-:.]/g, '')}`,
            args: [{ targets }],
          });
          process.stdout.write(opts.json ? JSON.stringify(result) + '\n' : describe(result));
          // Something still runs that nothing will stop unless someone looks: say so in the exit code.
          if (result.removed.some((r) => r.error)) throw new CliError('', EXIT.teardownErrors);
        } finally {
          await worker?.stop();
        }
      });
    });

  cmd
    .command('install')
    .description(`create (or update) the Temporal Schedule "${REAPER_SCHEDULE_ID}" that runs the reaper periodically`)
    .option('--every <duration>', 'interval, e.g. 10m or 1h', '10m')
    .option('--task-queue <name>', 'task queue of the workers (env BENCH_TASK_QUEUE)', taskQueue())
    .option('--recipe <file...>', "look on these recipes' backends (a cluster) as well as the local one, on every run")
    .action(async (opts: { every: string; taskQueue: string; recipe?: string[] }) => {
      const every = parseDuration(opts.every);
      if (every === undefined || every < 1000) throw new CliError(`--every ${opts.every}: write an interval of at least 1s, like 10m or 1h`, EXIT.badInput);
      // The Schedule keeps the resolved backends, so a run needs neither the recipe files nor this folder.
      const targets = reaperTargets(opts.recipe ?? []);
      await withClient(async ({ client }) => {
        const action = { type: 'startWorkflow' as const, workflowType: 'reaper', taskQueue: opts.taskQueue, args: [{ targets }] };
        const spec = { intervals: [{ every }] };
        try {
          await client.schedule.create({ scheduleId: REAPER_SCHEDULE_ID, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP } });
          process.stdout.write(`schedule ${REAPER_SCHEDULE_ID} created: the reaper runs every ${opts.every} on task queue ${opts.taskQueue}\n`);
        } catch (e) {
          if (!(e instanceof ScheduleAlreadyRunning)) throw e;
          await client.schedule.getHandle(REAPER_SCHEDULE_ID).update((prev) => ({ ...prev, spec, action }));
          process.stdout.write(`schedule ${REAPER_SCHEDULE_ID} updated: the reaper runs every ${opts.every} on task queue ${opts.taskQueue}\n`);
        }
      });
    });

  cmd
    .command('uninstall')
    .description(`delete the Temporal Schedule "${REAPER_SCHEDULE_ID}"`)
    .action(async () =>
      withClient(async ({ client }) => {
        await client.schedule.getHandle(REAPER_SCHEDULE_ID).delete().catch((e: Error) => {
          throw new CliError(`cannot delete schedule ${REAPER_SCHEDULE_ID}: ${e.message}`, EXIT.badInput);
        });
        process.stdout.write(`schedule ${REAPER_SCHEDULE_ID} deleted\n`);
      }),
    );
  for (const sub of cmd.commands) sub.exitOverride();
}

/** The local backend, plus each recipe's backend with its settings (distinct ones once). */
function reaperTargets(recipes: string[]): BackendTarget[] {
  const targets = new Map<string, BackendTarget>([['local', { kind: 'local' }]]);
  for (const file of recipes) {
    const { recipe } = loadRecipeFile(file);
    const target: BackendTarget = { kind: recipe.backend, settings: backendSettingsOf(recipe), baseDir: path.dirname(path.resolve(file)) };
    targets.set(target.settings === undefined ? target.kind : JSON.stringify(target), target);
  }
  return [...targets.values()];
}

function describe(r: ReaperResult): string {
  const lines: string[] = [];
  const stopped = r.removed.filter((x) => !x.error);
  const stuck = r.removed.filter((x) => x.error);
  if (r.removed.length === 0) lines.push('reaper: nothing left behind by closed experiments');
  if (stopped.length) {
    lines.push(`reaper: removed ${stopped.length} process(es)`);
    lines.push(table(stopped.map((x) => [x.experiment, x.workflowStatus, x.backend, x.role, x.name]), ['experiment', 'workflow', 'backend', 'role', 'name']));
  }
  for (const x of stuck) lines.push(`could not stop: ${x.experiment} ${x.backend} ${x.role} ${x.name}: ${x.error} (the next pass tries again)`);
  for (const k of r.kept) lines.push(`kept: ${k.experiment} (${k.workflowStatus}): ${k.handles} live process(es)`);
  return lines.join('\n') + '\n';
}
