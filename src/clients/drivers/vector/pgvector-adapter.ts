/** pgvector over the PostgreSQL protocol (pg): a table with a vector(D) column and an HNSW index. */
import { Client } from 'pg';
import type { DriverTarget } from '../driver';
import { EngineError, type EngineSettings, type StoredState, type VectorEngine } from './engine';

const OPS = { l2: { operator: '<->', opclass: 'vector_l2_ops' }, cosine: { operator: '<=>', opclass: 'vector_cosine_ops' } } as const;
/** The table comment that tells other instances (and a later run) what the table holds. */
const MARK = 'bench-vector';

/** pgvector's text form, '[0.1,0.2,...]'. */
function literal(values: Float32Array): string {
  let s = '[';
  for (let i = 0; i < values.length; i++) s += (i ? ',' : '') + values[i];
  return s + ']';
}

function errorType(err: Error & { code?: string }): string {
  if (err.code) return `pg_${err.code}`;
  return /timeout/i.test(err.message) ? 'pg_timeout' : 'pg_error';
}

export class PgvectorAdapter implements VectorEngine {
  private clients: Client[] = [];
  private readonly table: string;
  private queries: string[] = [];
  private searchSql = '';
  private k = 10;
  private readonly info: Record<string, string | number> = {};

  constructor(
    private readonly target: DriverTarget,
    private readonly s: EngineSettings,
  ) {
    this.table = `"${s.collection}"`;
  }

  private get admin(): Client {
    return this.clients[0];
  }

  async connect(connections: number): Promise<void> {
    const { host, port } = this.target;
    const database = this.s.database ?? 'postgres';
    this.clients = Array.from(
      { length: Math.max(1, connections) },
      () => new Client({ host, port, database, user: this.s.user, password: this.s.password, query_timeout: this.s.timeoutMs }),
    );
    try {
      await Promise.all(this.clients.map((c) => c.connect()));
    } catch (err) {
      await this.close();
      throw new Error(`pgvector ${host}:${port}/${database} as ${this.s.user}: ${(err as Error).message}`);
    }
    for (const c of this.clients) c.on('error', () => undefined); // surfaced per query instead
  }

  private async sql(step: string, text: string, values?: unknown[]) {
    try {
      return await this.admin.query(text, values);
    } catch (err) {
      throw new Error(`pgvector ${step}: ${(err as Error).message}${(err as { code?: string }).code === '58P01' ? ' (is this a pgvector server? CREATE EXTENSION vector failed)' : ''}`);
    }
  }

  async state(): Promise<StoredState | undefined> {
    const r = await this.sql('reading the table state', `SELECT obj_description(to_regclass($1), 'pg_class') AS note, to_regclass($1) IS NOT NULL AS present`, [this.table]);
    if (!r.rows[0]?.present) return undefined;
    const [mark, fingerprint, status] = String(r.rows[0].note ?? '').split(' ');
    if (mark !== MARK) return { fingerprint: '', complete: false, count: 0 };
    const complete = status === 'complete';
    const count = complete ? Number((await this.sql('counting rows', `SELECT count(*) AS n FROM ${this.table}`)).rows[0].n) : 0;
    return { fingerprint, complete, count };
  }

  async create(fingerprint: string, dimension: number): Promise<void> {
    await this.sql('CREATE EXTENSION vector', 'CREATE EXTENSION IF NOT EXISTS vector');
    await this.sql(
      `creating table ${this.s.collection}`,
      `BEGIN;
       DROP TABLE IF EXISTS ${this.table};
       CREATE TABLE ${this.table} (id integer PRIMARY KEY, embedding vector(${dimension}) NOT NULL);
       COMMENT ON TABLE ${this.table} IS '${MARK} ${fingerprint} building';
       COMMIT;`,
    );
  }

  async insert(first: number, vectors: Float32Array, count: number): Promise<void> {
    const d = vectors.length / count;
    const ids = Array.from({ length: count }, (_, i) => first + i);
    const values = ids.map((_, i) => literal(vectors.subarray(i * d, (i + 1) * d)));
    await this.sql(`inserting rows ${first}..${first + count - 1}`, `INSERT INTO ${this.table} (id, embedding) SELECT * FROM unnest($1::integer[], $2::vector[])`, [ids, values]);
  }

  async buildIndex(): Promise<void> {
    const { opclass } = OPS[this.s.distance];
    await this.sql(
      `CREATE INDEX USING hnsw (m ${this.s.m}, ef_construction ${this.s.efConstruction})`,
      `CREATE INDEX ON ${this.table} USING hnsw (embedding ${opclass}) WITH (m = ${this.s.m}, ef_construction = ${this.s.efConstruction})`,
    );
    await this.sql('ANALYZE', `ANALYZE ${this.table}`);
  }

  async markComplete(fingerprint: string): Promise<void> {
    await this.sql('marking the table complete', `COMMENT ON TABLE ${this.table} IS '${MARK} ${fingerprint} complete'`);
  }

  async attach(dimension: number): Promise<void> {
    this.searchSql = `SELECT id FROM ${this.table} ORDER BY embedding ${OPS[this.s.distance].operator} $1 LIMIT $2`;
    try {
      await Promise.all(this.clients.map((c) => c.query(`SET hnsw.ef_search = ${this.s.efSearch}`)));
    } catch (err) {
      throw new Error(`pgvector SET hnsw.ef_search = ${this.s.efSearch} (driver.options.efSearch): ${(err as Error).message}`);
    }
    // A small table may get a sequential scan (exact, so recall 1 says nothing about the index): then the index is forced.
    const zero = literal(new Float32Array(dimension));
    const plan = async () => String((await this.sql('EXPLAIN', `EXPLAIN ${this.searchSql}`, [zero, 10])).rows.map((r) => r['QUERY PLAN']).join(' '));
    let shown = await plan();
    if (!/Index Scan/.test(shown)) {
      await Promise.all(this.clients.map((c) => c.query('SET enable_seqscan = off')));
      shown = await plan();
      this.info.seqscan = 'off (the planner chose a sequential scan)';
    }
    this.info.plan = (/Index Scan using \S+/.exec(shown)?.[0] ?? shown).slice(0, 120);
    const v = await this.sql('reading versions', `SELECT current_setting('server_version') AS server, (SELECT extversion FROM pg_extension WHERE extname = 'vector') AS vector`);
    this.info.engineVersion = `PostgreSQL ${v.rows[0].server}, pgvector ${v.rows[0].vector}`;
  }

  setQueries(queries: Float32Array, count: number, k: number): void {
    const d = queries.length / count;
    this.k = k;
    this.queries = Array.from({ length: count }, (_, q) => literal(queries.subarray(q * d, (q + 1) * d)));
  }

  search(conn: number, q: number): Promise<ArrayLike<number>> {
    const client = this.clients[conn % this.clients.length];
    return client.query({ name: 'bench_vector_search', text: this.searchSql, values: [this.queries[q], this.k], rowMode: 'array' }).then(
      (r) => r.rows.map((row) => row[0] as number),
      (err: Error & { code?: string }) => {
        throw new EngineError(errorType(err), err.message);
      },
    );
  }

  buildSettings(): Record<string, string | number> {
    return {}; // hnsw.ef_search is per session
  }

  facts(): Record<string, string | number> {
    return this.info;
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.end().catch(() => undefined)));
  }
}
