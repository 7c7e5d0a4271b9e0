/**
 * The search for the highest open-loop rate whose metric stays within a limit: bracketing (double
 * the rate while it passes), then bisection until the bracket [highest pass, lowest fail] is within
 * the precision. Pure: the sweep workflow decides with it and its state is carried across
 * continue-as-new.
 */
export interface RateSearchState {
  /** Highest value that passed. */
  pass?: number;
  /** Lowest value that failed. */
  fail?: number;
  tried: { value: number; passed: boolean }[];
  phase: 'bracketing' | 'bisecting' | 'done' | 'none-passed' | 'all-passed';
}

export interface RateSearchSettings {
  low: number;
  high: number;
  precision: number;
  maxRuns: number;
}

export function startSearch(): RateSearchState {
  return { tried: [], phase: 'bracketing' };
}

/** The state after one value was tried. */
export function recordTry(state: RateSearchState, value: number, passed: boolean): RateSearchState {
  const next: RateSearchState = { ...state, tried: [...state.tried, { value, passed }] };
  if (passed) next.pass = Math.max(state.pass ?? -Infinity, value);
  else next.fail = Math.min(state.fail ?? Infinity, value);
  return next;
}

/** The next value to try, or undefined when the search is over (with the final phase). */
export function nextValue(state: RateSearchState, s: RateSearchSettings): { value?: number; phase: RateSearchState['phase'] } {
  if (state.tried.length === 0) return { value: s.low, phase: 'bracketing' };
  if (state.pass === undefined) return { phase: 'none-passed' };
  const outOfRuns = state.tried.length >= s.maxRuns;
  if (state.fail === undefined) {
    if (outOfRuns) return { phase: 'all-passed' };
    const up = state.pass < s.high ? s.high : state.pass * 2;
    return { value: roundRate(up), phase: 'bracketing' };
  }
  if ((state.fail - state.pass) / state.fail <= s.precision || outOfRuns) return { phase: 'done' };
  const mid = roundRate((state.pass + state.fail) / 2);
  // Rounding can land on a bound when the bracket is a few units wide: nothing left to split.
  if (mid <= state.pass || mid >= state.fail) return { phase: 'done' };
  return { value: mid, phase: 'bisecting' };
}

/** Rates above 10 are tried as whole numbers, smaller ones to three significant digits. */
export function roundRate(v: number): number {
  return v >= 10 ? Math.round(v) : Number(v.toPrecision(3));
}
