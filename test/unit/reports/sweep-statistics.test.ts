import { studentTQuantile } from '../../../src/reports/sweep/student-t';
import { isCompletedRun, meanCi, sweepStatistics } from '../../../src/reports/sweep/sweep-statistics';
import { CONNECTIONS, sweepFixture, sweepRow, VALUE_SIZE } from './sweep-fixture';

describe('sweep statistics', () => {
  it('knows Student t critical values (two-sided 95 %)', () => {
    // Published table values.
    const table: [number, number][] = [[1, 12.7062], [2, 4.3027], [3, 3.1824], [4, 2.7764], [9, 2.2622], [29, 2.0452], [120, 1.9799]];
    for (const [df, t] of table) expect([df, studentTQuantile(0.975, df)]).toEqual([df, expect.closeTo(t, 3)]);
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.95996, 3);
    expect(studentTQuantile(0.995, 4)).toBeCloseTo(4.6041, 3);
  });

  it('mean and 95 % confidence interval: mean ± t(n−1)·s/√n', () => {
    const s = meanCi([1, 2, 3])!;
    expect(s.n).toBe(3);
    expect(s.mean).toBe(2);
    expect(s.sd).toBeCloseTo(1, 12);
    expect(s.ci).toBeCloseTo(4.302653 / Math.sqrt(3), 5); // 2.48414
    expect(s.lo).toBeCloseTo(2 - 2.48414, 4);
    expect(s.hi).toBeCloseTo(2 + 2.48414, 4);
    const two = meanCi([10, 12])!;
    expect(two.ci).toBeCloseTo(12.7062, 3); // s = √2, n = 2: t·s/√n = t
    const five = meanCi([100, 102, 98, 101, 99])!;
    expect(five.ci).toBeCloseTo(2.776445 * Math.sqrt(2.5) / Math.sqrt(5), 5);
  });

  it('one repetition: a mean and no interval; no values: nothing; non-numbers are ignored', () => {
    expect(meanCi([7])).toEqual({ n: 1, mean: 7 });
    expect(meanCi([])).toBeUndefined();
    expect(meanCi(['x', NaN, undefined, Infinity])).toBeUndefined();
    expect(meanCi([1, '<b>', 3])).toMatchObject({ n: 2, mean: 2 });
    const zero = meanCi([5, 5, 5])!;
    expect(zero).toMatchObject({ mean: 5, sd: 0, ci: 0, lo: 5, hi: 5 });
  });

  it('groups rows by point over completed repetitions, in plan order', () => {
    const points = sweepStatistics(sweepFixture());
    expect(points).toHaveLength(8);
    expect(points.map((p) => p.point)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const first = points[0];
    expect(first.parameters).toEqual({ [CONNECTIONS]: 1, [VALUE_SIZE]: 64 });
    expect(first).toMatchObject({ n: 3, status: 'completed' });
    // 9900, 10000, 10100: s = 100, ci = 4.3027 · 100 / √3.
    expect(first.opsPerSec!.mean).toBeCloseTo(10_000, 6);
    expect(first.opsPerSec!.ci).toBeCloseTo(248.414, 2);
    expect(first.p99!.mean).toBeCloseTo(1, 9);
    expect(first.p50!.mean).toBeCloseTo(0.25, 9);
    expect(first.errorRate!.mean).toBe(0);
    expect(first.extra['hits.perSec'].mean).toBeCloseTo(9000, 6);
    expect(points[6].errorRate!.mean).toBeGreaterThan(0);
  });

  it('counts failed, cancelled and running repetitions without measuring them', () => {
    const s = sweepFixture();
    s.rows = [
      sweepRow(0, 0, 1, 64),
      sweepRow(0, 1, 1, 64, { status: 'failed', opsPerSec: 1, error: 'service crashed' }),
      sweepRow(0, 2, 1, 64, { status: 'completed_with_teardown_errors' }),
      sweepRow(1, 0, 4, 64),
      sweepRow(1, 1, 4, 64, { status: 'running' }),
      sweepRow(2, 0, 16, 64, { status: 'failed', error: 'deploy failed' }),
      sweepRow(2, 1, 16, 64, { status: 'failed', error: 'deploy failed' }),
      sweepRow(3, 0, 64, 64, { status: 'cancelled' }),
      sweepRow(4, 0, 64, 1024, { extra: {} }),
    ];
    const [a, b, c, d, e] = sweepStatistics(s);
    expect(a).toMatchObject({ n: 2, status: 'partial', errors: ['service crashed'] });
    expect(a.opsPerSec!.mean).toBeCloseTo((9900 + 10100) / 2, 6);
    expect(b).toMatchObject({ n: 1, status: 'running' });
    expect(b.opsPerSec).toEqual({ n: 1, mean: 40_000 * 0.99 });
    expect(c).toMatchObject({ n: 0, status: 'failed', errors: ['deploy failed'], opsPerSec: undefined });
    expect(d).toMatchObject({ n: 0, status: 'cancelled' });
    expect(e.extra).toEqual({});
    expect(isCompletedRun('completed_with_teardown_errors')).toBe(true);
    expect(isCompletedRun('failed')).toBe(false);
  });

  it('a search point passes when every judged repetition passed', () => {
    const s = sweepFixture();
    s.rows = [sweepRow(0, 0, 1, 64, { passed: true }), sweepRow(0, 1, 1, 64, { passed: true }), sweepRow(1, 0, 4, 64, { passed: true }), sweepRow(1, 1, 4, 64, { passed: false }), sweepRow(2, 0, 16, 64)];
    expect(sweepStatistics(s).map((p) => p.passed)).toEqual([true, false, undefined]);
  });
});
