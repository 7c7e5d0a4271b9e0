import { mergeResults, type MergedResults } from '../clients/results/merge';
import type { ClientResult } from '../clients/results/result-file';
import type { LatencySummaryUs } from '../clients/results/histogram';
import type { Recipe } from '../recipe/schema';
import type { MonitoringExport } from '../monitors/types';
import type { ServiceRecord } from '../workflows/types';
import { GroupSummary, LatencyMs, MetricSummary, Summary, SUMMARY_SCHEMA_VERSION } from './summary-schema';

export interface SummaryInput {
  experimentId: string;
  recipe: Recipe;
  status: Summary['experiment']['status'];
  error?: string;
  startedAt: string;
  runStartedAt?: string;
  /** Per planned instance: its result, or undefined when it wrote none. */
  instances: { group: string; instance: string; result?: ClientResult; state: string; target?: string }[];
  services: ServiceRecord[];
  warnings: string[];
  /** metrics/monitoring.json of a monitored run: data gaps and resource figures. */
  monitoring?: MonitoringExport;
  /** The version each service reported when it became ready, by service name. */
  versions?: Record<string, string>;
}

export const toMs = (l: LatencySummaryUs): LatencyMs => ({
  p50: round(l.p50 / 1000),
  p90: round(l.p90 / 1000),
  p99: round(l.p99 / 1000),
  p999: round(l.p999 / 1000),
  max: round(l.max / 1000),
  mean: round(l.mean / 1000),
});

const round = (x: number) => Math.round(x * 1000) / 1000;

export function buildSummary(input: SummaryInput): Summary {
  const warnings = [...input.warnings];
  const groups: GroupSummary[] = input.recipe.workload.clients.map((g) => {
    const members = input.instances.filter((i) => i.group === g.name);
    const results = members.flatMap((m) => (m.result ? [m.result] : []));
    const merged = mergeResults(results);
    const failed = members.filter((m) => m.state !== 'exited' || !m.result).map((m) => m.instance);
    for (const r of results) warnings.push(...r.warnings.map((w) => `${r.instance}: ${w}`));
    return {
      name: g.name,
      driver: g.driver,
      executor: g.executor.type,
      loop: merged.loop,
      target: g.target,
      instancesPlanned: g.instances,
      instancesCompleted: members.length - failed.length,
      instancesFailed: failed,
      requests: merged.requests,
      ok: merged.ok,
      errors: merged.errors,
      dropped: merged.dropped,
      opsPerSec: round(merged.opsPerSec),
      latencyMs: toMs(merged.latencyUs),
      errorsByType: merged.errorsByType,
      saturatedInstances: merged.saturatedInstances,
      ...(members.some((m) => m.target) ? { perReplica: perReplica(members) } : {}),
      perInstance: members.map((m) => ({
        instance: m.instance,
        ...(m.target ? { target: m.target } : {}),
        status: m.result ? (m.state === 'exited' ? 'completed' : `${m.state} (partial result)`) : m.state,
        requests: m.result?.counters.requests ?? 0,
        opsPerSec: m.result && m.result.durationMs > 0 ? round((m.result.counters.requests * 1000) / m.result.durationMs) : 0,
        errors: m.result?.counters.errors ?? 0,
      })),
      ...(Object.keys(merged.measurements).length ? { metrics: metricSummaries(merged) } : {}),
      ...(Object.keys(merged.counts).length ? { counts: roundCounts(merged.counts) } : {}),
      ...(Object.keys(merged.prepareMs).length ? { prepare: { phasesMs: merged.prepareMs, facts: merged.prepareFacts } } : {}),
    };
  });
  const all = mergeResults(input.instances.flatMap((m) => (m.result ? [m.result] : [])));
  const planned = input.instances.length;
  const completed = groups.reduce((n, g) => n + g.instancesCompleted, 0);
  if (completed < planned) {
    warnings.push(`reduced load: ${completed} of ${planned} client instances completed (${groups.flatMap((g) => g.instancesFailed).join(', ')} did not)`);
  }
  for (const s of input.recipe.services) {
    // services[].version is the version the recipe expects: what ran is recorded, and a difference said.
    for (const [name, ran] of Object.entries(input.versions ?? {})) {
      if (s.version && (name === s.name || name.startsWith(`${s.name}-`)) && !ran.includes(s.version)) warnings.push(`service ${name}: the recipe expects version ${s.version}, but ${ran} ran`);
    }
  }
  for (const g of groups) {
    if (g.saturatedInstances.length) warnings.push(`client group ${g.name}: saturated instance(s) ${g.saturatedInstances.join(', ')}: their numbers measure the client, not the service`);
  }
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    experiment: {
      id: input.experimentId,
      recipe: input.recipe.name,
      backend: input.recipe.backend,
      status: input.status,
      error: input.error,
      startedAt: input.startedAt,
      runStartedAt: input.runStartedAt,
      endedAt: new Date().toISOString(),
      partial: (input.status !== 'completed' && input.status !== 'completed_with_teardown_errors') || completed < planned,
    },
    totals: {
      requests: all.requests,
      ok: all.ok,
      errors: all.errors,
      dropped: all.dropped,
      opsPerSec: round(all.opsPerSec),
      latencyMs: toMs(all.latencyUs),
      errorsByType: all.errorsByType,
      instances: { planned, completed, failed: planned - completed },
      loadShare: planned ? round(completed / planned) : 0,
    },
    groups,
    services: input.services.map((s) => ({ name: s.name, kind: s.kind, restarts: s.restarts, downIntervals: s.downIntervals, ...(input.versions?.[s.name] ? { version: input.versions[s.name] } : {}) })),
    gaps: input.monitoring?.gaps ?? [],
    ...(input.monitoring ? { resources: input.monitoring.resources } : {}),
    warnings: [...new Set([...warnings, ...(input.monitoring?.warnings ?? [])])],
  };
}

function metricSummaries(merged: MergedResults): Record<string, MetricSummary> {
  return Object.fromEntries(
    Object.entries(merged.measurements).map(([name, m]) => {
      if (m.unit === 'us') return [name, { unit: 'ms', count: m.count, ...toMs({ ...m.summary, mean: m.mean }) }];
      const r = (x: number) => Math.round(x * 10_000) / 10_000;
      return [name, { unit: 'ratio', count: m.count, p50: r(m.summary.p50), p90: r(m.summary.p90), p99: r(m.summary.p99), p999: r(m.summary.p999), max: r(m.summary.max), mean: r(m.mean) }];
    }),
  );
}

function roundCounts(counts: MergedResults['counts']): Record<string, { total: number; perSec: number }> {
  return Object.fromEntries(Object.entries(counts).map(([k, c]) => [k, { total: c.total, perSec: round(c.perSec) }]));
}

/** A replicated target's load per replica: what each replica was sent, from the instances that loaded it. */
function perReplica(members: SummaryInput['instances']): NonNullable<GroupSummary['perReplica']> {
  const byReplica = new Map<string, ClientResult[]>();
  for (const m of members) {
    if (!m.target) continue;
    const list = byReplica.get(m.target) ?? [];
    if (m.result) list.push(m.result);
    byReplica.set(m.target, list);
  }
  return [...byReplica].map(([replica, results]) => {
    const merged = mergeResults(results);
    return { replica, instances: results.length, requests: merged.requests, errors: merged.errors, opsPerSec: round(merged.opsPerSec), latencyMs: toMs(merged.latencyUs) };
  });
}
