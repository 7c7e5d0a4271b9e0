// Whether build/ (src/ compiled to CommonJS by scripts/build.js) is up to date with the sources.
// Plain CommonJS with no dependencies: bin/bench.js asks on every start, so it must cost a few
// milliseconds (one stat per file and folder under src/, about 300).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

/** The folders of a checkout the build reads from and writes to. */
function layout(root = ROOT) {
  const build = path.join(root, 'build');
  return {
    root,
    src: path.join(root, 'src'),
    build,
    /** Written last by a build; its mtime is when that build started reading the sources. */
    stamp: path.join(build, '.stamp'),
    /** What shapes the output besides src/: the builder itself. */
    builder: path.join(root, 'scripts', 'build.js'),
  };
}

/** Whether any file or folder under dir changed after time t (ms); a folder changes when an entry is added, removed or renamed. */
function changedSince(dir, t) {
  if (fs.statSync(dir).mtimeMs > t) return true;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = `${dir}/${entry.name}`;
    if (entry.isDirectory() ? changedSince(full, t) : fs.statSync(full).mtimeMs > t) return true;
  }
  return false;
}

/** 'fresh' when build/ holds a complete build that no source is newer than; else 'missing' or 'stale'. */
function buildState(root = ROOT) {
  const l = layout(root);
  let built;
  try {
    built = fs.statSync(l.stamp).mtimeMs;
  } catch {
    return 'missing';
  }
  // An installation (scripts/install-on-cluster.sh) ships build/ without src/: the build is the code.
  if (!fs.existsSync(l.src)) return 'fresh';
  let builder = 0;
  try {
    builder = fs.statSync(l.builder).mtimeMs;
  } catch {
    // A checkout without the builder: only the sources count.
  }
  return builder > built || changedSince(l.src, built) ? 'stale' : 'fresh';
}

module.exports = { ROOT, layout, buildState };
