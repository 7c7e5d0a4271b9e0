#!/usr/bin/env node
// The `bench` program. Runs the TypeScript sources directly through tsx: no build step in a checkout.
require('tsx/cjs');
require('../src/cli/main.ts');
