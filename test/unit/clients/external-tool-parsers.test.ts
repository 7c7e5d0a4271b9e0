import { readFileSync, mkdtempSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ToolOutputError } from '../../../src/clients/drivers/external/external-tool';
import { parseFioOutput } from '../../../src/clients/drivers/external/fio';
import { parsePgbenchOutput } from '../../../src/clients/drivers/external/pgbench';
import { parseRedisBenchmarkOutput } from '../../../src/clients/drivers/external/redis-benchmark';
import { parseWrkOutput } from '../../../src/clients/drivers/external/wrk';

// Fixtures are real output captured on Debian 12 (wrk 4.1.0, redis-benchmark 7.0.15, pgbench 15, fio 3.33).
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('wrk output', () => {
  it('reads counters and rebuilds percentiles from the done() hook', () => {
    const out = parseWrkOutput(fixture('wrk-ok.txt'));
    const text = fixture('wrk-ok.txt');
    const requests = Number(/requests=(\d+)/.exec(text)![1]);
    const pctl = (p: number) => Number(new RegExp(`BENCH_PCTL ${p} (\\d+)`).exec(text)![1]);
    expect(out.ok).toBe(requests);
    expect(out.errors).toEqual({});
    expect(out.histogram.totalCount).toBe(requests);
    // Exact at the reported points, to the histogram's 3 significant digits.
    for (const p of [50, 90, 99]) expect(Math.abs(out.histogram.getValueAtPercentile(p) - pctl(p))).toBeLessThanOrEqual(Math.max(1, pctl(p) * 0.001));
    expect(out.durationMs).toBeCloseTo(Number(/duration_us=(\d+)/.exec(text)![1]) / 1000);
  });

  it('counts non-2xx/3xx responses as errors', () => {
    const out = parseWrkOutput(fixture('wrk-404.txt'));
    expect(out.ok).toBe(0);
    expect(out.errors.http_non_2xx_3xx).toBeGreaterThan(1000);
  });

  it('says what is missing when the hook did not run', () => {
    expect(() => parseWrkOutput('Running 1s test @ http://x/\n')).toThrow(ToolOutputError);
    expect(() => parseWrkOutput('Running 1s test @ http://x/\n')).toThrow(/no BENCH_SUMMARY line/);
  });
});

describe('redis-benchmark output', () => {
  it('adds the tests of one run and rebuilds their latency distribution', () => {
    const out = parseRedisBenchmarkOutput(fixture('redis-benchmark-set-get.txt'));
    expect(out.ok).toBe(10_000);
    expect(out.histogram.totalCount).toBe(10_000);
    expect(out.durationMs).toBeGreaterThan(0);
    expect(out.warnings[0]).toMatch(/SET, GET/);
    const p50 = out.histogram.getValueAtPercentile(50);
    expect(p50).toBeGreaterThan(10);
    expect(p50).toBeLessThan(out.histogram.getValueAtPercentile(99.9));
  });

  it('refuses -q output, naming the fix', () => {
    expect(() => parseRedisBenchmarkOutput('GET: 60240.96 requests per second, p50=0.079 msec')).toThrow(/-q or --csv/);
  });
});

describe('pgbench output', () => {
  it('builds an exact histogram from the per-transaction log', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pgbench-fixture-'));
    copyFileSync(join(__dirname, 'fixtures', 'pgbench-log.txt'), join(dir, 'pgbench_log.123'));
    const out = parsePgbenchOutput(fixture('pgbench-stdout.txt'), dir);
    const times = fixture('pgbench-log.txt').trim().split('\n').map((l) => Number(l.split(' ')[2]));
    expect(out.ok).toBe(times.length);
    expect(out.histogram.maxValue).toBeGreaterThanOrEqual(Math.max(...times) * 0.999);
    expect(out.durationMs).toBeCloseTo((6394 / 3217.833865) * 1000, 0);
  });

  it('counts failed transactions by their log word', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pgbench-fixture-'));
    require('node:fs').writeFileSync(join(dir, 'pgbench_log.1'), '0 1 900 0 1 2\n0 2 failed 0 1 3\n0 3 skipped 0 1 4\n');
    const out = parsePgbenchOutput(fixture('pgbench-stdout.txt'), dir);
    expect(out.ok).toBe(1);
    expect(out.errors).toEqual({ pgbench_failed: 1, pgbench_skipped: 1 });
  });
});

describe('fio output', () => {
  it('turns json+ clat bins into an exact histogram', () => {
    const text = fixture('fio-randread.json');
    const out = parseFioOutput(text);
    const read = JSON.parse(text).jobs[0].read;
    expect(out.ok).toBe(read.total_ios);
    expect(out.histogram.totalCount).toBe(read.clat_ns.N);
    expect(out.durationMs).toBe(read.runtime);
    expect(out.histogram.getValueAtPercentile(100)).toBeGreaterThanOrEqual(Math.floor(read.clat_ns.max / 1000) * 0.999);
  });

  it('makes an exact per-second series from the --status-interval reports (each a cumulative total)', () => {
    const out = parseFioOutput(fixture('fio-status-interval.txt'));
    expect(out.series!.length).toBeGreaterThanOrEqual(3);
    expect(out.series!.reduce((n, s) => n + s.requests, 0)).toBe(out.ok);
    for (const s of out.series!) expect(0 < s.p50Us && s.p50Us <= s.p90Us && s.p90Us <= s.p99Us && s.p99Us <= s.maxUs).toBe(true);
    const t = out.series!.map((s) => s.t);
    expect(t[1] - t[0]).toBeGreaterThan(900);
    expect(t[1] - t[0]).toBeLessThan(1100);
  });

  it('asks for json+ when bins are missing', () => {
    const plain = JSON.stringify({ jobs: [{ error: 0, read: { total_ios: 5, runtime: 1, clat_ns: { N: 5 } }, write: { total_ios: 0 }, trim: { total_ios: 0 } }] });
    expect(() => parseFioOutput(plain)).toThrow(/--output-format=json\+/);
  });
});
