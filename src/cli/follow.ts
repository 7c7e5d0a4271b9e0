/** Follows a running experiment: a live progress bar at a terminal, a line every few seconds otherwise. */
import type { WorkflowHandle } from '@temporalio/client';
import { SingleBar } from 'cli-progress';
import { progressQuery } from '../workflows/queries';
import type { ExperimentProgress } from '../workflows/types';
import { num } from './format';
import { pollLoop } from './poll-loop';

export interface Follower {
  /** Stops following; resolves once no query is in flight (the connection may then close). */
  stop(): Promise<void>;
  last(): ExperimentProgress | undefined;
}

export function followProgress(handle: WorkflowHandle, opts: { tty: boolean; quiet: boolean }): Follower {
  let latest: ExperimentProgress | undefined;
  let lastLine = 0;
  let seenEvents = 0;
  const bar = opts.tty && !opts.quiet ? new SingleBar({ format: ' {phase} |{bar}| {percentage}% | {elapsed}s/{planned}s | {ops} ops/s | {requests} req | {errors} err | clients {clients}', hideCursor: true, clearOnComplete: false, barsize: 24 }) : undefined;
  let barStarted = false;

  const render = (p: ExperimentProgress) => {
    const elapsedMs = p.runStartedAt ? Date.now() - Date.parse(p.runStartedAt) : 0;
    const planned = Math.max(1, Math.round(p.plannedRunMs / 1000));
    const elapsed = Math.min(planned, Math.round(elapsedMs / 1000));
    const payload = {
      phase: p.phase.padEnd(12),
      elapsed,
      planned,
      ops: num(p.clients.opsPerSec, 0),
      requests: num(p.clients.requests),
      errors: num(p.clients.errors),
      clients: `${p.clients.running} running/${p.clients.completed} done/${p.clients.failed} failed`,
    };
    const fresh = p.events.length > seenEvents ? p.events.slice(seenEvents) : [];
    seenEvents = p.events.length;
    if (bar) {
      if (!barStarted) {
        bar.start(planned, elapsed, payload);
        barStarted = true;
      }
      bar.setTotal(planned);
      for (const e of fresh) process.stderr.write(`\n  ${e.message}\n`);
      bar.update(elapsed, payload);
    } else if (!opts.quiet) {
      for (const e of fresh) process.stderr.write(`  ${e.message}\n`);
      if (Date.now() - lastLine > 5000) {
        lastLine = Date.now();
        process.stderr.write(`[${p.phase}] ${elapsed}/${planned}s ${payload.ops} ops/s, ${payload.requests} requests, ${payload.errors} errors, clients ${payload.clients}\n`);
      }
    }
  };

  const polling = pollLoop(async () => {
    latest = await handle.query(progressQuery);
    render(latest);
  }, opts.tty ? 500 : 1000);
  return {
    async stop() {
      await polling.stop();
      if (barStarted) bar?.stop();
    },
    last: () => latest,
  };
}
