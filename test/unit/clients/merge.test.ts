import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clampLatencyUs, createLatencyHistogram, encodeHistogram, type LatencyHistogram } from '../../../src/clients/results/histogram';
import { mergeResults } from '../../../src/clients/results/merge';
import { RESULT_SCHEMA_VERSION, type ClientResult } from '../../../src/clients/results/result-file';
import { parseResult, readResultFile, ResultFileError } from '../../../src/clients/results/result-reader';
import { writeResultFile } from '../../../src/clients/results/result-writer';
import { prng } from '../../helpers/seeded-random';


/** Log-normal-ish latencies with a heavy tail: 50 µs .. minutes. */
function latency(rand: () => number): number {
  const base = 50 * Math.exp(rand() * 6);
  return rand() < 0.01 ? base * 1000 : base;
}

function resultOf(instance: string, h: LatencyHistogram, overrides: Partial<ClientResult> = {}): ClientResult {
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    experiment: 'exp',
    instance,
    driver: 'redis',
    executor: 'closed-loop',
    loop: 'closed',
    startedAt: new Date(0).toISOString(),
    endedAt: new Date(1000).toISOString(),
    durationMs: 1000,
    histogram: encodeHistogram(h),
    counters: { requests: h.totalCount, ok: h.totalCount, errors: 0, dropped: 0 },
    errors: {},
    series: [],
    health: { eventLoopLagP99Ms: 0, cpuPct: 10, saturated: false },
    warnings: [],
    ...overrides,
  };
}

describe('mergeResults', () => {
  const cases: Array<[seed: number, instances: number, samples: number]> = [
    [1, 1, 5_000],
    [2, 2, 20_000],
    [3, 3, 20_000],
    [4, 7, 50_000],
    [5, 16, 50_000],
  ];

  it.each(cases)('seed %i: %i instances give the percentiles of one histogram over all %i samples', (seed, instances, samples) => {
    const rand = prng(seed);
    const single = createLatencyHistogram();
    const parts = Array.from({ length: instances }, () => createLatencyHistogram());
    for (let i = 0; i < samples; i++) {
      const v = clampLatencyUs(latency(rand));
      single.recordValue(v);
      // Uneven split: instances see different shares and different tails.
      parts[Math.floor(rand() * rand() * instances)].recordValue(v);
    }
    const merged = mergeResults(parts.map((h, i) => resultOf(`c${i}`, h)));
    expect(merged.requests).toBe(samples);
    expect(merged.instances).toBe(instances);
    expect(merged.latencyUs).toEqual({
      p50: single.getValueAtPercentile(50),
      p90: single.getValueAtPercentile(90),
      p99: single.getValueAtPercentile(99),
      p999: single.getValueAtPercentile(99.9),
      max: single.getValueAtPercentile(100),
      mean: single.mean,
    });
  });

  it('differs from averaging percentiles when instances see different latencies', () => {
    const fast = createLatencyHistogram();
    const slow = createLatencyHistogram();
    for (let i = 0; i < 1000; i++) fast.recordValue(100);
    for (let i = 0; i < 20; i++) slow.recordValue(100_000);
    const merged = mergeResults([resultOf('fast', fast), resultOf('slow', slow)]);
    expect(merged.latencyUs.p50).toBe(100);
    expect(merged.latencyUs.p99).toBeGreaterThanOrEqual(99_000);
  });

  it('adds counters, errors by type, rates, and lists saturated instances', () => {
    const h = createLatencyHistogram();
    h.recordValue(10);
    const a = resultOf('a', h, { counters: { requests: 1000, ok: 990, errors: 10, dropped: 3 }, errors: { timeout: 10 }, durationMs: 2000 });
    const b = resultOf('b', h, {
      counters: { requests: 500, ok: 495, errors: 5, dropped: 0 },
      errors: { timeout: 2, redis_ERR: 3 },
      durationMs: 1000,
      health: { eventLoopLagP99Ms: 80, cpuPct: 99, saturated: true, reason: 'cpu' },
    });
    const merged = mergeResults([a, b]);
    expect(merged).toMatchObject({ requests: 1500, ok: 1485, errors: 15, dropped: 3, durationMs: 2000, loop: 'closed' });
    expect(merged.errorsByType).toEqual({ timeout: 12, redis_ERR: 3 });
    expect(merged.opsPerSec).toBeCloseTo(500 + 500);
    expect(merged.saturatedInstances).toEqual(['b']);
  });

  it('says mixed when closed- and open-loop results are merged', () => {
    const h = createLatencyHistogram();
    expect(mergeResults([resultOf('a', h), resultOf('b', h, { loop: 'open' })]).loop).toBe('mixed');
  });
});

describe('result files', () => {
  it('round-trip through the writer and reader with the histogram intact', () => {
    const h = createLatencyHistogram();
    for (let i = 1; i <= 1000; i++) h.recordValue(i * 7);
    const file = join(mkdtempSync(join(tmpdir(), 'bench-result-')), 'c0.json');
    writeResultFile(file, resultOf('c0', h));
    const back = readResultFile(file);
    expect(mergeResults([back]).latencyUs.p99).toBe(h.getValueAtPercentile(99));
  });

  it('rejects another schemaVersion, naming the version and the fix', () => {
    const h = createLatencyHistogram();
    const bad = { ...resultOf('c0', h), schemaVersion: 99 };
    expect(() => parseResult(bad, 'c0.json')).toThrow(ResultFileError);
    expect(() => parseResult(bad, 'c0.json')).toThrow(/c0\.json: schemaVersion is 99, this reader understands 1/);
  });

  it('names every missing field', () => {
    expect(() => parseResult({ schemaVersion: RESULT_SCHEMA_VERSION, experiment: 'e' })).toThrow(/instance:[\s\S]*counters:/);
  });
});
