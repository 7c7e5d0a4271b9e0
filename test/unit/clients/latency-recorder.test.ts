import { clampLatencyUs, createLatencyHistogram } from '../../../src/clients/results/histogram';
import { LatencyRecorder } from '../../../src/clients/results/latency-recorder';

describe('LatencyRecorder', () => {
  it('gives the same histogram and per-second samples as recording straight into HDR', () => {
    const rec = new LatencyRecorder();
    const direct = createLatencyHistogram();
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let s = 0; s < 3; s++) {
      const second = createLatencyHistogram();
      for (let i = 0; i < 20_000; i++) {
        // Both sides of the 65,536 µs fast path, and fractions that round.
        const us = random() < 0.7 ? random() * 2100 : 500 + random() * 200_000;
        rec.recordOk(us);
        direct.recordValue(clampLatencyUs(us));
        second.recordValue(clampLatencyUs(us));
      }
      rec.recordError('timeout');
      rec.closeSecond(1000 * s);
      expect(rec.series[s]).toEqual({
        t: 1000 * s,
        requests: 20_001,
        errors: 1,
        p50Us: second.getValueAtPercentile(50),
        p90Us: second.getValueAtPercentile(90),
        p99Us: second.getValueAtPercentile(99),
        maxUs: second.maxValue,
      });
    }
    for (const p of [1, 25, 50, 75, 90, 99, 99.9, 100]) expect(rec.total.getValueAtPercentile(p)).toBe(direct.getValueAtPercentile(p));
    expect(rec.total.totalCount).toBe(60_000);
    expect(rec.total.mean).toBeCloseTo(direct.mean, 6);
    expect(rec.errors).toEqual({ timeout: 3 });
  });

  it('records a second with no traffic only when asked to', () => {
    const rec = new LatencyRecorder();
    rec.closeSecond(0, false);
    rec.closeSecond(1000, true);
    expect(rec.series.map((s) => s.t)).toEqual([1000]);
  });
});
