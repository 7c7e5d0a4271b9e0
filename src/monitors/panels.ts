/**
 * The panels exported after a run: one PromQL expression each, one CSV each in metrics/. Service
 * resource panels come from the service kind's exporter metrics; client and worker panels from their
 * own /metrics; the recipe's custom queries become panels too.
 */
export interface Panel {
  /** File name (metrics/<name>.csv) and key in summary.json resources. */
  name: string;
  title: string;
  unit: string;
  expr: string;
  /** Label whose value names a series (column) in the CSV. */
  seriesLabel: string;
}

/** Resource expressions per service kind's exporter (label `service` is set on the exporter target). */
const SERVICE_RESOURCES: Record<string, { cpu: string; memory: string; netIn: string; netOut: string }> = {
  redis: {
    cpu: 'sum by (service) (rate(redis_cpu_sys_seconds_total{job="exporter"}[W]) + rate(redis_cpu_user_seconds_total{job="exporter"}[W]))',
    memory: 'sum by (service) (redis_memory_used_rss_bytes{job="exporter"})',
    netIn: 'sum by (service) (rate(redis_net_input_bytes_total{job="exporter"}[W]))',
    netOut: 'sum by (service) (rate(redis_net_output_bytes_total{job="exporter"}[W]))',
  },
};

export function rateWindow(scrapeIntervalMs: number): string {
  return `${Math.max(4, Math.ceil((4 * scrapeIntervalMs) / 1000))}s`;
}

export function panelsFor(opts: { serviceKinds: string[]; scrapeIntervalMs: number; worker: boolean; queries: { name: string; expr: string; unit?: string }[] }): Panel[] {
  const w = rateWindow(opts.scrapeIntervalMs);
  const at = (e: string) => e.replace(/\[W\]/g, `[${w}]`);
  const kinds = [...new Set(opts.serviceKinds)].filter((k) => SERVICE_RESOURCES[k]);
  const union = (pick: (r: (typeof SERVICE_RESOURCES)[string]) => string) => kinds.map((k) => at(pick(SERVICE_RESOURCES[k]))).join(' or ');
  const panels: Panel[] = [];
  if (kinds.length) {
    panels.push(
      { name: 'service_cpu', title: 'Service CPU', unit: 'cores', expr: union((r) => r.cpu), seriesLabel: 'service' },
      { name: 'service_memory', title: 'Service memory (RSS)', unit: 'bytes', expr: union((r) => r.memory), seriesLabel: 'service' },
      { name: 'service_network_in', title: 'Service network in', unit: 'bytes/s', expr: union((r) => r.netIn), seriesLabel: 'service' },
      { name: 'service_network_out', title: 'Service network out', unit: 'bytes/s', expr: union((r) => r.netOut), seriesLabel: 'service' },
    );
  }
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
