import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compareWithBaseline } from '../../../src/activities/compare-with-baseline';
import { readBaseline, writeBaseline } from '../../../src/schedules/baseline';
import { craftedSummary, writeRun, writeRunWithResults } from '../compare/crafted-summary';

describe('compareWithBaseline (activity)', () => {
  const act = compareWithBaseline();
  const summaryOf = (root: string, id: string) => JSON.parse(readFileSync(path.join(root, id, 'metrics', 'summary.json'), 'utf8'));

  it('pins the first completed run, passes a like run, flags a slower one; a retry gives the same verdict', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'bench-baseline-'));
    writeRun(root, craftedSummary('s-1', { p99: 1, opsPerSec: 1000 }));
    writeRun(root, craftedSummary('s-2', { p99: 1.05, opsPerSec: 980 }));
    writeRun(root, craftedSummary('s-3', { p99: 2, opsPerSec: 1000 }));
    expect(await act({ folder: path.join(root, 's-1'), scheduleId: 's', status: 'completed' })).toEqual({ state: 'baseline', baselineId: 's-1', reasons: [] });
    expect(readBaseline(root, 's')).toMatchObject({ baselineId: 's-1', pinnedBy: 'first-run' });
    expect(summaryOf(root, 's-1').regression).toMatchObject({ scheduleId: 's', baselineId: 's-1', isBaseline: true, regressed: false });

    expect(await act({ folder: path.join(root, 's-2'), scheduleId: 's', status: 'completed' })).toMatchObject({ state: 'pass', baselineId: 's-1' });
    const third = await act({ folder: path.join(root, 's-3'), scheduleId: 's', status: 'completed' });
    expect(third).toMatchObject({ state: 'regressed', baselineId: 's-1', reasons: [expect.stringMatching(/^p99 latency \+100\.0 %/)] });
    expect(await act({ folder: path.join(root, 's-3'), scheduleId: 's', status: 'completed' })).toEqual(third);
    expect(summaryOf(root, 's-3').regression).toMatchObject({ regressed: true, baselineId: 's-1', thresholds: { p99IncreasePct: 10, throughputDecreasePct: 10 } });
    expect(existsSync(path.join(root, 's-3', 'reports', 'compare-s-1.json'))).toBe(true);
    expect(readFileSync(path.join(root, 's-3', 'logs', 'orchestrator.log'), 'utf8')).toContain('REGRESSION against baseline s-1');
  });

  it("decides with the runs' per-second samples: a delta beyond the threshold that is noise passes, a real drop regresses", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'bench-baseline-'));
    // Very noisy seconds (40 %): a run of the same load can land more than 10 % below the baseline.
    writeRunWithResults(root, 'n-1', { seconds: 12, opsPerSec: 300, latencyUs: 200, noise: 0.4, seed: 1 });
    writeRunWithResults(root, 'n-2', { seconds: 12, opsPerSec: 300, latencyUs: 200, noise: 0.4, seed: 8 });
    writeRunWithResults(root, 'n-3', { seconds: 30, opsPerSec: 200, latencyUs: 200, noise: 0.05, seed: 3 });
    expect(await act({ folder: path.join(root, 'n-1'), scheduleId: 'n', status: 'completed' })).toMatchObject({ state: 'baseline' });
    const noisy = await act({ folder: path.join(root, 'n-2'), scheduleId: 'n', status: 'completed' });
    const cmp = JSON.parse(readFileSync(path.join(root, 'n-2', 'reports', 'compare-n-1.json'), 'utf8'));
    const tp = cmp.runs[0].deltas.find((d: { metric: string }) => d.metric === 'throughput');
    expect(tp.deltaPct).toBeLessThan(-10);
    expect(tp).toMatchObject({ significant: false, regression: false, basis: 'threshold+significance' });
    expect(noisy).toEqual({ state: 'pass', baselineId: 'n-1', reasons: [] });
    expect(readFileSync(path.join(root, 'n-2', 'logs', 'orchestrator.log'), 'utf8')).toContain('throughput -');
    const slow = await act({ folder: path.join(root, 'n-3'), scheduleId: 'n', status: 'completed' });
    expect(slow).toMatchObject({ state: 'regressed', reasons: [expect.stringMatching(/^throughput -\d+\.\d % \(.*; 95 % CI \[-\d+\.\d, -\d+\.\d\] %, p[<=]/)] });
    expect(summaryOf(root, 'n-3').regression).toMatchObject({ regressed: true, baselineId: 'n-1' });
  });

  it('does not pin a failed run, and says so when the pinned baseline is gone', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'bench-baseline-'));
    writeRun(root, craftedSummary('f-1', { status: 'failed' }));
    expect(await act({ folder: path.join(root, 'f-1'), scheduleId: 'f', status: 'failed' })).toEqual({ state: 'none', reasons: ['no baseline yet'] });
    expect(readBaseline(root, 'f')).toBeUndefined();
    writeBaseline(root, { scheduleId: 'f', baselineId: 'gone', pinnedBy: 'user', pinnedAt: new Date().toISOString() });
    writeRun(root, craftedSummary('f-2'));
    expect(await act({ folder: path.join(root, 'f-2'), scheduleId: 'f', status: 'completed' })).toEqual({ state: 'none', baselineId: 'gone', reasons: ['baseline gone has no summary.json'] });
    expect(await act({ folder: path.join(root, 'no-such-run'), scheduleId: 'f', status: 'failed' })).toEqual({ state: 'none', reasons: ['no summary.json'] });
  });
});
