/** Crafted summary.json files for comparison tests. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { clampLatencyUs, createLatencyHistogram, encodeHistogram } from '../../../src/clients/results/histogram';
import { mergeResults } from '../../../src/clients/results/merge';
import { RESULT_SCHEMA_VERSION, type ClientResult } from '../../../src/clients/results/result-file';
import { SeededRandom } from '../../../src/clients/seeded-random';
import { toMs } from '../../../src/reports/build-summary';
import type { RunInput } from '../../../src/reports/compare';
import type { Summary } from '../../../src/reports/summary-schema';

export function craftedSummary(id: string, o: { opsPerSec?: number; p99?: number; errors?: number; status?: 'completed' | 'failed' | 'cancelled'; recipe?: string } = {}): Summary {
  const p99 = o.p99 ?? 1;
  const latencyMs = { p50: p99 / 4, p90: p99 / 2, p99, p999: p99 * 2, max: p99 * 4, mean: p99 / 3 };
  return {
    schemaVersion: 1,
    experiment: { id, recipe: o.recipe ?? 'crafted', backend: 'local', status: o.status ?? 'completed', startedAt: '2026-11-29T08:00:00.000Z', endedAt: '2026-11-29T08:00:12.000Z', partial: false },
    totals: { requests: 1000, ok: 1000 - (o.errors ?? 0), errors: o.errors ?? 0, dropped: 0, opsPerSec: o.opsPerSec ?? 1000, latencyMs, errorsByType: {}, instances: { planned: 1, completed: 1, failed: 0 }, loadShare: 1 },
    groups: [],
    services: [],
    gaps: [],
    warnings: [],
  };
}

/** Writes experiments/<id>/metrics/summary.json (and a recipe.yaml when given). */
export function writeRun(root: string, summary: Summary, recipeYaml?: string): void {
  const dir = path.join(root, summary.experiment.id);
  mkdirSync(path.join(dir, 'metrics'), { recursive: true });
  mkdirSync(path.join(dir, 'reports'), { recursive: true });
  writeFileSync(path.join(dir, 'metrics', 'summary.json'), JSON.stringify(summary));
  if (recipeYaml) writeFileSync(path.join(dir, 'recipe.yaml'), recipeYaml);
}

/**
 * A run with per-second samples: `seconds` of throughput around `opsPerSec` (relative noise `noise`,
 * AR(1) with `phi`) and per-second p99 around `p99`; latencies are exponential, so p50, p90 and p99.9
 * follow from p99. Totals are what the seconds add up to, as a real summary's would.
 */
export function craftedRun(id: string, o: { seconds: number; opsPerSec?: number; p99?: number; noise?: number; phi?: number; seed: number; status?: 'completed' | 'failed' }): RunInput {
  const rng = new SeededRandom(o.seed);
  const ops = o.opsPerSec ?? 1000;
  const p99 = o.p99 ?? 1;
  const noise = o.noise ?? 0.05;
  const phi = o.phi ?? 0;
  const innov = Math.sqrt(1 - phi * phi);
  let a = rng.normal();
  let b = rng.normal();
  const opsPerSec: number[] = [];
  const p99Ms: number[] = [];
  for (let s = 0; s < o.seconds; s++) {
    a = phi * a + innov * rng.normal();
    b = phi * b + innov * rng.normal();
    opsPerSec.push(Math.max(1, Math.round(ops * (1 + noise * a))));
    p99Ms.push(Math.max(0.001, p99 * (1 + noise * b)));
  }
  const meanP99 = p99Ms.reduce((x, y) => x + y, 0) / p99Ms.length;
  const scale = meanP99 / Math.log(100); // exponential latencies whose p99 is meanP99
  const at = (q: number) => -scale * Math.log(1 - q);
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  const requests = opsPerSec.reduce((x, y) => x + y, 0);
  const summary = craftedSummary(id, { opsPerSec: r3(requests / o.seconds), p99: r3(meanP99), status: o.status });
  summary.totals.requests = requests;
  summary.totals.ok = requests;
  summary.totals.latencyMs = { p50: r3(at(0.5)), p90: r3(at(0.9)), p99: r3(meanP99), p999: r3(at(0.999)), max: r3(at(0.99999)), mean: r3(scale) };
  const ratio = (q: number) => at(q) / meanP99;
  return {
    summary,
    samples: {
      perSecond: { opsPerSec, p50Ms: p99Ms.map((v) => v * ratio(0.5)), p90Ms: p99Ms.map((v) => v * ratio(0.9)), p99Ms },
      latency: { count: requests, valueAt: (q) => at(Math.min(q, 0.999999)) },
      source: 'crafted',
    },
  };
}

/**
 * Writes a run the way a real one lands on disk: summary.json (from the merged result), and one
 * client result file per instance with its per-second series and encoded histogram.
 */
export function writeRunWithResults(root: string, id: string, o: { seconds: number; opsPerSec: number; latencyUs: number; noise: number; seed: number; instances?: number }): Summary {
  const rng = new SeededRandom(o.seed);
  const dir = path.join(root, id);
  mkdirSync(path.join(dir, 'metrics', 'clients'), { recursive: true });
  mkdirSync(path.join(dir, 'reports'), { recursive: true });
  const results: ClientResult[] = [];
  for (let i = 0; i < (o.instances ?? 1); i++) {
    const total = createLatencyHistogram();
    const series: ClientResult['series'] = [];
    for (let s = 0; s < o.seconds; s++) {
      const h = createLatencyHistogram();
      const n = Math.max(1, Math.round((o.opsPerSec / (o.instances ?? 1)) * (1 + o.noise * rng.normal())));
      for (let k = 0; k < n; k++) h.recordValue(clampLatencyUs(-o.latencyUs * Math.log(1 - rng.next())));
      series.push({ t: 1_800_000_000_000 + s * 1000, requests: n, errors: 0, p50Us: h.getValueAtPercentile(50), p90Us: h.getValueAtPercentile(90), p99Us: h.getValueAtPercentile(99), maxUs: h.maxValue });
      total.add(h);
    }
    const result: ClientResult = {
      schemaVersion: RESULT_SCHEMA_VERSION,
      experiment: id,
      instance: `load-${i}`,
      driver: 'redis',
      executor: 'closed-loop',
      loop: 'closed',
      startedAt: new Date(1_800_000_000_000).toISOString(),
      endedAt: new Date(1_800_000_000_000 + o.seconds * 1000).toISOString(),
      durationMs: o.seconds * 1000,
      histogram: encodeHistogram(total),
      counters: { requests: total.totalCount, ok: total.totalCount, errors: 0, dropped: 0 },
      errors: {},
      series,
      health: { eventLoopLagP99Ms: 0, cpuPct: 10, saturated: false },
      warnings: [],
    };
    writeFileSync(path.join(dir, 'metrics', 'clients', `load-${i}.result.json`), JSON.stringify(result));
    results.push(result);
  }
  const merged = mergeResults(results);
  const summary = craftedSummary(id, { opsPerSec: Math.round(merged.opsPerSec * 1000) / 1000 });
  summary.totals.requests = merged.requests;
  summary.totals.ok = merged.ok;
  summary.totals.latencyMs = toMs(merged.latencyUs);
  writeFileSync(path.join(dir, 'metrics', 'summary.json'), JSON.stringify(summary));
  return summary;
}
