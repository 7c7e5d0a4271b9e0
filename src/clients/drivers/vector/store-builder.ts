/**
 * Gets the table/collection to the state the run needs: rank 0 loads the vectors and builds the index
 * (or keeps a complete copy built from the same data and settings); the other instances wait for it.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Dataset } from './dataset';
import type { VectorEngine } from './engine';
import type { VectorOptions } from './options';

/** What built a stored copy: the data and the build-time index settings, with those the engine fixes at build time. */
export function fingerprint(dataset: Dataset, o: VectorOptions, engine: VectorEngine): string {
  const what = JSON.stringify({ source: dataset.source, distance: o.distance, m: o.m, efConstruction: o.efConstruction, ...engine.buildSettings() });
  return createHash('sha256').update(what).digest('hex').slice(0, 16);
}

export interface BuildOutcome {
  phasesMs: Record<string, number>;
  reused: boolean;
}

export async function buildStore(engine: VectorEngine, dataset: Dataset, o: VectorOptions, rank: number): Promise<BuildOutcome> {
  const fp = fingerprint(dataset, o, engine);
  const outcome = rank === 0 ? await loadAndIndex(engine, dataset, o, fp) : await waitForRankZero(engine, o, fp, rank);
  const st = await engine.state();
  if (!st || st.count !== dataset.count) {
    throw new Error(`vector driver: ${o.collection} holds ${st?.count ?? 0} vectors after prepare, expected ${dataset.count}; is another run writing to it? Use another driver.options.collection`);
  }
  return outcome;
}

async function loadAndIndex(engine: VectorEngine, dataset: Dataset, o: VectorOptions, fp: string): Promise<BuildOutcome> {
  const existing = await engine.state();
  if (o.reuse && existing?.complete && existing.fingerprint === fp && existing.count === dataset.count) return { phasesMs: {}, reused: true };
  await engine.create(fp, dataset.dimension);
  let t = performance.now();
  for (let first = 0; first < dataset.count; first += o.batchSize) {
    const n = Math.min(o.batchSize, dataset.count - first);
    await engine.insert(first, dataset.vectors.subarray(first * dataset.dimension, (first + n) * dataset.dimension), n);
  }
  const load = performance.now() - t;
  t = performance.now();
  await engine.buildIndex();
  const index = performance.now() - t;
  await engine.markComplete(fp);
  return { phasesMs: { load: Math.round(load), index: Math.round(index) }, reused: false };
}

async function waitForRankZero(engine: VectorEngine, o: VectorOptions, fp: string, rank: number): Promise<BuildOutcome> {
  const started = performance.now();
  let seen = 'nothing yet';
  for (let pause = 100; ; pause = Math.min(pause * 2, 1000)) {
    const st = await engine.state();
    if (st?.complete && st.fingerprint === fp) return { phasesMs: { wait: Math.round(performance.now() - started) }, reused: false };
    seen = st ? `${st.complete ? 'a complete copy of other data' : 'a copy still being built'}` : 'no table/collection';
    if (performance.now() - started > o.waitTimeoutMs) {
      throw new Error(
        `vector driver: instance ${rank} waited ${Math.round(o.waitTimeoutMs / 1000)} s for instance 0 to load ${o.collection} and saw ${seen}; raise driver.options.waitTimeoutMs or check instance 0's log`,
      );
    }
    await new Promise((r) => setTimeout(r, pause));
  }
}
