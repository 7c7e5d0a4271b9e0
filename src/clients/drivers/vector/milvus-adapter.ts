/**
 * Milvus (Milvus Lite's gRPC server, or a full Milvus) through the official Node SDK: a collection of an
 * Int64 primary key and a FloatVector, flushed, an HNSW index created and the collection loaded.
 * One SDK client (its own gRPC connection) per driver connection.
 */
import type { MilvusClient, ResStatus } from '@zilliz/milvus2-sdk-node';
import type { DriverTarget } from '../driver';
import { EngineError, type EngineSettings, type StoredState, type VectorEngine } from './engine';

const METRIC = { l2: 'L2', cosine: 'COSINE' } as const;
const FINGERPRINT = 'bench_fingerprint';
const COMPLETE = 'bench_complete';
// Flush, index and load build the whole index inside one call on Milvus Lite: the per-request timeout is for queries.
const BUILD_TIMEOUT_MS = 2 * 60 * 60_000;
const GRPC_CODES: Record<number, string> = { 1: 'CANCELLED', 4: 'DEADLINE_EXCEEDED', 8: 'RESOURCE_EXHAUSTED', 13: 'INTERNAL', 14: 'UNAVAILABLE' };

function errorType(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'number' ? `milvus_grpc_${GRPC_CODES[code] ?? code}` : 'milvus_error';
}

/** Throws unless Milvus answered Success; `step` says what was asked. */
function check(step: string, status: ResStatus | undefined): void {
  if (status && status.error_code !== 'Success') throw new EngineError(`milvus_${status.error_code}`, `milvus ${step}: ${status.error_code} ${status.reason}`);
}

export class MilvusAdapter implements VectorEngine {
  private clients: MilvusClient[] = [];
  private queries: number[][] = [];
  private k = 10;
  private readonly info: Record<string, string | number> = {};

  constructor(
    private readonly target: DriverTarget,
    private readonly s: EngineSettings,
  ) {}

  private get admin(): MilvusClient {
    return this.clients[0];
  }

  private get address(): string {
    return `${this.target.host.includes(':') ? `[${this.target.host}]` : this.target.host}:${this.target.port}`;
  }

  async connect(connections: number): Promise<void> {
    // Loaded here, not at import: requiring the SDK takes about 2 s, which every other engine would pay.
    const { MilvusClient } = await import('@zilliz/milvus2-sdk-node');
    this.clients = Array.from(
      { length: Math.max(1, connections) },
      () =>
        new MilvusClient({
          address: this.address,
          database: this.s.database,
          timeout: this.s.timeoutMs,
          // A retried request would hide the failure the benchmark should count.
          maxRetries: 0,
          logLevel: 'error',
          // Its heartbeats and per-call sampling go to the server and cost client CPU; nothing here reads them.
          telemetry: { enabled: false },
          pool: { min: 1, max: 1 },
          channelOptions: {
            // One TCP connection per client (grpc-js otherwise shares one between clients of the same address),
            // and no keepalive pings while idle, which a Python gRPC server may answer with GOAWAY.
            'grpc.use_local_subchannel_pool': 1,
            'grpc.keepalive_permit_without_calls': 0,
          },
        }),
    );
    try {
      // All at once: each client connects on construction, and an unawaited failure would be an unhandled rejection.
      await Promise.all(this.clients.map((c) => c.connectPromise));
      const health = await this.admin.checkHealth();
      if (!health.isHealthy) throw new Error(`not healthy: ${JSON.stringify(health.reasons)}`);
      const v = (await this.admin.getVersion()).version;
      if (v) this.info.engineVersion = v.replace(/^milvus_lite-/, 'Milvus Lite ');
    } catch (err) {
      await this.close();
      const hint = (err as { code?: number }).code === 14 ? ' (nothing answers there: check driver.target and that the milvus service is up)' : '';
      throw new Error(`milvus ${this.address}${this.s.database ? ` database ${this.s.database}` : ''}: ${(err as Error).message}${hint}`);
    }
  }

  async state(): Promise<StoredState | undefined> {
    const has = await this.admin.hasCollection({ collection_name: this.s.collection });
    check(`HasCollection ${this.s.collection}`, has.status);
    if (!has.value) return undefined;
    const d = await this.admin.describeCollection({ collection_name: this.s.collection });
    check(`DescribeCollection ${this.s.collection}`, d.status);
    const prop = (key: string) => d.properties?.find((p) => p.key === key)?.value;
    const complete = prop(COMPLETE) === 'true';
    let count = 0;
    if (complete) {
      const st = await this.admin.getCollectionStatistics({ collection_name: this.s.collection });
      check(`GetCollectionStatistics ${this.s.collection}`, st.status);
      count = Number(st.data.row_count);
    }
    return { fingerprint: String(prop(FINGERPRINT) ?? ''), complete, count };
  }

  async create(fingerprint: string, dimension: number): Promise<void> {
    const collection_name = this.s.collection;
    if ((await this.admin.hasCollection({ collection_name })).value) check(`DropCollection ${collection_name}`, await this.admin.dropCollection({ collection_name }));
    const { DataType } = await import('@zilliz/milvus2-sdk-node');
    check(
      `CreateCollection ${collection_name} (dim ${dimension})`,
      await this.admin.createCollection({
        collection_name,
        fields: [
          { name: 'id', data_type: DataType.Int64, is_primary_key: true, autoID: false },
          { name: 'vec', data_type: DataType.FloatVector, dim: dimension },
        ],
        properties: { [FINGERPRINT]: fingerprint, [COMPLETE]: 'false' },
      }),
    );
  }

  async insert(first: number, vectors: Float32Array, count: number): Promise<void> {
    const d = vectors.length / count;
    const data = Array.from({ length: count }, (_, i) => ({ id: first + i, vec: Array.from(vectors.subarray(i * d, (i + 1) * d)) }));
    const r = await this.admin.insert({ collection_name: this.s.collection, data });
    check(`Insert rows ${first}..${first + count - 1}`, r.status);
  }

  async buildIndex(): Promise<void> {
    const collection_name = this.s.collection;
    const timeout = BUILD_TIMEOUT_MS;
    check('Flush', (await this.admin.flushSync({ collection_names: [collection_name], timeout })).status);
    check(
      `CreateIndex HNSW (M ${this.s.m}, efConstruction ${this.s.efConstruction})`,
      await this.admin.createIndex({ collection_name, field_name: 'vec', index_type: 'HNSW', metric_type: METRIC[this.s.distance], params: { M: this.s.m, efConstruction: this.s.efConstruction }, timeout }),
    );
    check('LoadCollection', await this.admin.loadCollection({ collection_name, timeout }));
    this.info.indexing = 'HNSW per flushed segment, built at load (flush, create index, load)';
  }

  async markComplete(fingerprint: string): Promise<void> {
    check(
      'AlterCollectionProperties',
      await this.admin.alterCollectionProperties({ collection_name: this.s.collection, properties: { [FINGERPRINT]: fingerprint, [COMPLETE]: 'true' } }),
    );
  }

  async attach(dimension: number): Promise<void> {
    const collection_name = this.s.collection;
    // Loading is idempotent; a copy kept from an earlier run on a restarted server needs it.
    check('LoadCollection', await this.admin.loadCollection({ collection_name, timeout: BUILD_TIMEOUT_MS }));
    // One search per client checks the search path (and fills the SDK's schema cache) before the load starts.
    const zero = new Array<number>(dimension).fill(0);
    await Promise.all(
      this.clients.map(async (c) => {
        const r = await c.search({ collection_name, data: zero, anns_field: 'vec', limit: 1, params: { ef: this.s.efSearch }, output_fields: ['id'] });
        check(`Search (ef ${this.s.efSearch}; driver.options.efSearch)`, r.status);
      }),
    );
    this.info.index = `HNSW M ${this.s.m}, efConstruction ${this.s.efConstruction}; ef ${this.s.efSearch} per search`;
  }

  setQueries(queries: Float32Array, count: number, k: number): void {
    const d = queries.length / count;
    this.k = k;
    this.queries = Array.from({ length: count }, (_, q) => Array.from(queries.subarray(q * d, (q + 1) * d)));
  }

  async search(conn: number, q: number): Promise<ArrayLike<number>> {
    const client = this.clients[conn % this.clients.length];
    let r;
    try {
      // output_fields ['id']: with none named Milvus Lite sends every field back, vectors included.
      r = await client.search({ collection_name: this.s.collection, data: this.queries[q], anns_field: 'vec', limit: this.k, params: { ef: this.s.efSearch }, output_fields: ['id'] });
    } catch (err) {
      throw new EngineError(errorType(err), (err as Error).message);
    }
    check('Search', r.status);
    return r.results.map((hit) => Number(hit.id));
  }

  buildSettings(): Record<string, string | number> {
    return {}; // ef is a search parameter
  }

  facts(): Record<string, string | number> {
    return this.info;
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.closeConnection().catch(() => undefined)));
  }
}
