#!/usr/bin/env node
// The `bench` program. Runs the compiled sources in build/ (scripts/build.js; scripts/setup.sh
// builds them) when they are up to date with src/, else the TypeScript sources through tsx: a
// source edited since the last build is never run stale, it only starts slower. BENCH_NO_BUILD=1
// always takes the sources.
'use strict';
const fromBuild = !process.env.BENCH_NO_BUILD && require('../scripts/build-state').buildState() === 'fresh';
if (fromBuild) {
  // Stack traces point into build/ unless mapped back to src/ (costs start-up time: only when debugging).
  if (process.env.BENCH_DEBUG) process.setSourceMapsEnabled(true);
  require('../build/cli/main.js').runCli();
} else {
  require('tsx/cjs');
  require('../src/cli/main.ts').runCli();
}
