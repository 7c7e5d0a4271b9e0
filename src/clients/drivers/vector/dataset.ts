/** The vectors a run loads and the queries it sends: seeded synthetic ones, or read from .fvecs/.bvecs files. */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { VectorOptions } from './options';
import { SeededRandom } from '../../seeded-random';
import { readVecs } from './vecs-file';

export interface Dataset {
  dimension: number;
  count: number;
  /** count × dimension components, row after row; vector i has id i. */
  vectors: Float32Array;
  queryCount: number;
  queries: Float32Array;
  /** Exact neighbour ids per query shipped with the data (groundTruthK per query), when it applies. */
  groundTruth?: { ids: Int32Array; k: number };
  /** What the stored copy was built from: part of its fingerprint. */
  source: string;
}

export const DEFAULT_DIMENSION = 128;
export const DEFAULT_COUNT = 10_000;

/** Vector i of a row-major block, without copying. */
export function row(values: Float32Array, i: number, dimension: number): Float32Array {
  return values.subarray(i * dimension, (i + 1) * dimension);
}

export function synthetic(count: number, dimension: number, distribution: 'uniform' | 'normal', seed: number): Float32Array {
  const rnd = new SeededRandom(seed);
  const out = new Float32Array(count * dimension);
  for (let i = 0; i < out.length; i++) out[i] = distribution === 'uniform' ? rnd.next() : rnd.normal();
  return out;
}

export function loadDataset(o: VectorOptions): Dataset {
  return o.dataset ? fromFiles(o, o.dataset) : fromSeed(o);
}

function fromSeed(o: VectorOptions): Dataset {
  const dimension = o.dimension ?? DEFAULT_DIMENSION;
  const count = o.count ?? DEFAULT_COUNT;
  return {
    dimension,
    count,
    vectors: synthetic(count, dimension, o.distribution, o.seed),
    queryCount: o.queries,
    // Another stream of the same seed: queries are not copies of loaded vectors.
    queries: synthetic(o.queries, dimension, o.distribution, (o.seed ^ 0x5bd1e995) >>> 0),
    source: `synthetic:${o.distribution}:${o.seed}:${dimension}:${count}`,
  };
}

function fromFiles(o: VectorOptions, files: NonNullable<VectorOptions['dataset']>): Dataset {
  const base = readVecs(files.base, 'driver.options.dataset.base', o.count);
  const queries = readVecs(files.queries, 'driver.options.dataset.queries', o.queries);
  if (o.dimension !== undefined && o.dimension !== base.dimension) {
    throw new Error(`driver.options.dimension: ${o.dimension}, but ${files.base} has dimension ${base.dimension}; leave dimension out for a dataset file`);
  }
  if (queries.dimension !== base.dimension) {
    throw new Error(`driver.options.dataset.queries: dimension ${queries.dimension}, but the base vectors have ${base.dimension}`);
  }
  const st = statSync(files.base);
  const all = st.size / (4 + base.dimension * (files.base.endsWith('.bvecs') ? 1 : 4));
  let groundTruth: Dataset['groundTruth'];
  if (files.groundTruth && base.count === all) {
    const gt = readVecs(files.groundTruth, 'driver.options.dataset.groundTruth', queries.count);
    if (gt.count < queries.count) throw new Error(`driver.options.dataset.groundTruth: ${gt.count} rows for ${queries.count} queries`);
    if (gt.dimension < o.k) throw new Error(`driver.options.dataset.groundTruth: ${gt.dimension} neighbours per query, fewer than k = ${o.k}; lower k or leave groundTruth out`);
    groundTruth = { ids: gt.values as Int32Array, k: gt.dimension };
  }
  return {
    dimension: base.dimension,
    count: base.count,
    vectors: base.values as Float32Array,
    queryCount: queries.count,
    queries: queries.values as Float32Array,
    groundTruth,
    source: `file:${path.resolve(files.base)}:${st.size}:${Math.round(st.mtimeMs)}:${base.count}`,
  };
}
