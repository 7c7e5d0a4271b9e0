import { levelAt, stageSegments, totalMs, type Segment, type Stage } from './stages';

/** Intended start times of an open loop, in ms from the run's start; Infinity once the schedule ends. */
export interface ArrivalSchedule {
  /** The target rate at `tMs`, for the warning when it is not met. */
  rateAt(tMs: number): number;
  next(): number;
}

export function constantArrivals(ratePerSec: number): ArrivalSchedule {
  const intervalMs = 1000 / ratePerSec;
  let k = 0;
  // Multiplying (not adding) keeps float error from drifting the rate over millions of arrivals.
  return { rateAt: () => ratePerSec, next: () => k++ * intervalMs };
}

/** Exponential gaps: the arrivals of independent users, bursty at any rate. */
export function poissonArrivals(ratePerSec: number, random: () => number = Math.random): ArrivalSchedule {
  const meanMs = 1000 / ratePerSec;
  let t = 0;
  return {
    rateAt: () => ratePerSec,
    next: () => {
      const at = t;
      t += -Math.log(1 - random()) * meanMs;
      return at;
    },
  };
}

/**
 * Rate ramps linearly through stages; the k-th arrival is where the integral of the rate reaches k.
 * Within a segment that integral is quadratic in time, so each arrival is solved exactly.
 */
export function rampingArrivals(startRate: number, stages: Stage[]): ArrivalSchedule & { endMs: number } {
  const segments = stageSegments(startRate, stages);
  const counts = segments.map((s) => ((s.from + s.to) / 2) * (s.durationMs / 1000));
  let seg = 0;
  let before = 0; // arrivals in segments before `seg`
  let k = 0;
  return {
    endMs: totalMs(segments),
    rateAt: (tMs) => levelAt(segments, tMs),
    next: () => {
      const target = k++;
      while (seg < segments.length && target >= before + counts[seg]) before += counts[seg++];
      if (seg >= segments.length) return Infinity;
      return segments[seg].fromMs + solveWithin(segments[seg], target - before);
    },
  };
}

/** Time into segment `s` (ms) at which `n` arrivals have happened: solves a·t² + b·t = n. */
function solveWithin(s: Segment, n: number): number {
  const b = s.from / 1000;
  const a = (s.to - s.from) / 1000 / (2 * s.durationMs);
  if (Math.abs(a) < 1e-15) return n / b;
  return (-b + Math.sqrt(b * b + 4 * a * n)) / (2 * a);
}
