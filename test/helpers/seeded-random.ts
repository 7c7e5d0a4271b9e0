import { SeededRandom } from '../../src/clients/seeded-random';

/** The project's seeded generator as a function: the same sequence on every run, so a failing case can be replayed. */
export function prng(seed: number): () => number {
  const r = new SeededRandom(seed);
  return () => r.next();
}
