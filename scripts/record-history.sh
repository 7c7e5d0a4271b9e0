#!/usr/bin/env bash
# Records the history of a fresh quickstart run for the replay test:
#   bash scripts/record-history.sh [NAME]   -> test/fixtures/histories/NAME.json (default experiment-quickstart)
# Re-record only when a deliberate, patched() workflow change makes the old history obsolete; keep the old one too.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:-experiment-quickstart}
id="replay-$(date +%s)"
node bin/bench.js server --headless --port 7299 --state-dir "$(mktemp -d)" & server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do (echo > /dev/tcp/127.0.0.1/7299) 2>/dev/null && break; sleep 0.1; done
TEMPORAL_ADDRESS=127.0.0.1:7299 node bin/bench.js run recipes/quickstart.yaml --id "$id" --output "$(mktemp -d)" >/dev/null
mkdir -p test/fixtures/histories
tools/venv/bin/temporal workflow show --address 127.0.0.1:7299 -w "$id" -o json > "test/fixtures/histories/$name.json"
echo "recorded test/fixtures/histories/$name.json"
