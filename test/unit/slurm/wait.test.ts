import type { Handle, Status } from '../../../src/backends/backend';
import { MaxPendingExceededError, waitForRunning, type WaitProgress } from '../../../src/backends/slurm/wait';

const handle: Handle = { backend: 'slurm', id: 'e.service.x.0', labels: { experiment: 'e', role: 'service', name: 'x' }, ref: { jobId: '42' }, ports: {}, logFile: '', launchedAt: '' };

function fakeBackend(states: Status['state'][]) {
  const calls = { status: 0, stop: 0 };
  return {
    calls,
    status: async (): Promise<Status> => ({ state: states[Math.min(calls.status++, states.length - 1)], reason: 'PENDING (Resources)' }),
    stop: async () => void calls.stop++,
  };
}

test('returns once running, reporting progress on every poll', async () => {
  const b = fakeBackend(['pending', 'pending', 'running']);
  const seen: WaitProgress[] = [];
  const s = await waitForRunning(b, handle, { pollMs: 1, onProgress: (p) => seen.push(p) });
  expect(s.state).toBe('running');
  expect(seen.map((p) => p.polls)).toEqual([1, 2, 3]);
  expect(seen.every((p) => p.jobId === '42')).toBe(true);
});

test('returns a final state (lost) for the caller to reschedule', async () => {
  expect((await waitForRunning(fakeBackend(['pending', 'lost']), handle, { pollMs: 1 })).state).toBe('lost');
});

test('max pending time counts from the resumed progress, stops the job, and says why', async () => {
  const b = fakeBackend(['pending']);
  let t = 1_000_000;
  const resumeFrom: WaitProgress = { jobId: '42', pendingSince: t - 50_000, polls: 7, last: { state: 'pending' } };
  const err = await waitForRunning(b, handle, { pollMs: 1, maxPendingMs: 60_000, resumeFrom, now: () => (t += 6_000) }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(MaxPendingExceededError);
  expect((err as Error).message).toMatch(/job 42 pended \d+ s, longer than the maximum 60 s.*cancelled.*PENDING \(Resources\)/);
  expect(b.calls.stop).toBe(1);
  expect(b.calls.status).toBe(2);
});

test('progress about another job is not resumed; an abort ends the wait', async () => {
  const b = fakeBackend(['pending']);
  const ac = new AbortController();
  const seen: WaitProgress[] = [];
  const resumeFrom: WaitProgress = { jobId: '41', pendingSince: 0, polls: 99, last: { state: 'pending' } };
  const p = waitForRunning(b, handle, { pollMs: 5, resumeFrom, signal: ac.signal, onProgress: (x) => (seen.push(x), x.polls === 3 && ac.abort(new Error('cancelled by test'))) });
  await expect(p).rejects.toThrow('cancelled by test');
  expect(seen[0].polls).toBe(1);
  expect(b.calls.stop).toBe(0);
});
