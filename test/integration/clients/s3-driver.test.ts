import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeResults } from '../../../src/clients/results/merge';
import { readResultFile } from '../../../src/clients/results/result-reader';
import { parseClientSpec, runClient } from '../../../src/clients/runner';
import type { ServiceConfig } from '../../../src/recipe/schema';
import { s3 } from '../../../src/services/s3';
import { benchCacheDir, findTool } from '../../../src/services/tool-path';
import { startProcess, type StartedProcess } from '../../helpers/servers/child-process';
import { freePort } from '../../helpers/servers/free-port';
import { GaveUp, waitUntil } from '../../helpers/servers/wait-until';

function versitygwBinary(): string {
  const built = join(benchCacheDir(), 'versitygw', 'v1.8.0', 'versitygw');
  const bin = findTool('versitygw') ?? (existsSync(built) ? built : undefined);
  if (!bin) throw new Error(`versitygw is not built (looked on PATH, in ${join(benchCacheDir(), 'bin')} and at ${built}): run \`bash scripts/kinds/versitygw.sh\``);
  return bin;
}

const host = '127.0.0.1';
let port: number;
let gw: StartedProcess | undefined;
const dir = mkdtempSync(join(tmpdir(), 'bench-s3-'));
const kindOptions = s3.options.parse({ buckets: ['bench'] });

// The gateway is started from the s3 kind's own launch plan: its setup steps, argv and environment.
beforeAll(async () => {
  const bin = versitygwBinary();
  port = await freePort();
  const service = { name: 's3', kind: 's3', command: [bin] } as unknown as ServiceConfig;
  const plan = s3.launch(service, kindOptions, { ports: { s3: port }, bindAddress: host, workDir: dir, replica: 0 });
  for (const step of plan.setup ?? []) {
    const argv = Array.isArray(step) ? step : step.argv;
    execFileSync(argv[0], argv.slice(1));
  }
  expect(plan.command.join(' ')).not.toContain(kindOptions.secretKey);
  gw = startProcess(plan.command[0], plan.command.slice(1), { env: { ...process.env, ...plan.env } });
  await waitUntil(`versitygw on ${host}:${port}`, async () => {
    if (gw?.child.exitCode !== null) throw new GaveUp(`versitygw exited: ${gw?.output()}`);
    const r = await s3.ping!({ host, ports: { s3: port } }, port, kindOptions, 1000);
    if (!r.ok) throw new Error(r.detail);
    return true;
  });
});
afterAll(async () => {
  await gw?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const spec = (options: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  parseClientSpec({
    experiment: 'it',
    instance: 'c0',
    driver: { kind: 's3', target: { host, port }, options },
    executor: { type: 'closed-loop', connections: 4 },
    durationMs: 3000,
    ...extra,
  });

describe('s3 driver against versitygw', () => {
  it('the kind is ready only for a signed request with its credentials', async () => {
    expect(await s3.ping!({ host, ports: { s3: port } }, port, kindOptions, 1000)).toEqual({ ok: true });
    const wrong = await s3.ping!({ host, ports: { s3: port } }, port, { ...kindOptions, secretKey: 'wrong' }, 1000);
    expect(wrong).toMatchObject({ ok: false, detail: expect.stringMatching(/HTTP 403/) });
    const missing = await s3.ping!({ host, ports: { s3: port } }, port, { ...kindOptions, buckets: ['nope'] }, 1000);
    expect(missing).toMatchObject({ ok: false, detail: expect.stringMatching(/HTTP 404 \(no such bucket\)/) });
  });

  it('runs a mixed closed loop without errors and reports every operation', async () => {
    const out = join(dir, 'mixed.json');
    const mix = { get: 40, stat: 20, put: 20, delete: 10, list: 10 };
    const r = await runClient(spec({ mix, objectSize: { min: '1KiB', max: '64KiB' }, objects: 50 }), out);
    expect(r.errors).toEqual({});
    expect(r.counters.errors).toBe(0);
    expect(r.counters.ok).toBeGreaterThan(100);
    for (const op of ['get', 'stat', 'put', 'delete', 'list']) {
      expect(r.measurements?.[`${op}_latency`]?.count).toBeGreaterThan(0);
      expect(r.counts?.[`${op}_ops`]).toBe(r.measurements?.[`${op}_latency`]?.count);
    }
    expect(r.measurements?.get_ttfb?.count).toBe(r.measurements?.get_latency?.count);
    expect(r.counts?.bytes_read).toBeGreaterThan(0);
    expect(r.counts?.bytes_written).toBeGreaterThan(0);
    expect(r.prepare?.phasesMs.upload).toBeGreaterThan(0);
    expect(r.prepare?.facts).toMatchObject({ objects: 50, bytes: expect.any(Number) });
    const merged = mergeResults([readResultFile(out)]);
    expect(merged.requests).toBe(r.counters.requests);
    const ops = ['get', 'stat', 'put', 'delete', 'list'].reduce((n, op) => n + (r.counts?.[`${op}_ops`] ?? 0), 0);
    // Replies landing after the window closed count as requests but no longer as measurements.
    expect(ops).toBeLessThanOrEqual(r.counters.ok);
    expect(ops).toBeGreaterThanOrEqual(r.counters.ok - 4);
  });

  it('splits prepare uploads by rank', async () => {
    const r = await runClient(spec({ mix: { get: 1 }, objects: 7, keyPrefix: 'split/' }, { rank: 2, instances: 3, durationMs: 500 }), join(dir, 'split.json'));
    expect(r.prepare?.facts?.objects).toBe(2);
    expect(r.counters.errors).toBe(0);
  });

  it('counts a wrong secret key as the gateway\'s error code', async () => {
    const r = await runClient(spec({ secretKey: 'not-the-secret', mix: { put: 1, list: 1 }, objects: 0 }, { durationMs: 1000 }), join(dir, 'wrong.json'));
    expect(r.counters.ok).toBe(0);
    expect(r.counters.errors).toBeGreaterThan(0);
    expect(r.errors).toEqual({ s3_SignatureDoesNotMatch: r.counters.errors });
    expect(r.warnings.join(' ')).toMatch(/HeadBucket bench answered HTTP 403.*secretKey/);
  });

  it('fails prepare with the error code and the fix', async () => {
    await expect(runClient(spec({ secretKey: 'not-the-secret' }), join(dir, 'prep.json'))).rejects.toThrow(/s3 prepare: PUT .* failed with s3_SignatureDoesNotMatch: driver.options accessKey, secretKey and region must match/);
  });

  it('names bad options', async () => {
    await expect(runClient(spec({ objectSize: '64 bananas' }), join(dir, 'bad.json'))).rejects.toThrow(/driver\.options\.objectSize: .*"64KiB"/);
    await expect(runClient(spec({ mix: { get: 1 }, objects: 0 }), join(dir, 'bad.json'))).rejects.toThrow(/driver\.options\.objects: get, stat and delete need objects/);
    await expect(runClient(spec({ objectSize: { min: '1MiB', max: '4KiB' } }), join(dir, 'bad.json'))).rejects.toThrow(/driver\.options\.objectSize\.min: .*must not exceed/);
  });
});
