/**
 * A synthetic sweep summary: connections [1, 4, 16, 64] × valueSize [64, 1024], 3 repetitions each.
 * Throughput saturates at 16 connections (+2 % from 4 to 16) while p99 jumps 5×: the knee is at 16.
 * Repetitions vary by −1 %, 0, +1 %, so every point has a confidence interval.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SweepPointRow, SweepSummary } from '../../../src/reports/sweep/sweep-summary';

export const CONNECTIONS = 'workload.clients[load].executor.connections';
export const VALUE_SIZE = 'workload.clients[load].options.valueSize';

const THROUGHPUT: Record<number, number> = { 1: 10_000, 4: 40_000, 16: 40_800, 64: 41_000 };
const P99: Record<number, number> = { 1: 1, 4: 1.2, 16: 6, 64: 25 };
const NOISE = [0.99, 1, 1.01];

export function sweepRow(point: number, repetition: number, connections: number, valueSize: number, over: Partial<SweepPointRow> = {}): SweepPointRow {
  const size = valueSize === 1024 ? 0.8 : 1;
  const ops = THROUGHPUT[connections] * size * NOISE[repetition % 3];
  const p99 = P99[connections] * (valueSize === 1024 ? 1.5 : 1) * NOISE[repetition % 3];
  const requests = Math.round(ops * 10);
  const errors = connections === 64 ? 10 * (repetition + 1) : 0;
  const id = `sweep-fixture-p${point}-r${repetition}`;
  return {
    point,
    repetition,
    parameters: { [CONNECTIONS]: connections, [VALUE_SIZE]: valueSize },
    experimentId: id,
    folder: `/tmp/bench-sweep-fixture/experiments/${id}`,
    status: 'completed',
    requests,
    errors,
    errorRate: errors / requests,
    opsPerSec: ops,
    latencyMs: { p50: p99 / 4, p90: p99 / 2, p99, p999: p99 * 1.5, mean: p99 / 3, max: p99 * 2 },
    extra: { 'hits.perSec': ops * 0.9 },
    startedAt: `2026-12-01T10:${String(point).padStart(2, '0')}:0${repetition}.000Z`,
    finishedAt: `2026-12-01T10:${String(point).padStart(2, '0')}:1${repetition}.000Z`,
    ...over,
  };
}

export function sweepFixture(over: Partial<SweepSummary> = {}): SweepSummary {
  const rows: SweepPointRow[] = [];
  let point = 0;
  for (const c of [1, 4, 16, 64]) {
    for (const v of [64, 1024]) {
      for (let r = 0; r < 3; r++) rows.push(sweepRow(point, r, c, v));
      point++;
    }
  }
  return {
    schemaVersion: 1,
    sweepId: 'sweep-fixture-20261201T100000Z-abcd',
    recipe: 'redis-sweep',
    description: 'connections × value size',
    backend: 'local',
    parameters: [CONNECTIONS, VALUE_SIZE],
    repetitions: 3,
    plannedRuns: 24,
    status: 'completed',
    startedAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-01T10:08:12.000Z',
    rows,
    ...over,
  };
}

/** Writes the sweep folder a sweep writes before its report: sweep.yaml and metrics/summary.json. */
export function writeSweepFolder(root: string, summary: SweepSummary, sweepYaml = 'name: redis-sweep\nsweep:\n  parameters: {}\n'): string {
  const dir = path.join(root, summary.sweepId);
  mkdirSync(path.join(dir, 'metrics'), { recursive: true });
  writeFileSync(path.join(dir, 'sweep.yaml'), sweepYaml);
  writeFileSync(path.join(dir, 'metrics', 'summary.json'), JSON.stringify(summary, null, 2));
  return dir;
}
