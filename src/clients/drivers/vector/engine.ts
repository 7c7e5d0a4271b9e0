/**
 * What the vector driver asks of a store; one adapter per engine keeps all engine knowledge (SQL,
 * HTTP paths, index parameters) to itself. The driver owns the flow: who loads, timing, waiting, recall.
 */
import type { Distance } from './ground-truth';

export interface EngineSettings {
  collection: string;
  database?: string;
  user: string;
  password?: string;
  distance: Distance;
  m: number;
  efConstruction: number;
  efSearch: number;
  timeoutMs: number;
}

/** The stored copy as the engine holds it: which data and settings built it, and whether it is complete. */
export interface StoredState {
  fingerprint: string;
  complete: boolean;
  count: number;
}

export interface VectorEngine {
  connect(connections: number): Promise<void>;
  /** The stored copy, or undefined when there is none. */
  state(): Promise<StoredState | undefined>;
  /** Drops any stored copy and creates an empty one for `dimension`-d vectors, marked as building `fingerprint`. */
  create(fingerprint: string, dimension: number): Promise<void>;
  /** Adds vectors with ids first, first + 1, ... (`vectors` is row-major). */
  insert(first: number, vectors: Float32Array, count: number): Promise<void>;
  /** Builds the index over what was inserted (an engine that indexes while inserting just checks it is there). */
  buildIndex(): Promise<void>;
  markComplete(fingerprint: string): Promise<void>;
  /** Readies search on every connection (query-time settings such as ef_search, prepared statements). */
  attach(dimension: number): Promise<void>;
  /** Encodes the queries (row-major) once, so the hot path only sends them. */
  setQueries(queries: Float32Array, count: number, k: number): void;
  /** Runs query `q` on connection `conn`; resolves with the ids found, nearest first. Rejects with an EngineError. */
  search(conn: number, q: number): Promise<ArrayLike<number>>;
  /** Settings this engine fixes when it builds, beyond the data and m/efConstruction: they join the stored copy's fingerprint. */
  buildSettings(): Record<string, string | number>;
  /** Facts worth reporting (engine version, how it indexes). */
  facts(): Record<string, string | number>;
  close(): Promise<void>;
}

/** A failed request with its short error type (the errorsByType key). */
export class EngineError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}
