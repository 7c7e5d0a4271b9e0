/** Exact top-k by brute force over the loaded vectors, and recall@k of an engine's answer against it. */
import { row } from './dataset';

export type Distance = 'l2' | 'cosine';

/** Neighbour ids, k per query, nearest first. */
export interface GroundTruth {
  k: number;
  ids: Int32Array;
}

function norms(values: Float32Array, count: number, dimension: number): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let s = 0;
    for (let j = i * dimension, end = j + dimension; j < end; j++) s += values[j] * values[j];
    out[i] = Math.sqrt(s);
  }
  return out;
}

/** The k nearest of `count` vectors to each of `queryCount` queries. O(queries × count × dimension). */
export function exactTopK(
  vectors: Float32Array,
  count: number,
  queries: Float32Array,
  queryCount: number,
  dimension: number,
  k: number,
  distance: Distance,
): GroundTruth {
  const kk = Math.min(k, count);
  const ids = new Int32Array(queryCount * kk);
  const vectorNorms = distance === 'cosine' ? norms(vectors, count, dimension) : undefined;
  // The best kk so far, sorted by distance: insertion is cheap because most candidates lose at once.
  const bestD = new Float64Array(kk);
  const bestI = new Int32Array(kk);
  for (let q = 0; q < queryCount; q++) {
    const query = row(queries, q, dimension);
    const qNorm = vectorNorms ? norms(query, 1, dimension)[0] : 0;
    bestD.fill(Infinity);
    bestI.fill(-1);
    for (let i = 0; i < count; i++) {
      const base = i * dimension;
      let d = 0;
      if (vectorNorms) {
        for (let j = 0; j < dimension; j++) d += query[j] * vectors[base + j];
        const denom = qNorm * vectorNorms[i];
        d = denom === 0 ? 1 : 1 - d / denom;
      } else {
        for (let j = 0; j < dimension; j++) {
          const diff = query[j] - vectors[base + j];
          d += diff * diff;
        }
      }
      if (d >= bestD[kk - 1]) continue;
      let at = kk - 1;
      while (at > 0 && bestD[at - 1] > d) {
        bestD[at] = bestD[at - 1];
        bestI[at] = bestI[at - 1];
        at--;
      }
      bestD[at] = d;
      bestI[at] = i;
    }
    ids.set(bestI, q * kk);
  }
  return { k: kk, ids };
}

/** Ground truth shipped with a dataset (more neighbours per query than k): its first k of each row. */
export function truncateTruth(ids: Int32Array, rowLength: number, queryCount: number, k: number): GroundTruth {
  const out = new Int32Array(queryCount * k);
  for (let q = 0; q < queryCount; q++) out.set(ids.subarray(q * rowLength, q * rowLength + k), q * k);
  return { k, ids: out };
}

/** |found ∩ exact top-k| / k for query `q`: 1 when the engine returned exactly the true neighbours. */
export function recallAtK(found: ArrayLike<number>, truth: GroundTruth, q: number): number {
  const exact = truth.ids.subarray(q * truth.k, (q + 1) * truth.k);
  let hits = 0;
  const n = Math.min(found.length, truth.k);
  for (let i = 0; i < n; i++) if (exact.includes(found[i])) hits++;
  return hits / truth.k;
}
