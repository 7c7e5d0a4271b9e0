#!/usr/bin/env bash
# Runs the quickstart and renders page 1 of its report.pdf to docs/report-page1.png (for the README).
#   bash scripts/render-report-docs.sh [EXISTING_EXPERIMENT_FOLDER]
set -euo pipefail
cd "$(dirname "$0")/.."
folder=${1:-}
if [ -z "$folder" ]; then
  out=$(mktemp -d)
  folder=$(node bin/bench.js run recipes/quickstart.yaml --output "$out" --json | tail -1 | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s).folder))')
fi
[ -f "$folder/reports/report.pdf" ] || node bin/bench.js report "$(basename "$folder")" --output "$(dirname "$folder")" >/dev/null
mkdir -p docs
pdftoppm -f 1 -l 1 -r 110 -png -singlefile "$folder/reports/report.pdf" docs/report-page1
echo "docs/report-page1.png (from $folder)"
