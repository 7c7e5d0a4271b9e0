import { existsSync } from 'node:fs';
import path from 'node:path';
import { runBench, sandbox } from '../../helpers/bench-cli';
import { craftedSummary, writeRun, writeRunWithResults } from './crafted-summary';

describe('bench compare (CLI)', () => {
  const box = sandbox('compare-cli');
  writeRun(box.experiments, craftedSummary('base', { p99: 1, opsPerSec: 1000 }));
  writeRun(box.experiments, craftedSummary('same', { p99: 1, opsPerSec: 1000 }));
  writeRun(box.experiments, craftedSummary('slow', { p99: 1.5, opsPerSec: 1000 }));
  // Runs with their client result files: per-second samples to test with.
  writeRunWithResults(box.experiments, 'long-base', { seconds: 30, opsPerSec: 500, latencyUs: 200, noise: 0.05, seed: 1 });
  writeRunWithResults(box.experiments, 'long-slow', { seconds: 30, opsPerSec: 430, latencyUs: 200, noise: 0.05, seed: 3 });

  it('exits 0 for identical runs and writes the comparison files', async () => {
    const res = await runBench(['compare', 'base', 'same'], box.env, 60_000);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('same (completed): pass');
    expect(existsSync(path.join(box.experiments, 'same', 'reports', 'compare-base.md'))).toBe(true);
  });

  it('exits 1 on a regression, and 0 when the threshold is raised', async () => {
    const res = await runBench(['compare', 'base', 'same', 'slow', '--json'], box.env, 60_000);
    expect(res.code).toBe(1);
    const c = JSON.parse(res.stdout);
    expect(c.runs.map((r: { id: string; regressions: string[] }) => [r.id, r.regressions.length])).toEqual([['same', 0], ['slow', 1]]);
    expect((await runBench(['compare', 'base', 'slow', '--threshold-p99', '60'], box.env, 60_000)).code).toBe(0);
  });

  it('shows the interval, p-value and verdict of each metric; without samples it says the threshold decided', async () => {
    const res = await runBench(['compare', 'long-base', 'long-slow', '--no-write'], box.env, 60_000);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('alpha 0.05');
    expect(res.stdout).toMatch(/^throughput \(ops\/s\) +\d+(\.\d+)? +\d+(\.\d+)? +-1\d\.\d % +\[-1\d\.\d, -\d+\.\d\] % +p(<0\.001|=0\.0\d\d) +significant → REGRESSION$/m);
    expect(res.stdout).toMatch(/^p99 latency \(ms\) .* not significant$/m);
    const plain = await runBench(['compare', 'base', 'slow', '--no-write'], box.env, 60_000);
    expect(plain.stdout).toMatch(/^p99 latency \(ms\) +1 +1\.5 +\+50\.0 % +untested → REGRESSION \(threshold alone\)$/m);
    expect(plain.stdout).toContain('regression: p99 latency +50.0 % (1.00 → 1.50 ms; threshold +10 %; threshold alone, not tested: no per-second series for either run)');
    expect((await runBench(['compare', 'long-base', 'long-slow', '--alpha', '2'], box.env, 60_000)).code).toBe(2);
  });

  it('exits 2 with a clear message for an unknown id or a bad threshold', async () => {
    const res = await runBench(['compare', 'base', 'missing-run'], box.env, 60_000);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('no experiment folder missing-run under');
    expect((await runBench(['compare', 'base', 'same', '--threshold-p99', 'ten'], box.env, 60_000)).code).toBe(2);
  });
});
