/** `bench status` of a sweep: runs done and running, the latest results, and the table so far. */
import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import path from 'node:path';
import { readSweepSummary } from '../activities/sweep/record-sweep';
import { SweepFolder } from '../store/sweep-folder';
import { sweepProgressQuery } from '../workflows/queries';
import type { SweepProgress } from '../workflows/sweep-types';
import { renderSweepTable } from './sweep-view';

export async function printSweepStatus(client: Client, id: string, desc: WorkflowExecutionDescription, opts: { json?: boolean }): Promise<void> {
  {
    const handle = client.workflow.getHandle(id);
    const progress = (await Promise.race([handle.query(sweepProgressQuery), new Promise<undefined>((r) => setTimeout(r, 5000, undefined))]).catch(() => undefined)) as SweepProgress | undefined;
    const summary = progress?.folder ? readSweepSummary(SweepFolder.at(progress.folder).summaryFile) : undefined;
    if (opts.json) {
      process.stdout.write(JSON.stringify({ id, type: 'sweep', status: desc.status.name, startTime: desc.startTime, closeTime: desc.closeTime, progress, summary }) + '\n');
      return;
    }
    const lines = [`sweep ${id}: ${desc.status.name}${progress ? ` (${progress.status})` : ''}`, `started ${desc.startTime.toISOString()}${desc.closeTime ? `, closed ${desc.closeTime.toISOString()}` : ''}`];
    if (progress) {
      lines.push(`runs: ${progress.done} done (${progress.failed} not completed) of ${progress.plannedRuns} planned`);
      for (const r of progress.running) lines.push(`running: ${r.label}${r.repetition ? ` (repetition ${r.repetition + 1})` : ''} as ${r.experimentId}`);
      if (progress.error) lines.push(`error: ${progress.error}`);
    }
    if (summary && progress?.folder) lines.push('', renderSweepTable(summary, path.relative(process.cwd(), progress.folder) || progress.folder));
    process.stdout.write(lines.join('\n') + '\n');
  }
}
