/** `bench status` of a sweep: its state, every planned run (done with its figures, running, waiting), and the table so far. */
import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readSweepSummary } from '../activities/sweep/record-sweep';
import { SweepFolder } from '../store/sweep-folder';
import { sweepProgressQuery } from '../workflows/queries';
import type { SweepProgress } from '../workflows/sweep-types';
import { experimentsRoot } from './start-experiment';
import { plannedRunStates, renderPlannedRuns, renderSweepTable, type PlanFile } from './sweep-view';

export async function printSweepStatus(client: Client, id: string, desc: WorkflowExecutionDescription, opts: { json?: boolean }): Promise<void> {
  const handle = client.workflow.getHandle(id);
  const progress = (await Promise.race([handle.query(sweepProgressQuery), new Promise<undefined>((r) => setTimeout(r, 5000, undefined))]).catch(() => undefined)) as SweepProgress | undefined;
  // Without an answer (no worker to replay a closed sweep), the folder under the experiments root still tells.
  const folderDir = progress?.folder ?? localFolder(id);
  const folder = folderDir ? SweepFolder.at(folderDir) : undefined;
  const summary = folder ? readSweepSummary(folder.summaryFile) : undefined;
  const plan = folder ? readPlan(folder.planFile) : undefined;
  const open = desc.status.name === 'RUNNING' && progress?.status !== 'completed' && progress?.status !== 'failed' && progress?.status !== 'cancelled';
  const runs = plan || summary || progress?.running.length ? plannedRunStates(plan, summary?.rows ?? [], progress?.running ?? [], open) : undefined;
  if (opts.json) {
    process.stdout.write(JSON.stringify({ id, type: 'sweep', status: desc.status.name, startTime: desc.startTime, closeTime: desc.closeTime, progress, runs, summary }) + '\n');
    return;
  }
  const lines = [`sweep ${id}: ${desc.status.name}${progress ? ` (${progress.status})` : ''}`, `started ${desc.startTime.toISOString()}${desc.closeTime ? `, closed ${desc.closeTime.toISOString()}` : ''}`];
  if (progress) {
    lines.push(`runs: ${progress.done} done (${progress.failed} not completed) of ${progress.plannedRuns} planned`);
    for (const r of progress.running) lines.push(`running: ${r.label}${r.repetition ? ` (repetition ${r.repetition + 1})` : ''} as ${r.experimentId}`);
    if (progress.error) lines.push(`error: ${progress.error}`);
  }
  if (runs) {
    const parameters = plan?.columns ?? summary?.parameters ?? [];
    lines.push('', renderPlannedRuns(runs, parameters, plan?.repetitions ?? summary?.repetitions ?? progress?.repetitions ?? 1));
  }
  if (summary && folder) lines.push('', renderSweepTable(summary, path.relative(process.cwd(), folder.dir) || folder.dir));
  process.stdout.write(lines.join('\n') + '\n');
}

function localFolder(id: string): string | undefined {
  try {
    const f = new SweepFolder(experimentsRoot(), id);
    return existsSync(f.planFile) ? f.dir : undefined;
  } catch {
    return undefined;
  }
}

function readPlan(file: string): PlanFile | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const p = JSON.parse(readFileSync(file, 'utf8')) as Partial<PlanFile>;
    return Array.isArray(p.points) && Array.isArray(p.columns) && typeof p.repetitions === 'number' ? (p as PlanFile) : undefined;
  } catch {
    return undefined;
  }
}
