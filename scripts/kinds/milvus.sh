#!/usr/bin/env bash
# Milvus Lite (Apache-2.0) from the PyPI wheel milvus-lite, whose `milvus-lite server` is a standalone
# Milvus gRPC server (a Python engine on faiss). Its server imports the gRPC stubs of pymilvus, which
# milvus-lite does not declare, so both are pinned. Installed into a venv once per machine (about
# 450 MiB) and linked into $BENCH_CACHE/bin/milvus-lite. Prints that path. Cold: under a minute; warm: a no-op.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
KIND=milvus
. "$here/lib.sh"
with_lock milvus venv_tool milvus milvus-lite "milvus-lite==3.2.2" "pymilvus==3.0.2"
echo "$BENCH_CACHE/bin/milvus-lite"
