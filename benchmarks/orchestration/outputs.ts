/**
 * The measured window of a finished experiment, from its outputs: each client instance's result file
 * (metrics/clients/*.result.json) carries a per-second series stamped with wall-clock epoch ms (the
 * same series reports/raw_results.csv is written from). First measured second: the earliest sample's
 * start; last: the latest sample's start plus its second, cut at the instance's end.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ClientResult } from '../../src/clients/results/result-file';

export interface MeasuredWindow {
  firstMeasuredAt: number;
  lastMeasuredEndAt: number;
  instances: number;
  requests: number;
}

export function measuredWindow(folder: string): MeasuredWindow {
  const dir = path.join(folder, 'metrics', 'clients');
  const results = readdirSync(dir)
    .filter((f) => f.endsWith('.result.json'))
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as ClientResult)
    .filter((r) => r.series.length > 0);
  if (results.length === 0) throw new Error(`no client result with a per-second series in ${dir}`);
  const first = Math.min(...results.map((r) => r.series[0].t));
  const last = Math.max(...results.map((r) => Math.min(r.series[r.series.length - 1].t + 1000, r.series[0].t + r.durationMs)));
  return { firstMeasuredAt: first, lastMeasuredEndAt: last, instances: results.length, requests: results.reduce((n, r) => n + r.counters.requests, 0) };
}
