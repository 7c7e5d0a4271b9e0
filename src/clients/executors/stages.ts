/** A piecewise-linear level over time (rate or users): starts at `start`, each stage ramps to its target. */
export interface Stage {
  duration: number;
  target: number;
}

export interface Segment {
  fromMs: number;
  durationMs: number;
  from: number;
  to: number;
}

export function stageSegments(start: number, stages: Stage[]): Segment[] {
  const segments: Segment[] = [];
  let t = 0;
  let level = start;
  for (const s of stages) {
    segments.push({ fromMs: t, durationMs: s.duration, from: level, to: s.target });
    t += s.duration;
    level = s.target;
  }
  return segments;
}

export function totalMs(segments: Segment[]): number {
  const last = segments[segments.length - 1];
  return last ? last.fromMs + last.durationMs : 0;
}

/** The level at `tMs`; a zero-length stage is a step (a burst). */
export function levelAt(segments: Segment[], tMs: number): number {
  for (const s of segments) {
    if (tMs < s.fromMs + s.durationMs) return s.durationMs === 0 ? s.to : s.from + ((s.to - s.from) * (tMs - s.fromMs)) / s.durationMs;
  }
  return segments.length ? segments[segments.length - 1].to : 0;
}
