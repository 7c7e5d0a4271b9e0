#!/usr/bin/env bash
# Installs this checkout's bench (compiled, with its production dependencies) into a folder on a
# cluster's shared file system, so compute nodes run `bench client` from there:
#   bash scripts/install-on-cluster.sh /scratch/me/bench/app
# then in the recipe: slurm.benchCommand: ["node", "/scratch/me/bench/app/bin/bench.js"]
# (the default is {sharedDir}/bench/bin/bench.js). Run it where the folder is mounted (the login
# node, or this machine for the local test cluster), again after every update: the code is
# replaced in seconds; `npm ci --omit=dev` runs only when package-lock.json changed.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DEST_DIR   (a folder on the shared file system, e.g. /scratch/me/bench/app)" >&2; exit 2; }
REPO="$(cd "$(dirname "$0")/.." && pwd)"
DEST=$1
say() { printf '\033[2m[install-on-cluster]\033[0m %s\n' "$*" >&2; }

command -v npm >/dev/null || { echo "install-on-cluster: npm is not on PATH (Node.js 20 is needed where the folder is mounted)" >&2; exit 1; }
node "$REPO/scripts/build.js" --quiet
mkdir -p "$DEST"
DEST=$(cd "$DEST" && pwd)

# The code: bin/, build/ and the freshness check bin/bench.js asks (no src/: the build is the code).
stage="$DEST/.stage-$$"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"
tar -C "$REPO" -cf - package.json package-lock.json bin build scripts/build-state.js | tar -C "$stage" -xf -
for part in bin build scripts; do
  rm -rf "$DEST/$part.old"
  [ -e "$DEST/$part" ] && mv "$DEST/$part" "$DEST/$part.old"
  mv "$stage/$part" "$DEST/$part"
  rm -rf "$DEST/$part.old"
done
mv -f "$stage/package.json" "$DEST/package.json"

lock_hash=$(sha256sum "$stage/package-lock.json" | cut -d' ' -f1)
if [ -d "$DEST/node_modules" ] && [ "$(cat "$DEST/node_modules/.bench-lock-hash" 2>/dev/null)" = "$lock_hash" ]; then
  say "dependencies up to date; code refreshed in $DEST"
else
  mv -f "$stage/package-lock.json" "$DEST/package-lock.json"
  rm -rf "$DEST/node_modules"
  if [ -n "${BENCH_INSTALL_CACHE:-}" ]; then
    # A machine that installs again and again (a test cluster's fresh shared folder): one npm ci per
    # lock file into the cache, hard-linked from there.
    cached="$BENCH_INSTALL_CACHE/$lock_hash"
    if [ ! -f "$cached/node_modules/.bench-lock-hash" ]; then
      say "npm ci --omit=dev into $cached (once per package-lock.json)"
      rm -rf "$cached" && mkdir -p "$cached"
      cp "$DEST/package.json" "$DEST/package-lock.json" "$cached/"
      (cd "$cached" && npm ci --omit=dev --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null)
      echo "$lock_hash" >"$cached/node_modules/.bench-lock-hash"
    fi
    cp -al "$cached/node_modules" "$DEST/node_modules" 2>/dev/null || cp -a "$cached/node_modules" "$DEST/node_modules"
  else
    say "npm ci --omit=dev in $DEST (once per package-lock.json)"
    (cd "$DEST" && npm ci --omit=dev --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null)
    echo "$lock_hash" >"$DEST/node_modules/.bench-lock-hash"
  fi
fi
"$DEST/bin/bench.js" --version >/dev/null || { echo "install-on-cluster: $DEST/bin/bench.js does not start; see the error above" >&2; exit 1; }
say "bench installed: node $DEST/bin/bench.js"
