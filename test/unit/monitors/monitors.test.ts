import { parse } from 'yaml';
import { panelCsv, toWide } from '../../../src/monitors/export';
import { panelsFor } from '../../../src/monitors/panels';
import { findGaps } from '../../../src/monitors/prometheus';
import { prometheusConfig } from '../../../src/monitors/prometheus-config';

describe('prometheus config from the recipe', () => {
  it('has the scrape interval, exporters, worker, custom targets and the clients file_sd', () => {
    const yaml = parse(
      prometheusConfig({
        experimentId: 'e1',
        scrapeIntervalMs: 500,
        selfAddress: '127.0.0.1:9000',
        exporters: [{ address: '127.0.0.1:9121', service: 'redis', kind: 'redis' }],
        worker: '127.0.0.1:9464',
        custom: [{ name: 'app', address: 'app:8080', path: '/m' }],
        clientTargetsFile: '/x/clients.json',
      }),
    );
    expect(yaml.global.scrape_interval).toBe('500ms');
    const jobs = Object.fromEntries(yaml.scrape_configs.map((j: { job_name: string }) => [j.job_name, j]));
    expect(Object.keys(jobs)).toEqual(['prometheus', 'exporter', 'worker', 'client', 'custom-app']);
    expect(jobs.exporter.static_configs[0]).toEqual({ targets: ['127.0.0.1:9121'], labels: { service: 'redis', kind: 'redis' } });
    expect(jobs.client.file_sd_configs[0].files).toEqual(['/x/clients.json']);
    expect(jobs['custom-app'].metrics_path).toBe('/m');
  });

  it('panels: service resources only for kinds with an exporter mapping; custom queries as panels', () => {
    const names = panelsFor({ serviceKinds: ['redis', 'command'], scrapeIntervalMs: 1000, worker: true, queries: [{ name: 'q', expr: 'up' }] }).map((p) => p.name);
    expect(names).toEqual(['service_cpu', 'service_memory', 'service_network_in', 'service_network_out', 'client_throughput', 'client_errors', 'client_in_flight', 'worker_activities', 'query-q']);
    expect(panelsFor({ serviceKinds: ['command'], scrapeIntervalMs: 1000, worker: false, queries: [] }).map((p) => p.name)).toEqual(['client_throughput', 'client_errors', 'client_in_flight']);
  });
});

describe('gaps and CSVs', () => {
  it('finds intervals without samples longer than three scrape intervals', () => {
    const t = [0, 1000, 2000, 3000, 11000, 12000].map((x) => x + 1_700_000_000_000);
    const gaps = findGaps(t, 1000);
    expect(gaps).toHaveLength(1);
    expect(gaps[0].seconds).toBe(7);
    expect(Date.parse(gaps[0].from)).toBe(t[3] + 1000);
    expect(findGaps([0, 1000, 2000], 1000)).toEqual([]);
  });

  it('writes one wide CSV per panel, a column per series', () => {
    const panel = { name: 'p', title: 'P', unit: '', expr: '', seriesLabel: 'client' };
    const data = toWide(panel, [
      { metric: { client: 'a' }, values: [[1, '1'], [2, '2']] },
      { metric: { client: 'b' }, values: [[2, '5']] },
    ]);
    expect(panelCsv(data, 1000)).toBe('timestamp,second,a,b\n1970-01-01T00:00:01.000Z,0.0,1,\n1970-01-01T00:00:02.000Z,1.0,2,5\n');
  });
});
