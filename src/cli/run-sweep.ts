/** `bench run` of a recipe with a `sweep:` block: one sweep workflow, followed run by run to the end. */
import path from 'node:path';
import { readSweepSummary } from '../activities/sweep/record-sweep';
import { SweepFolder } from '../store/sweep-folder';
import type { Client } from '@temporalio/client';
import { progressQuery, sweepProgressQuery } from '../workflows/queries';
import type { SweepProgress, SweepResult } from '../workflows/sweep-types';
import { CliError, EXIT } from './exit-codes';
import type { RecipeFile } from './recipe-file';
import { pollLoop } from './poll-loop';
import { awaitOutcome, openRunSession } from './run-session';
import { experimentsRoot } from './start-experiment';
import { startSweep } from './start-sweep';
import { renderSweepTable } from './sweep-view';

export async function runSweep(recipe: RecipeFile, opts: { id?: string; output: string; json?: boolean; embedded: boolean }): Promise<void> {
  const session = await openRunSession({ embedded: opts.embedded });
  const say = session.say;
  try {
    const handle = await startSweep(session.client, recipe, { id: opts.id, output: opts.output, taskQueue: session.queue });
    await session.started(handle, 'sweep');
    const follower = followSweep(session.client, handle, opts.json ? () => undefined : (line) => process.stderr.write(`${line}\n`));
    const outcome = await awaitOutcome<SweepResult>(handle, follower, say, 'cancelling the sweep; the running point tears down');
    const status = outcome.failure?.status ?? (outcome.value?.status === 'running' ? 'completed' : outcome.value?.status) ?? 'completed';
    const error = outcome.failure?.error;
    const interrupted = outcome.interrupted;
    const folder = new SweepFolder(experimentsRoot(opts.output), handle.workflowId);
    const summary = readSweepSummary(folder.summaryFile);
    const notCompleted = summary?.rows.filter((r) => r.status !== 'completed' && r.status !== 'completed_with_teardown_errors').length ?? 0;
    if (opts.json) {
      process.stdout.write(JSON.stringify({ sweepId: handle.workflowId, folder: folder.dir, status, error, summary }) + '\n');
    } else {
      if (summary) process.stdout.write('\n' + renderSweepTable(summary, path.relative(process.cwd(), folder.dir) || folder.dir) + '\n');
      if (error) process.stderr.write(`\nbench: sweep ${status}: ${error}\n`);
      else if (notCompleted > 0) process.stderr.write(`\nbench: ${notCompleted} of ${summary!.rows.length} runs did not complete (see the status column and each run's folder)\n`);
    }
    if (interrupted) throw new CliError('', EXIT.interrupted);
    if (status !== 'completed' || notCompleted > 0) throw new CliError('', EXIT.experimentFailed);
  } finally {
    await session.close();
  }
}

/**
 * A line when a run starts and when it ends (`point 3/6 (connections=4, rep 2/2) ...`), and every 10 s
 * the live line of each running point from its own progress query.
 */
function followSweep(client: Client, handle: { query: (q: typeof sweepProgressQuery) => Promise<SweepProgress> }, print: (line: string) => void): { stop(): Promise<void> } {
  const started = new Set<string>();
  const finished = new Set<string>();
  let lastLive = Date.now();
  const name = (p: SweepProgress, r: { label: string; repetition: number; point?: number }) => {
    const where = p.plannedPoints ? `point ${(r.point ?? 0) + 1}/${p.plannedPoints}` : `search run ${(r.point ?? 0) + 1}`;
    const rep = (p.repetitions ?? 1) > 1 ? `, rep ${r.repetition + 1}/${p.repetitions}` : '';
    return `${where} (${r.label.split(' ').join(', ')}${rep})`;
  };
  return pollLoop(async () => {
    const p = await handle.query(sweepProgressQuery);
    for (const r of [...p.last].reverse()) {
      if (finished.has(r.experimentId)) continue;
      finished.add(r.experimentId);
      print(`  ${name(p, r)}: ${r.status}, ${Math.round(r.opsPerSec).toLocaleString('en-US')} ops/s, p99 ${r.p99Ms.toFixed(2)} ms  [${p.done}/${p.plannedRuns} runs done]`);
    }
    for (const r of p.running) {
      if (started.has(r.experimentId)) continue;
      started.add(r.experimentId);
      print(`  ${name(p, r)} started as ${r.experimentId}`);
    }
    if (Date.now() - lastLive > 10_000) {
      lastLive = Date.now();
      for (const r of p.running) {
        const c = await client.workflow.getHandle(r.experimentId).query(progressQuery).catch(() => undefined);
        if (c) print(`  ${name(p, r)}: ${c.phase}, ${Math.round(c.clients.opsPerSec).toLocaleString('en-US')} ops/s, ${c.clients.requests.toLocaleString('en-US')} requests, ${c.clients.errors} errors`);
      }
    }
  }, 1000);
}
