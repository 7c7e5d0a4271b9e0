/**
 * Waiting for a job to leave the queue, as pure polling that a heartbeating Temporal activity
 * drives: it reports progress on every poll, resumes from the progress a previous attempt
 * heartbeated (so a worker restart keeps the pending clock), and stops when the signal aborts.
 */
import type { Backend, Handle, Status } from '../backend';
import { isFinal } from '../backend';

export interface WaitProgress {
  jobId: string;
  /** When this job was first seen pending (epoch ms); carried across worker restarts. */
  pendingSince: number;
  polls: number;
  last: Status;
}

export interface WaitForRunningOptions {
  /** Cancel the job and fail once it has pended this long (default: wait forever). */
  maxPendingMs?: number;
  pollMs?: number;
  signal?: AbortSignal;
  onProgress?: (p: WaitProgress) => void;
  /** Progress from an earlier attempt (Temporal heartbeat details). Ignored when it was about another job. */
  resumeFrom?: WaitProgress;
  now?: () => number;
}

/** Non-retryable: the job waited in the queue longer than the recipe allows. */
export class MaxPendingExceededError extends Error {
  override readonly name = 'MaxPendingExceededError';
}

function jobIdOf(handle: Handle): string {
  return String(handle.ref.jobId ?? handle.id);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Polls until the job runs or ends; returns that status (running, or a final one such as
 * lost, which the caller may answer with resubmitExcluding). Throws MaxPendingExceededError
 * after stopping the job when it pended longer than maxPendingMs.
 */
export async function waitForRunning(backend: Pick<Backend, 'status' | 'stop'>, handle: Handle, opts: WaitForRunningOptions = {}): Promise<Status> {
  const now = opts.now ?? Date.now;
  const jobId = jobIdOf(handle);
  const resumed = opts.resumeFrom?.jobId === jobId ? opts.resumeFrom : undefined;
  const progress: WaitProgress = { jobId, pendingSince: resumed?.pendingSince ?? now(), polls: resumed?.polls ?? 0, last: { state: 'pending' } };
  for (;;) {
    opts.signal?.throwIfAborted();
    progress.last = await backend.status(handle);
    progress.polls++;
    opts.onProgress?.({ ...progress });
    if (progress.last.state === 'running' || isFinal(progress.last.state)) return progress.last;
    const waited = now() - progress.pendingSince;
    if (opts.maxPendingMs !== undefined && waited > opts.maxPendingMs) {
      await backend.stop(handle);
      throw new MaxPendingExceededError(
        `${handle.id}: job ${jobId} pended ${Math.round(waited / 1000)} s, longer than the maximum ${Math.round(opts.maxPendingMs / 1000)} s (slurm.maxPending); it was cancelled. Last state: ${progress.last.reason ?? progress.last.state}. Raise slurm.maxPending or pick a less busy partition.`,
      );
    }
    await sleep(opts.pollMs ?? 1000, opts.signal);
  }
}
