import { constantArrivals, poissonArrivals, rampingArrivals } from '../../../src/clients/executors/arrival-schedule';
import { levelAt, stageSegments } from '../../../src/clients/executors/stages';

function take(next: () => number, n: number): number[] {
  return Array.from({ length: n }, next);
}

describe('arrival schedules', () => {
  it('constant: evenly spaced, no drift over a million arrivals', () => {
    const s = constantArrivals(3000);
    expect(take(s.next, 4)).toEqual([0, 1000 / 3000, 2000 / 3000, 1]);
    for (let i = 4; i < 1_000_000; i++) s.next();
    expect(s.next()).toBeCloseTo(1_000_000 / 3, 6);
  });

  it('poisson: mean gap 1/rate with exponential spread (seeded)', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const times = take(poissonArrivals(1000, random).next, 100_001);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(mean).toBeGreaterThan(0.98);
    expect(mean).toBeLessThan(1.02);
    // Exponential: about e^-2 of gaps exceed twice the mean.
    expect(gaps.filter((g) => g > 2).length / gaps.length).toBeCloseTo(Math.exp(-2), 2);
  });

  it('ramping: arrivals integrate the rate, then the schedule ends', () => {
    const s = rampingArrivals(0, [
      { duration: 1000, target: 1000 },
      { duration: 1000, target: 1000 },
      { duration: 0, target: 5000 },
      { duration: 500, target: 5000 },
    ]);
    const times: number[] = [];
    for (let t = s.next(); Number.isFinite(t); t = s.next()) times.push(t);
    // 500 in the ramp, 1000 held, 2500 in the burst.
    expect(times.length).toBeGreaterThanOrEqual(3999);
    expect(times.length).toBeLessThanOrEqual(4001);
    expect(times.filter((t) => t < 1000).length).toBeCloseTo(500, -1);
    expect(times.filter((t) => t < 500).length).toBeCloseTo(125, -1);
    expect(times.filter((t) => t >= 2000).length).toBeCloseTo(2500, -1);
    expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
    expect(s.endMs).toBe(2500);
    expect(s.rateAt(500)).toBe(500);
  });

  it('stages: a zero-length stage is a step', () => {
    const segs = stageSegments(2, [{ duration: 1000, target: 4 }, { duration: 0, target: 10 }, { duration: 1000, target: 10 }]);
    expect(levelAt(segs, 0)).toBe(2);
    expect(levelAt(segs, 500)).toBe(3);
    expect(levelAt(segs, 1000)).toBe(10);
    expect(levelAt(segs, 5000)).toBe(10);
  });
});
