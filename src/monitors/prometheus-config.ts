/**
 * prometheus.yml for one experiment, generated from the recipe. Static jobs for Prometheus itself, the
 * worker, exporters and the recipe's custom targets; the `bench client` instances come through a
 * file_sd file (metrics/prometheus_targets/clients.json), because they launch after Prometheus.
 */
import { stringify } from 'yaml';

export interface ScrapeTarget {
  /** host:port */
  address: string;
  path?: string;
  labels?: Record<string, string>;
}

export interface PrometheusConfigInput {
  experimentId: string;
  scrapeIntervalMs: number;
  selfAddress: string;
  exporters: (ScrapeTarget & { service: string; kind: string })[];
  worker?: string;
  custom: { name: string; address: string; path: string }[];
  clientTargetsFile: string;
}

export function prometheusConfig(input: PrometheusConfigInput): string {
  const interval = promDuration(input.scrapeIntervalMs);
  const job = (name: string, targets: ScrapeTarget[], path = '/metrics') => ({
    job_name: name,
    metrics_path: path,
    static_configs: targets.map((t) => ({ targets: [t.address], labels: t.labels ?? {} })),
  });
  const scrape_configs: Record<string, unknown>[] = [job('prometheus', [{ address: input.selfAddress }])];
  if (input.exporters.length) {
    // A service serving its own metrics on another path says so per target (Prometheus's __metrics_path__ label).
    scrape_configs.push(job('exporter', input.exporters.map((e) => ({ address: e.address, labels: { service: e.service, kind: e.kind, ...(e.path && e.path !== '/metrics' ? { __metrics_path__: e.path } : {}) } }))));
  }
  if (input.worker) scrape_configs.push(job('worker', [{ address: input.worker }]));
  scrape_configs.push({ job_name: 'client', metrics_path: '/metrics', file_sd_configs: [{ files: [input.clientTargetsFile], refresh_interval: '1s' }] });
  for (const t of input.custom) scrape_configs.push(job(`custom-${t.name}`, [{ address: t.address }], t.path));
  return stringify({
    global: { scrape_interval: interval, scrape_timeout: promDuration(Math.min(input.scrapeIntervalMs, 10_000)), evaluation_interval: interval, external_labels: { experiment: input.experimentId } },
    scrape_configs,
  });
}

/** file_sd content for the client instances. */
export function clientTargets(clients: { instance: string; group: string; address: string }[]): string {
  return JSON.stringify(clients.map((c) => ({ targets: [c.address], labels: { client: c.instance, group: c.group } })), null, 2) + '\n';
}

export function promDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${Math.max(1, Math.round(ms))}ms`;
}
