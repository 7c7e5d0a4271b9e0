import { encodeHistogram, type LatencyHistogram } from './results/histogram';
import { RESULT_SCHEMA_VERSION, type ClientHealth, type ClientResult, type SecondSample } from './results/result-file';
import type { ClientSpec } from './spec';

export interface ResultParts {
  executor: string;
  loop: 'closed' | 'open';
  startedAt: Date;
  durationMs: number;
  histogram: LatencyHistogram;
  ok: number;
  errors: Record<string, number>;
  dropped: number;
  series: SecondSample[];
  health: ClientHealth;
  warnings: string[];
  measurements?: ClientResult['measurements'];
  counts?: Record<string, number>;
  prepare?: ClientResult['prepare'];
}

export function makeClientResult(spec: ClientSpec, p: ResultParts): ClientResult {
  const errorCount = Object.values(p.errors).reduce((a, b) => a + b, 0);
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    experiment: spec.experiment,
    instance: spec.instance,
    driver: spec.driver.kind,
    executor: p.executor,
    loop: p.loop,
    startedAt: p.startedAt.toISOString(),
    endedAt: new Date().toISOString(),
    durationMs: p.durationMs,
    histogram: encodeHistogram(p.histogram),
    counters: { requests: p.ok + errorCount, ok: p.ok, errors: errorCount, dropped: p.dropped },
    errors: { ...p.errors },
    series: p.series,
    health: p.health,
    warnings: p.warnings,
    ...(p.measurements ? { measurements: p.measurements } : {}),
    ...(p.counts && Object.keys(p.counts).length ? { counts: p.counts } : {}),
    ...(p.prepare ? { prepare: p.prepare } : {}),
  };
}
