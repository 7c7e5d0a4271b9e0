import { findKnee, KNEE_RULE } from '../../../src/reports/sweep/knee';
import { sweepChartData } from '../../../src/reports/sweep/sweep-chart-data';
import { sweepStatistics } from '../../../src/reports/sweep/sweep-statistics';
import { CONNECTIONS, sweepFixture } from './sweep-fixture';

const curve = (pairs: [number | undefined, number | undefined][]) => pairs.map(([throughput, p99]) => ({ throughput, p99 }));

describe('knee of the latency–throughput curve', () => {
  it('is the first point whose p99 passes 2× the lowest before it while throughput gains < 5 %', () => {
    const k = findKnee(curve([[10_000, 1], [40_000, 1.2], [40_800, 6], [41_000, 25]]));
    expect(k).toMatchObject({ index: 2, previous: 1, p99Ratio: 6 });
    expect(k!.throughputGain).toBeCloseTo(0.02, 9);
  });

  it('no knee while throughput still grows 5 % or more, however p99 rises', () => {
    expect(findKnee(curve([[100, 1], [200, 3], [300, 9], [315, 30]]))).toBeUndefined();
    expect(findKnee(curve([[100, 1], [200, 3], [300, 9], [314, 30]]))).toMatchObject({ index: 3 });
  });

  it('no knee while p99 stays within 2× its lowest, however flat throughput is', () => {
    expect(findKnee(curve([[100, 1], [101, 1.5], [101, 2], [100, 1.9]]))).toBeUndefined();
  });

  it('compares with the lowest p99 so far, counts falling throughput, skips points without figures', () => {
    expect(findKnee(curve([[100, 4], [200, 1], [150, 2.5], [151, 2.1]]))).toMatchObject({ index: 2, previous: 1, p99Ratio: 2.5 });
    expect(findKnee(curve([[100, 1], [undefined, 50], [104, NaN], [103, 3]]))).toMatchObject({ index: 3, previous: 0 });
    expect(findKnee([])).toBeUndefined();
    expect(findKnee(curve([[100, 1]]))).toBeUndefined();
  });

  it('is found per series along each parameter and marked on the charts', () => {
    const s = sweepFixture();
    const data = sweepChartData(s, sweepStatistics(s), { print: true });
    expect(data.kneeRule).toBe(KNEE_RULE);
    expect(data.knees.map((k) => [k.parameter, k.series, k.at])).toEqual([
      [CONNECTIONS, 'valueSize=64', 'connections=16, valueSize=64'],
      [CONNECTIONS, 'valueSize=1024', 'connections=16, valueSize=1024'],
    ]);
    const latency = data.charts.find((c) => c.kind === 'latency' && c.group === CONNECTIONS)!;
    const marks = latency.datasets.find((d) => d.role === 'mark')!;
    expect(marks.label).toBe('knee');
    expect(marks.points.map((p) => [p.x, p.y])).toEqual([
      [expect.closeTo(40_800, 6), expect.closeTo(6, 9)],
      [expect.closeTo(40_800 * 0.8, 6), expect.closeTo(9, 9)],
    ]);
  });
});
