/**
 * Chroma over its HTTP v2 API (undici keep-alive pool). Embeddings are always sent: without them
 * Chroma would run its default embedding function, which downloads a model.
 */
import { Pool } from 'undici';
import type { DriverTarget } from '../driver';
import { EngineError, type EngineSettings, type StoredState, type VectorEngine } from './engine';

interface Collection {
  id: string;
  metadata?: Record<string, unknown> | null;
}

const FINGERPRINT = 'bench_fingerprint';
const COMPLETE = 'bench_complete';

/** Little-endian float32 bytes in base64, the compact embedding form Chroma accepts on add. */
function base64(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

export class ChromaAdapter implements VectorEngine {
  private pool: Pool | undefined;
  private readonly db: string;
  private id = '';
  private maxBatch = Infinity;
  private dimension = 0;
  private bodies: string[] = [];
  private searchPath = '';
  private readonly info: Record<string, string | number> = { indexing: 'HNSW built while adding (no separate build step)' };

  constructor(
    private readonly target: DriverTarget,
    private readonly s: EngineSettings,
  ) {
    this.db = `/api/v2/tenants/default_tenant/databases/${encodeURIComponent(s.database ?? 'default_database')}`;
  }

  async connect(connections: number): Promise<void> {
    const host = this.target.host.includes(':') ? `[${this.target.host}]` : this.target.host;
    this.pool = new Pool(`http://${host}:${this.target.port}`, { connections: Math.max(1, connections), pipelining: 1, keepAliveTimeout: 60_000 });
    try {
      await this.call('GET', '/api/v2/heartbeat');
      const checks = (await this.call('GET', '/api/v2/pre-flight-checks')) as { max_batch_size?: number };
      if (checks.max_batch_size) this.maxBatch = checks.max_batch_size;
      const version = await this.call('GET', '/api/v2/version');
      this.info.engineVersion = `Chroma API ${String(version)}`;
    } catch (err) {
      await this.close();
      throw new Error(`chroma http://${host}:${this.target.port}: ${(err as Error).message}`);
    }
  }

  /** One JSON request; rejects with an EngineError naming the HTTP status and Chroma's message. */
  private async call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, okStatuses: number[] = []): Promise<unknown> {
    const pool = this.pool as Pool;
    let res;
    try {
      res = await pool.request({
        method,
        path,
        body: body === undefined ? undefined : JSON.stringify(body),
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        headersTimeout: this.s.timeoutMs,
        bodyTimeout: this.s.timeoutMs,
      });
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw new EngineError(code ? `chroma_${code}` : 'chroma_error', `${method} ${path}: ${(err as Error).message}`);
    }
    const text = await res.body.text();
    if (res.statusCode >= 400 && !okStatuses.includes(res.statusCode)) {
      throw new EngineError(`chroma_http_${res.statusCode}`, `${method} ${path}: HTTP ${res.statusCode} ${text.slice(0, 300)}`);
    }
    return text ? JSON.parse(text) : null;
  }

  private async find(): Promise<Collection | undefined> {
    const c = (await this.call('GET', `${this.db}/collections/${this.s.collection}`, undefined, [404])) as Collection & { error?: string };
    return c && c.id ? c : undefined;
  }

  async state(): Promise<StoredState | undefined> {
    const c = await this.find();
    if (!c) return undefined;
    const complete = c.metadata?.[COMPLETE] === true;
    const count = complete ? Number(await this.call('GET', `${this.db}/collections/${c.id}/count`)) : 0;
    return { fingerprint: String(c.metadata?.[FINGERPRINT] ?? ''), complete, count };
  }

  private metadata(fingerprint: string, complete: boolean): Record<string, unknown> {
    // hnsw:space for servers that read the space from metadata; 1.x reads the configuration.
    return { 'hnsw:space': this.s.distance, [FINGERPRINT]: fingerprint, [COMPLETE]: complete };
  }

  async create(fingerprint: string, dimension: number): Promise<void> {
    this.dimension = dimension;
    await this.call('DELETE', `${this.db}/collections/${this.s.collection}`, undefined, [404]);
    const c = (await this.call('POST', `${this.db}/collections`, {
      name: this.s.collection,
      metadata: this.metadata(fingerprint, false),
      configuration: { hnsw: { space: this.s.distance, max_neighbors: this.s.m, ef_construction: this.s.efConstruction, ef_search: this.s.efSearch } },
    })) as Collection;
    this.id = c.id;
  }

  async insert(first: number, vectors: Float32Array, count: number): Promise<void> {
    const d = vectors.length / count;
    for (let at = 0; at < count; at += this.maxBatch) {
      const n = Math.min(this.maxBatch, count - at);
      const ids = Array.from({ length: n }, (_, i) => String(first + at + i));
      const embeddings = ids.map((_, i) => base64(vectors.subarray((at + i) * d, (at + i + 1) * d)));
      await this.call('POST', `${this.db}/collections/${this.id}/add`, { ids, embeddings });
    }
  }

  async buildIndex(): Promise<void> {
    // Chroma indexes on add; one query proves the index answers before the load starts.
    await this.call('POST', `${this.db}/collections/${this.id}/query`, { query_embeddings: [new Array(this.dimension).fill(0)], n_results: 1, include: [] });
  }

  async markComplete(fingerprint: string): Promise<void> {
    await this.call('PUT', `${this.db}/collections/${this.id}`, { new_metadata: this.metadata(fingerprint, true) });
  }

  async attach(): Promise<void> {
    const c = await this.find();
    if (!c) throw new Error(`chroma: collection ${this.s.collection} disappeared (did another run delete it?)`);
    this.id = c.id;
    this.searchPath = `${this.db}/collections/${c.id}/query`;
  }

  setQueries(queries: Float32Array, count: number, k: number): void {
    const d = queries.length / count;
    this.bodies = Array.from({ length: count }, (_, q) =>
      JSON.stringify({ query_embeddings: [Array.from(queries.subarray(q * d, (q + 1) * d))], n_results: k, include: [] }),
    );
  }

  async search(_conn: number, q: number): Promise<ArrayLike<number>> {
    const pool = this.pool as Pool;
    let res;
    try {
      res = await pool.request({
        method: 'POST',
        path: this.searchPath,
        body: this.bodies[q],
        headers: { 'content-type': 'application/json' },
        headersTimeout: this.s.timeoutMs,
        bodyTimeout: this.s.timeoutMs,
      });
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw new EngineError(code ? `chroma_${code}` : 'chroma_error', (err as Error).message);
    }
    if (res.statusCode >= 400) {
      await res.body.dump();
      throw new EngineError(`chroma_http_${res.statusCode}`, `query: HTTP ${res.statusCode}`);
    }
    const reply = (await res.body.json()) as { ids?: string[][] };
    const ids = reply.ids?.[0];
    if (!ids) throw new EngineError('chroma_bad_reply', 'query reply without ids');
    return ids.map(Number);
  }

  buildSettings(): Record<string, string | number> {
    // Measured on chroma 1.5.9: a PUT of a new ef_search is stored but the loaded index keeps searching with
    // the one it was created with, so ef_search is a build setting here: another value builds a new copy.
    return { efSearch: this.s.efSearch };
  }

  facts(): Record<string, string | number> {
    return this.info;
  }

  async close(): Promise<void> {
    await this.pool?.close().catch(() => undefined);
  }
}
