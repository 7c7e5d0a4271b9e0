#!/usr/bin/env node
// Compiles src/ into build/ (CommonJS, one .js and .js.map per .ts, other files copied), so `bench`
// starts without compiling TypeScript on every run. build/ mirrors src/ at the same depth, so
// `__dirname`-relative paths (../../package.json, templates/, the project root) resolve as from src/.
// Called by scripts/setup.sh; a no-op (tens of ms) when build/ is fresh (scripts/build-state.js).
//   node scripts/build.js [--force] [--quiet]
//   node scripts/build.js --check    # exit 0 when fresh, 1 when missing or stale
// The compiler and options of the Jest transform (jest.config.js), plus swc's lazy CommonJS imports:
// a package (never a ./module) is required where one of its bindings is first used, not when the
// importing module loads, so `bench validate` never loads the Kubernetes client or ssh2 that the
// backend modules it reads import.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { buildState, layout } = require('./build-state');

const SWC_OPTIONS = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs', lazy: true },
  sourceMaps: true,
  swcrc: false,
  configFile: false,
};
/** A kernel file time can trail Date.now() by a clock tick: start the stamp this much earlier, so an edit made during a build always reads as newer. */
const CLOCK_SLACK_MS = 50;

function listFiles(dir, rel = '') {
  const out = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = path.join(rel, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(dir, r));
    else out.push(r);
  }
  return out;
}

/** Compiles or copies each file (relative to src) into out; returns how many were compiled. */
async function compileInto(swc, src, out, files) {
  let compiled = 0;
  await Promise.all(
    files.map(async (rel) => {
      const from = path.join(src, rel);
      const dir = path.join(out, path.dirname(rel));
      fs.mkdirSync(dir, { recursive: true });
      if (!rel.endsWith('.ts') || rel.endsWith('.d.ts')) {
        fs.copyFileSync(from, path.join(out, rel));
        return;
      }
      const base = path.basename(rel, '.ts');
      const js = await swc.transformFile(from, { ...SWC_OPTIONS, filename: from, sourceFileName: path.relative(dir, from) });
      fs.writeFileSync(path.join(dir, `${base}.js`), `${js.code}\n//# sourceMappingURL=${base}.js.map\n`);
      fs.writeFileSync(path.join(dir, `${base}.js.map`), js.map);
      compiled++;
    }),
  );
  return compiled;
}

/** One complete build of root/src into root/build, swapped in whole: a reader sees the old build, none, or the new one. */
async function build(root) {
  const l = layout(root);
  const swc = require('@swc/core');
  const started = Date.now() - CLOCK_SLACK_MS;
  const tmp = `${l.build}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const files = listFiles(l.src);
  let compiled;
  try {
    compiled = await compileInto(swc, l.src, tmp, files);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  fs.writeFileSync(path.join(tmp, '.stamp'), `built ${new Date().toISOString()} from ${files.length} files in src/\n`);
  fs.utimesSync(path.join(tmp, '.stamp'), started / 1000, started / 1000);
  const old = `${l.build}.old-${process.pid}`;
  try {
    fs.renameSync(l.build, old);
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
  }
  try {
    fs.renameSync(tmp, l.build);
  } catch (e) {
    // A build running at the same time put its own in place first: it read the same sources.
    if (e.code !== 'ENOTEMPTY' && e.code !== 'EEXIST') throw e;
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  fs.rmSync(old, { recursive: true, force: true });
  return { compiled, copied: files.length - compiled };
}

async function main() {
  const args = process.argv.slice(2);
  const root = layout().root;
  const state = buildState(root);
  if (args.includes('--check')) {
    process.stdout.write(`build/ ${state}\n`);
    process.exit(state === 'fresh' ? 0 : 1);
  }
  if (state === 'fresh' && !args.includes('--force')) return;
  const t0 = Date.now();
  const { compiled, copied } = await build(root);
  if (!args.includes('--quiet')) process.stderr.write(`[build] src/ -> build/: ${compiled} compiled, ${copied} copied in ${Date.now() - t0} ms (was ${state})\n`);
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`[build] failed: ${e.stack || e}\n(bench still runs from the sources through tsx)\n`);
    process.exit(1);
  });
}

module.exports = { build };
