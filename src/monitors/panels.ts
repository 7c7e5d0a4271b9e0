/**
 * The panels exported after a run: one PromQL expression each, one CSV each in metrics/. Service
 * resource panels come from the service kind's exporter metrics; client and worker panels from their
 * own /metrics; the recipe's custom queries become panels too.
 */
import { findServiceKind } from '../services/catalog';

export interface Panel {
  /** File name (metrics/<name>.csv) and key in summary.json resources. */
  name: string;
  title: string;
  unit: string;
  expr: string;
  /** Label whose value names a series (column) in the CSV. */
  seriesLabel: string;
}

export function rateWindow(scrapeIntervalMs: number): string {
  return `${Math.max(4, Math.ceil((4 * scrapeIntervalMs) / 1000))}s`;
}

export function panelsFor(opts: { serviceKinds: string[]; scrapeIntervalMs: number; worker: boolean; queries: { name: string; expr: string; unit?: string }[] }): Panel[] {
  const w = rateWindow(opts.scrapeIntervalMs);
  const at = (e: string) => e.replace(/\[W\]/g, `[${w}]`);
  const kinds = [...new Set(opts.serviceKinds)].flatMap((k) => findServiceKind(k) ?? []);
  const panels: Panel[] = [];
  const resource = (key: 'cpu' | 'memory' | 'netIn' | 'netOut', name: string, title: string, unit: string) => {
    const exprs = kinds.flatMap((k) => (k.resources?.[key] ? [at(k.resources[key])] : []));
    if (exprs.length) panels.push({ name, title, unit, expr: exprs.join(' or '), seriesLabel: 'service' });
  };
  resource('cpu', 'service_cpu', 'Service CPU', 'cores');
  resource('memory', 'service_memory', 'Service memory (RSS)', 'bytes');
  resource('netIn', 'service_network_in', 'Service network in', 'bytes/s');
  resource('netOut', 'service_network_out', 'Service network out', 'bytes/s');
  for (const k of kinds) for (const p of k.panels ?? []) panels.push({ ...p, expr: at(p.expr), seriesLabel: 'service' });
  panels.push(
    { name: 'client_throughput', title: 'Client requests (Prometheus)', unit: 'req/s', expr: `sum by (client) (rate(bench_client_requests_total[${w}]))`, seriesLabel: 'client' },
    { name: 'client_errors', title: 'Client errors (Prometheus)', unit: 'errors/s', expr: `sum by (client) (rate(bench_client_errors_total[${w}]))`, seriesLabel: 'client' },
    { name: 'client_in_flight', title: 'Requests in flight', unit: 'requests', expr: 'sum by (client) (bench_client_in_flight)', seriesLabel: 'client' },
  );
  if (opts.worker) {
    panels.push({ name: 'worker_activities', title: 'Worker activity executions', unit: 'activities/s', expr: `sum(rate(temporal_activity_execution_latency_count{job="worker"}[${w}]))`, seriesLabel: '' });
  }
  for (const q of opts.queries) panels.push({ name: `query-${q.name}`, title: q.name, unit: q.unit ?? '', expr: q.expr, seriesLabel: '' });
  return panels;
}
