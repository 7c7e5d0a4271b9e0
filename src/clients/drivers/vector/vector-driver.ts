/**
 * Top-k vector search against pgvector, Chroma or Milvus: loads a dataset and builds an HNSW index in its
 * prepare phase (rank 0; measured apart), then each request is one query whose recall@k against the
 * exact top-k (brute force, in the client) is recorded as the `recall` measurement.
 */
import { performance } from 'node:perf_hooks';
import { parseDriverOptions, type Driver, type DriverContext, type DriverFactory, type DriverTarget, type PrepareReport, type RequestDone } from '../driver';
import { ChromaAdapter } from './chroma-adapter';
import { loadDataset } from './dataset';
import { EngineError, type EngineSettings, type VectorEngine } from './engine';
import { exactTopK, recallAtK, truncateTruth, type GroundTruth } from './ground-truth';
import { MilvusAdapter } from './milvus-adapter';
import { vectorOptionsSchema, type VectorOptions } from './options';
import { PgvectorAdapter } from './pgvector-adapter';
import { buildStore } from './store-builder';

const ENGINES: Record<VectorOptions['engine'], new (target: DriverTarget, s: EngineSettings) => VectorEngine> = {
  pgvector: PgvectorAdapter,
  chroma: ChromaAdapter,
  milvus: MilvusAdapter,
};

class VectorDriver implements Driver {
  readonly kind = 'vector';
  readonly pipeline = 1;
  private readonly engine: VectorEngine;
  private truth: GroundTruth | undefined;
  private queryCount = 0;
  private cursor = 0;

  constructor(
    target: DriverTarget,
    private readonly o: VectorOptions,
    private readonly ctx: DriverContext,
  ) {
    this.engine = new ENGINES[o.engine](target, { collection: o.collection, database: o.database, user: o.user, password: o.password, distance: o.distance, m: o.m, efConstruction: o.efConstruction, efSearch: o.efSearch, timeoutMs: o.timeoutMs });
    if (o.efSearch < o.k) ctx.warn(`driver.options.efSearch ${o.efSearch} is below k ${o.k}: an HNSW search returns at most ef_search neighbours, so recall is capped`);
  }

  connect(connections: number): Promise<void> {
    return this.engine.connect(connections);
  }

  async prepare(): Promise<PrepareReport> {
    const o = this.o;
    const dataset = loadDataset(o);
    if (o.dataset?.groundTruth && !dataset.groundTruth) this.ctx.warn('driver.options.dataset.groundTruth ignored: only part of the base file is loaded (count), so the exact neighbours are computed instead');
    const engine = this.engine;
    const built = await buildStore(engine, dataset, o, this.ctx.rank);
    await engine.attach(dataset.dimension);
    engine.setQueries(dataset.queries, dataset.queryCount, o.k);
    // After the index is built, not while: on a small machine the brute force would slow the build it measures.
    const t = performance.now();
    this.truth = dataset.groundTruth
      ? truncateTruth(dataset.groundTruth.ids, dataset.groundTruth.k, dataset.queryCount, o.k)
      : exactTopK(dataset.vectors, dataset.count, dataset.queries, dataset.queryCount, dataset.dimension, o.k, o.distance);
    const groundTruth = Math.round(performance.now() - t);
    this.queryCount = dataset.queryCount;
    // Instances start at different queries so they do not ask the same one in step.
    this.cursor = Math.floor((this.ctx.rank * dataset.queryCount) / Math.max(1, this.ctx.instances));
    // Numeric facts add up across instances in the summary: only rank 0, which loaded the data, reports them.
    const counted: Record<string, number> = this.ctx.rank === 0 ? { vectors: dataset.count, dimension: dataset.dimension, queries: dataset.queryCount, k: o.k } : {};
    return {
      phasesMs: { ...built.phasesMs, groundTruth },
      facts: {
        engine: o.engine,
        distance: o.distance,
        ...counted,
        ...(built.reused ? { reused: 'a complete copy from an earlier run (load and index not measured)' } : {}),
        ...engine.facts(),
      },
    };
  }

  issue(conn: number, done: RequestDone): void {
    const engine = this.engine;
    const truth = this.truth;
    if (!truth) {
      done('vector_not_prepared');
      return;
    }
    const q = this.cursor;
    this.cursor = q + 1 === this.queryCount ? 0 : q + 1;
    engine.search(conn, q).then(
      (ids) => {
        this.ctx.measure.record('recall', recallAtK(ids, truth, q));
        done(null);
      },
      (err: unknown) => done(err instanceof EngineError ? err.type : 'vector_error'),
    );
  }

  async close(): Promise<void> {
    await this.engine.close();
  }
}

export const vectorDriver: DriverFactory = {
  kind: 'vector',
  description: 'Top-k vector search (pgvector, Chroma or Milvus): loads data and builds an HNSW index in prepare, records recall@k per query',
  options: vectorOptionsSchema,
  protocols: ['vector'],
  measurements: {
    recall: { unit: 'ratio', description: 'recall@k of each query: share of the exact k nearest neighbours (brute force in the client) the engine returned' },
  },
  create: (target, options, ctx) => new VectorDriver(target, parseDriverOptions('vector', vectorOptionsSchema, options), ctx),
};
