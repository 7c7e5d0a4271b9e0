import { nextValue, recordTry, startSearch, type RateSearchState } from '../../../src/workflows/rate-search';

/** Drives the search against a system whose limit is crossed at `knee`. */
function search(knee: number, settings = { low: 100, high: 1000, precision: 0.05, maxRuns: 20 }): { state: RateSearchState; runs: number } {
  let state = startSearch();
  for (;;) {
    const next = nextValue(state, settings);
    if (next.value === undefined) return { state: { ...state, phase: next.phase }, runs: state.tried.length };
    state = recordTry(state, next.value, next.value <= knee);
  }
}

describe('rate search: bracketing, then bisection', () => {
  it('finds the knee within the precision', () => {
    for (const knee of [137, 730, 999, 4321]) {
      const { state, runs } = search(knee);
      expect(state.phase).toBe('done');
      expect(state.pass!).toBeLessThanOrEqual(knee);
      expect(state.fail!).toBeGreaterThan(knee);
      expect((state.fail! - state.pass!) / state.fail!).toBeLessThanOrEqual(0.05);
      expect(runs).toBeLessThanOrEqual(12);
    }
  });

  it('tries low, then high, then doubles while passing', () => {
    const { state } = search(4321);
    expect(state.tried.slice(0, 4).map((t) => t.value)).toEqual([100, 1000, 2000, 4000]);
  });

  it('stops when even low fails, and when every try passed up to maxRuns', () => {
    expect(search(50).state.phase).toBe('none-passed');
    const all = search(1e12, { low: 1, high: 2, precision: 0.05, maxRuns: 5 });
    expect(all.state.phase).toBe('all-passed');
    expect(all.runs).toBe(5);
  });

  it('never tries a value twice when the bracket is a few units wide', () => {
    const { state } = search(11, { low: 10, high: 12, precision: 0.0001, maxRuns: 50 });
    const values = state.tried.map((t) => t.value);
    expect(new Set(values).size).toBe(values.length);
    expect(state.pass).toBe(11);
    expect(state.fail).toBe(12);
  });
});
