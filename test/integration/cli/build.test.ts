/**
 * bin/bench.js runs build/ (scripts/build.js) only while no source is newer than it, else the
 * sources through tsx. Exercised on a copy of the checkout (src/, bin/, the builder, package.json;
 * node_modules linked), so the real sources and build/ are never touched.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');

/** Which cli/main the process loaded, written to stderr at exit by a preload: `MAIN=<file>`. */
const PROBE = `process.on('exit', () => { const f = Object.keys(require.cache).find((k) => /[\\\\/]cli[\\\\/]main\\.(js|ts)$/.test(k)); require('fs').writeSync(2, '\\nMAIN=' + f + '\\n'); });\n`;

describe('bench runs its build when fresh, its sources otherwise', () => {
  let copy: string;
  let probe: string;
  const node = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const res = spawnSync(process.execPath, args, { cwd: copy, encoding: 'utf8', env: { ...process.env, BENCH_NO_BUILD: '', ...env }, timeout: 120_000 });
    return { code: res.status, stdout: res.stdout, stderr: res.stderr };
  };
  const bench = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const res = node(['-r', probe, 'bin/bench.js', ...args], env);
    const main = /^MAIN=(.*)$/m.exec(res.stderr)?.[1];
    return { ...res, main: main && path.relative(copy, main) };
  };
  const build = () => node(['scripts/build.js']);
  const check = () => node(['scripts/build.js', '--check']).code;
  const stampTime = () => statSync(path.join(copy, 'build', '.stamp')).mtimeMs;
  /** A source edited after the build: the stamp is aged first, so no clock tick between build and edit decides. */
  const touchAhead = (rel: string) => {
    const stamp = path.join(copy, 'build', '.stamp');
    const aged = stampTime() / 1000 - 10;
    utimesSync(stamp, aged, aged);
    const now = Date.now() / 1000;
    utimesSync(path.join(copy, rel), now, now);
  };

  beforeAll(() => {
    copy = mkdtempSync(path.join(os.tmpdir(), 'bench-build-'));
    for (const rel of ['src', 'bin', 'recipes', 'package.json', 'package-lock.json', path.join('scripts', 'build.js'), path.join('scripts', 'build-state.js')]) {
      cpSync(path.join(ROOT, rel), path.join(copy, rel), { recursive: true });
    }
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
    probe = path.join(copy, 'probe.js');
    writeFileSync(probe, PROBE);
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('without a build, runs the sources', () => {
    expect(check()).toBe(1);
    const res = bench(['--version']);
    expect(res.code).toBe(0);
    expect(res.main).toBe(path.join('src', 'cli', 'main.ts'));
  });

  it('builds src/ into build/, mirrored, with the files beside the sources copied', () => {
    const res = build();
    expect(res.code).toBe(0);
    expect(check()).toBe(0);
    for (const rel of ['cli/main.js', 'cli/main.js.map', 'web/templates/layout.hbs', 'web/assets/experiment-page.js', 'reports/templates/report.hbs']) {
      expect(existsSync(path.join(copy, 'build', rel))).toBe(true);
    }
  });

  it('fresh: runs the build, and `__dirname`-relative files resolve from it', () => {
    const version = bench(['--version']);
    expect(version.main).toBe(path.join('build', 'cli', 'main.js'));
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    const validate = bench(['validate', 'recipes/quickstart.yaml']);
    expect(validate.stdout).toContain('recipes/quickstart.yaml: ok');
    expect(validate.main).toBe(path.join('build', 'cli', 'main.js'));
    // Templates and page scripts are read at load time; the project root is build/.. as src/..
    const loaded = node(['-e', `require('./build/web/templates'); require('./build/reports/render-html'); process.stdout.write(require('./build/temporal/temporal-cli').PROJECT_ROOT)`]);
    expect(loaded.stderr).toBe('');
    expect(loaded.stdout).toBe(copy);
  });

  it('`bench --help` from the build lists every command of the table', () => {
    const res = bench(['--help']);
    expect(res.code).toBe(0);
    const names = [...res.stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]);
    const table = node(['-r', 'tsx/cjs', '-e', `process.stdout.write(JSON.stringify(require('./src/cli/main.ts').availableCommands().map((c) => c.name)))`]);
    expect(names).toEqual([...JSON.parse(table.stdout), 'help']);
  });

  it('a warm rebuild is a no-op', () => {
    const before = stampTime();
    const started = Date.now();
    const res = build();
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('');
    expect(stampTime()).toBe(before);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a source edited since the build: runs the sources until rebuilt', () => {
    touchAhead(path.join('src', 'cli', 'format.ts'));
    expect(check()).toBe(1);
    expect(bench(['--version']).main).toBe(path.join('src', 'cli', 'main.ts'));
    // A template counts too: build/ holds copies of them.
    expect(build().code).toBe(0);
    expect(bench(['--version']).main).toBe(path.join('build', 'cli', 'main.js'));
    touchAhead(path.join('src', 'web', 'templates', 'layout.hbs'));
    expect(bench(['--version']).main).toBe(path.join('src', 'cli', 'main.ts'));
    expect(build().code).toBe(0);
    expect(bench(['--version']).main).toBe(path.join('build', 'cli', 'main.js'));
  });

  it('a source added or removed since the build: runs the sources', () => {
    const added = path.join(copy, 'src', 'cli', 'added-since.ts');
    writeFileSync(added, 'export const x = 1;\n');
    touchAhead(path.join('src', 'cli'));
    expect(bench(['--version']).main).toBe(path.join('src', 'cli', 'main.ts'));
    expect(build().code).toBe(0);
    expect(existsSync(path.join(copy, 'build', 'cli', 'added-since.js'))).toBe(true);
    unlinkSync(added);
    touchAhead(path.join('src', 'cli'));
    expect(bench(['--version']).main).toBe(path.join('src', 'cli', 'main.ts'));
    expect(build().code).toBe(0);
    // A full build replaces build/: nothing of a removed source stays behind.
    expect(existsSync(path.join(copy, 'build', 'cli', 'added-since.js'))).toBe(false);
    expect(bench(['--version']).main).toBe(path.join('build', 'cli', 'main.js'));
  });

  it('a source that does not compile: the build fails and leaves the previous build, stale, and no half-written one', () => {
    const broken = path.join(copy, 'src', 'cli', 'broken-now.ts');
    writeFileSync(broken, 'export const = ;\n');
    touchAhead(path.join('src', 'cli'));
    const before = stampTime();
    const res = build();
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('[build] failed');
    expect(stampTime()).toBe(before);
    expect(readdirSync(copy).filter((f) => f.startsWith('build'))).toEqual(['build']);
    expect(check()).toBe(1);
    unlinkSync(broken);
    expect(build().code).toBe(0);
  });

  it('BENCH_NO_BUILD=1 runs the sources even with a fresh build', () => {
    expect(check()).toBe(0);
    expect(bench(['--version'], { BENCH_NO_BUILD: '1' }).main).toBe(path.join('src', 'cli', 'main.ts'));
  });
});
