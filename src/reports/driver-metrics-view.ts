/** The "Driver metrics" section: per client group its named measurements, counts, prepare phases and facts, and the target's version. */
import { countUnit } from './count-rates';
import { describe, inDeclaredOrder } from './driver-info';
import { formatBytes, formatMs, formatNumber, formatRatio } from './format';
import type { GroupSummary, MetricSummary, Summary } from './summary-schema';

export interface DriverGroupView {
  name: string;
  target: string;
  driver: string;
  version?: string;
  metrics: { name: string; description: string; count: string; p50: string; p90: string; p99: string; mean: string }[];
  counts: { name: string; description: string; total: string; perSec: string }[];
  prepare: { phase: string; time: string }[];
  facts: { k: string; v: string }[];
}

/** A ratio measurement (recall) shown big beside its group's throughput. */
export interface RatioKpi {
  group: string;
  name: string;
  qps: string;
  mean: string;
  p50: string;
  p99: string;
}

export interface PrepareChart {
  group: string;
  phases: { name: string; seconds: number }[];
}

const hasDriverData = (g: GroupSummary) => Boolean(Object.keys(g.metrics ?? {}).length || Object.keys(g.counts ?? {}).length || Object.keys(g.prepare?.phasesMs ?? {}).length);

export function driverGroups(summary: Summary | undefined): DriverGroupView[] {
  if (!summary) return [];
  const version = (service: string) => summary.services.find((s) => s.name === service)?.version;
  return summary.groups.filter(hasDriverData).map((g) => {
    const value = (m: MetricSummary, v: number) => (m.unit === 'ratio' ? formatRatio(v) : formatMs(v));
    const metrics = inDeclaredOrder([g.driver], 'measurements', Object.keys(g.metrics ?? {})).map((name) => {
      const m = g.metrics![name];
      return { name, description: describe(g.driver, 'measurements', name), count: formatNumber(m.count), p50: value(m, m.p50), p90: value(m, m.p90), p99: value(m, m.p99), mean: value(m, m.mean) };
    });
    const counts = inDeclaredOrder([g.driver], 'counts', Object.keys(g.counts ?? {})).map((name) => {
      const c = g.counts![name];
      const bytes = countUnit(name).bytes;
      return { name, description: describe(g.driver, 'counts', name), total: bytes ? formatBytes(c.total) : formatNumber(c.total), perSec: bytes ? `${formatBytes(c.perSec)}/s` : formatNumber(c.perSec) };
    });
    return {
      name: g.name,
      target: g.target,
      driver: g.driver,
      version: version(g.target),
      metrics,
      counts,
      prepare: Object.entries(g.prepare?.phasesMs ?? {}).map(([phase, ms]) => ({ phase, time: formatMs(ms) })),
      facts: Object.entries(g.prepare?.facts ?? {}).map(([k, v]) => ({ k, v: typeof v !== 'number' ? v : countUnit(k).bytes ? formatBytes(v) : formatNumber(v) })),
    };
  });
}

export function ratioKpis(summary: Summary | undefined): RatioKpi[] {
  return (summary?.groups ?? []).flatMap((g) =>
    Object.entries(g.metrics ?? {})
      .filter(([, m]) => m.unit === 'ratio' && m.count > 0)
      .map(([name, m]) => ({ group: g.name, name, qps: formatNumber(g.opsPerSec), mean: formatRatio(m.mean), p50: formatRatio(m.p50), p99: formatRatio(m.p99) })),
  );
}

/** Only where there are two or more phases to compare (load vs index): a single bar says no more than the table. */
export function prepareCharts(summary: Summary | undefined): PrepareChart[] {
  return (summary?.groups ?? [])
    .filter((g) => Object.keys(g.prepare?.phasesMs ?? {}).length >= 2)
    .map((g) => ({ group: g.name, phases: Object.entries(g.prepare!.phasesMs).map(([name, ms]) => ({ name, seconds: Math.round(ms / 10) / 100 })) }));
}
