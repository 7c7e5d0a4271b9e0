import { z } from 'zod';

const vecsFile = z
  .string()
  .regex(/\.(fvecs|bvecs)$/, 'a .fvecs or .bvecs file (ann-benchmarks HDF5 is not read: export its "train"/"test" arrays to .fvecs)');

export const vectorOptionsSchema = z.strictObject({
  engine: z
    .enum(['pgvector', 'chroma', 'milvus'])
    .meta({ description: 'Which vector store the target is: pgvector (SQL over the PostgreSQL protocol), chroma (Chroma HTTP v2 API) or milvus (Milvus gRPC API, e.g. Milvus Lite).' }),
  dimension: z.number().int().min(1).max(16_000).optional().meta({ description: 'Vector dimension of the synthetic data (default 128; a dataset file sets its own).' }),
  count: z.number().int().positive().optional().meta({ description: 'Vectors loaded (synthetic default 10000; with a dataset file, the first count of its vectors, default all).' }),
  queries: z.number().int().positive().default(1000).meta({ description: 'Distinct query vectors, cycled by the load; each has its exact top-k computed in the client.' }),
  k: z.number().int().min(1).max(1000).default(10).meta({ description: 'Neighbours asked per query (recall@k is measured against the exact top-k).' }),
  distance: z.enum(['l2', 'cosine']).default('l2').meta({ description: 'Distance of the index and of the ground truth.' }),
  distribution: z.enum(['uniform', 'normal']).default('uniform').meta({ description: 'Synthetic components: uniform in [0, 1) or standard normal.' }),
  seed: z.number().int().default(1).meta({ description: 'Seed of the synthetic data and queries (every instance draws the same ones).' }),
  dataset: z
    .strictObject({
      base: vecsFile.meta({ description: 'Base vectors (.fvecs float32 or .bvecs uint8, as in the SIFT/GIST sets).' }),
      queries: vecsFile.meta({ description: 'Query vectors, same dimension as base.' }),
      groundTruth: z
        .string()
        .regex(/\.ivecs$/, 'an .ivecs file of neighbour ids per query')
        .optional()
        .meta({ description: 'Exact neighbour ids per query (.ivecs); used when all of base is loaded, else computed by brute force.' }),
    })
    .optional()
    .meta({ description: 'Vectors from files instead of the synthetic generator.' }),
  batchSize: z.number().int().min(1).max(100_000).default(1000).meta({ description: 'Vectors per insert request while loading (Chroma caps it at its max_batch_size).' }),
  m: z.number().int().min(2).max(100).default(16).meta({ description: 'HNSW links per node (pgvector m, Chroma max_neighbors, Milvus M).' }),
  efConstruction: z.number().int().min(4).max(1000).default(64).meta({ description: 'HNSW candidate list while building (ef_construction, Milvus efConstruction); pgvector needs at least 2 × m.' }),
  efSearch: z.number().int().min(1).max(1000).default(100).meta({ description: 'HNSW candidate list per query (pgvector hnsw.ef_search per session; Chroma ef_search, fixed when the collection is built; Milvus ef per search); below k it caps recall.' }),
  collection: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,61}[a-z0-9]$/, 'use 3-63 lowercase letters, digits and _, starting with a letter and not ending with _ (a valid table and collection name)')
    .default('bench_vectors')
    .meta({ description: 'Table (pgvector) or collection (chroma, milvus) holding the vectors.' }),
  database: z.string().min(1).optional().meta({ description: 'PostgreSQL database (default postgres), Chroma database (default default_database) or Milvus database (default default).' }),
  user: z.string().min(1).default('postgres').meta({ description: 'pgvector: the role to connect as.' }),
  password: z.string().optional().meta({ description: 'pgvector: the role password (trust auth needs none).' }),
  reuse: z
    .boolean()
    .default(true)
    .meta({ description: 'Keep a complete table/collection built from the same data and index settings (a second run on the same server) instead of rebuilding it. false with several instances on such a server: the others may start on the old copy while instance 0 rebuilds it.' }),
  waitTimeoutMs: z
    .number()
    .int()
    .positive()
    .default(30 * 60_000)
    .meta({ description: 'How long instances other than rank 0 wait for rank 0 to load the data and build the index.' }),
  timeoutMs: z.number().int().positive().default(30_000).meta({ description: 'Per-request timeout.' }),
});
export type VectorOptions = z.output<typeof vectorOptionsSchema>;
