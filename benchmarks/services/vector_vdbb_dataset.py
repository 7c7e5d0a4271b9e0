"""Writes the vectors of vector-vs-vectordbbench.ts as a VectorDBBench custom dataset, so VectorDBBench
searches exactly what the vector driver searches: argv DIR BASE.fvecs QUERY.fvecs TRUTH.ivecs ->
DIR/train.parquet (id, emb), DIR/test.parquet (id, emb), DIR/neighbors.parquet (id, neighbors_id).
Ids are row numbers, as in the driver."""
import sys

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq


def read_vecs(path, dtype):
    raw = np.fromfile(path, dtype=np.int32)
    dim = int(raw[0])
    rows = raw.reshape(-1, dim + 1)
    if not (rows[:, 0] == dim).all():
        raise SystemExit(f"{path}: not a vecs file of dimension {dim}")
    return rows[:, 1:].copy().view(dtype)


def write(path, ids, column, values, value_type):
    table = pa.table({"id": pa.array(ids, pa.int64()), column: pa.array(list(values), pa.list_(value_type))})
    pq.write_table(table, path)


out, base, queries, truth = sys.argv[1:5]
b = read_vecs(base, np.float32)
q = read_vecs(queries, np.float32)
t = read_vecs(truth, np.int32).astype(np.int64)
write(f"{out}/train.parquet", np.arange(len(b)), "emb", b, pa.float32())
write(f"{out}/test.parquet", np.arange(len(q)), "emb", q, pa.float32())
write(f"{out}/neighbors.parquet", np.arange(len(t)), "neighbors_id", t, pa.int64())
print(f"{len(b)} train, {len(q)} test vectors of dimension {b.shape[1]}, {t.shape[1]} neighbours each")
