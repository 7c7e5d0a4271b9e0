#!/usr/bin/env bash
# Records the history of a fresh run for the replay test (a sweep recipe records the sweep workflow's):
#   bash scripts/record-history.sh [NAME [RECIPE]]   -> test/fixtures/histories/NAME.json
#   (default experiment-quickstart from recipes/quickstart.yaml)
# Re-record only when a deliberate, patched() workflow change makes the old history obsolete; keep the old one too.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:-experiment-quickstart}
recipe=${2:-recipes/quickstart.yaml}
id="replay-$(date +%s)"
node bin/bench.js server --headless --port 7299 --state-dir "$(mktemp -d)" & server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do (echo > /dev/tcp/127.0.0.1/7299) 2>/dev/null && break; sleep 0.1; done
TEMPORAL_ADDRESS=127.0.0.1:7299 node bin/bench.js run "$recipe" --id "$id" --output "$(mktemp -d)" >/dev/null
mkdir -p test/fixtures/histories
tools/venv/bin/temporal workflow show --address 127.0.0.1:7299 -w "$id" -o json > "test/fixtures/histories/$name.json"
echo "recorded test/fixtures/histories/$name.json"
