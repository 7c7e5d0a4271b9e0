/**
 * The broken-recipe corpus (test/fixtures/bad-recipes): `bench validate` answers each with a clear
 * error and exit 2, no stack trace, in bounded time and memory (peak RSS of the child, measured by
 * /usr/bin/time -v).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH, ROOT } from '../../helpers/bench-cli';

const CORPUS = path.join(__dirname, '..', '..', 'fixtures', 'bad-recipes');
const MAX_RSS_KB = 300 * 1024;

interface Validated {
  code: number | null;
  stderr: string;
  peakRssKb: number;
  ms: number;
}

function validate(file: string): Promise<Validated> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn('/usr/bin/time', ['-v', process.execPath, BENCH, 'validate', file], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      resolve({ code, stderr: stderr.split('\tCommand being timed')[0], peakRssKb: rss ? Number(rss[1]) : NaN, ms: Date.now() - started });
    });
  });
}

const cases: [file: string, expected: RegExp[]][] = [
  ['wrong-types.yaml', [/:2:7 name: expected string, got number 42/, /instances: expected number, got string "four"/, /options: expected record, got a list/]],
  ['unknown-keys.yaml', [/servics: unknown field "servics"\n\s+hint: did you mean "services"\?/, /helthCheck.*\n\s+hint: did you mean "healthCheck"\?/, /hint: did you mean "instances"\?/]],
  ['missing-services.yaml', [/services: required field is missing/]],
  ['empty-services.yaml', [/a recipe needs at least one service/, /at least one client group/]],
  ['negative-durations.yaml', [/healthCheck.timeout: a duration cannot be negative/, /"-10s" is not a duration/, /restart.maxRetries: Too small/, /timeouts.experiment/]],
  ['yaml-syntax.yaml', [/:5:1 YAML syntax:/]],
  ['tabs.yaml', [/Tabs are not allowed as indentation/]],
  ['duplicate-keys.yaml', [/:2:1 duplicate key "name"/, /:6:5 duplicate key "kind"/]],
  ['duplicate-anchors.yaml', [/anchor &svc is defined twice \(lines 3 and 5\)/]],
  ['billion-laughs.yaml', [/alias/i]],
  ['binary-garbage.yaml', [/binary data, not YAML text/]],
  ['empty.yaml', [/a recipe is a YAML mapping/]],
  ['only-comment.yaml', [/a recipe is a YAML mapping/]],
  ['not-a-mapping.yaml', [/a recipe is a YAML mapping/]],
  ['json-recipe.json', [/"soon" is not a duration/, /instances: Too small/, /the load has no end/]],
  ['json-syntax.json', [/YAML syntax/]],
  ['unsupported-tags.yaml', [/unsupported tag: !!set/, /unsupported tag: !!binary/]],
  ['deep-nesting.yaml', [/nests more than 64 levels/]],
  ['deep-block-nesting.yaml', [/nests more than 64 levels/]],
  ['unknown-kind-and-driver.yaml', [/:4:11 services\[0\]\.kind: unknown service kind "llama-cp"\n\s+hint: did you mean "llama-cpp"\?/, /:6:11 services\[1\]\.kind: unknown service kind "postgres"\n\s+hint: did you mean "postgresql"\?/, /:10:15 workload.clients\[0\].driver: unknown driver "opena"\n\s+hint: did you mean "openai"\?/]],
  ['plugin-options.yaml', [/:6:17 services\[0\]\.options\.maxmemry: unknown option "maxmemry" for service kind redis\n\s+hint: did you mean "maxmemory"\?/, /services\[1\]\.options\.workerProcesses: service kind nginx:/, /options\.comand: unknown option "comand" for driver redis\n\s+hint: did you mean "command"\?/, /options\.readRatio: driver redis: Too big/, /:24:13 workload.clients\[1\].port: service web \(nginx\) has no port "grpc"\n\s+hint: its ports: http/]],
  ['driver-target-mismatch.yaml', [/services\[0\]\.placement\.partition: backend kubernetes does not place by partition\n\s+hint: its placement fields: nodeSelector, tolerations/, /warning[\s\S]*driver redis speaks redis, but web is a nginx service \(http\)\n\s+hint: drivers for nginx: http, wrk/]],
  ['path-escape.yaml', [/:2:7 name: use lowercase letters/, /services\[0\].name: use lowercase/, /services\[1\].name: use lowercase/, /workload.clients\[0\].name: use lowercase/]],
];

describe('bench validate on broken recipes', () => {
  const measured: string[] = [];
  afterAll(() => process.stdout.write(`bad recipes (peak RSS, wall time):\n${measured.join('\n')}\n`));

  it.each(cases)('%s: a clear error, exit 2, no stack trace, bounded memory', async (file, expected) => {
    const res = await validate(path.join(CORPUS, file));
    measured.push(`  ${file}: ${Math.round(res.peakRssKb / 1024)} MB, ${res.ms} ms`);
    expect(res.code).toBe(2);
    for (const re of expected) expect(res.stderr).toMatch(re);
    expect(res.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/); // no stack frames
    expect(res.stderr).not.toContain('BENCH_DEBUG');
    expect(res.peakRssKb).toBeLessThan(MAX_RSS_KB);
  });

  it('a 50 MB file (generated here, not committed) is refused before it is read', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-big-recipe-'));
    try {
      const file = path.join(dir, 'huge.yaml');
      const line = 'name: big\n' + '# padding padding padding padding padding padding padding padding padding\n'.repeat(Math.ceil((50 * 1024 * 1024) / 74));
      writeFileSync(file, line);
      const res = await validate(file);
      measured.push(`  huge.yaml (50 MB): ${Math.round(res.peakRssKb / 1024)} MB, ${res.ms} ms`);
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(/huge\.yaml: the recipe is 50\.\d MiB; recipes are limited to 1 MiB/);
      expect(res.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
      expect(res.peakRssKb).toBeLessThan(MAX_RSS_KB);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a valid JSON recipe is accepted (JSON is YAML)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-json-recipe-'));
    try {
      const file = path.join(dir, 'ok.json');
      writeFileSync(file, JSON.stringify({ name: 'json-ok', services: [{ name: 'redis', kind: 'redis' }], workload: { clients: [{ name: 'load', driver: 'redis', target: 'redis', executor: { type: 'closed-loop', connections: 1 }, duration: '1s' }] } }));
      const res = await validate(file);
      expect(res.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
