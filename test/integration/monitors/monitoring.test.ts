import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runBench, sandbox } from '../../helpers/bench-cli';
import { journal, survivors } from '../../helpers/processes';
import { waitFor } from '../../helpers/wait-for';

const FIXTURES = path.join(__dirname, 'fixtures');

/** Series names Prometheus stored for one job, read from its TSDB after the run. */
function seriesOf(dataDir: string, job: string): Set<string> {
  const out = execFileSync('promtool', ['tsdb', 'dump', `--match={job="${job}"}`, dataDir], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  return new Set([...out.matchAll(/__name__="([^"]+)"/g)].map((m) => m[1]));
}

function csvRows(file: string): string[] {
  return readFileSync(file, 'utf8').trim().split('\n').slice(1);
}

describe('monitoring: a Prometheus per experiment', () => {
  it('scrapes the service exporter, every client and the worker; exports non-empty CSVs and resources', async () => {
    const box = sandbox('monitored');
    const res = await runBench(['run', path.join(FIXTURES, 'monitored-redis.yaml'), '--json', '--output', box.experiments], box.env, 240_000);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout.trim().split('\n').pop()!);
    const folder: string = out.folder;
    const data = path.join(folder, 'metrics/prometheus_data');
    expect(seriesOf(data, 'exporter')).toContain('redis_commands_processed_total');
    expect([...seriesOf(data, 'client')]).toEqual(expect.arrayContaining(['bench_client_requests_total', 'bench_client_in_flight', 'bench_client_latency_seconds']));
    expect([...seriesOf(data, 'worker')].some((n) => n.startsWith('temporal_'))).toBe(true);
    for (const panel of ['service_cpu', 'service_memory', 'service_network_in', 'client_throughput', 'query-redis-ops']) {
      expect(csvRows(path.join(folder, 'metrics', `${panel}.csv`)).length).toBeGreaterThan(3);
    }
    const clientsCsv = readFileSync(path.join(folder, 'metrics/client_throughput.csv'), 'utf8').split('\n')[0];
    expect(clientsCsv).toBe('timestamp,second,mixed-0,mixed-1');
    const summary = JSON.parse(readFileSync(path.join(folder, 'metrics/summary.json'), 'utf8'));
    expect(summary.gaps).toEqual([]);
    expect(summary.resources.services.redis.cpuCores.max).toBeGreaterThan(0);
    expect(summary.resources.services.redis.memoryBytes.max).toBeGreaterThan(1e6);
    expect(summary.resources.queries['redis-ops'].series.value.max).toBeGreaterThan(0);
    expect(survivors(box.home, out.experimentId)).toEqual([]);
  });

  it('restarts a killed Prometheus and records the data gap in summary.json', async () => {
    const box = sandbox('monitor-kill');
    const id = `monitor-kill-${Date.now()}`;
    const run = runBench(['run', path.join(FIXTURES, 'monitor-kill.yaml'), '--id', id, '--json', '--output', box.experiments], box.env, 240_000);
    const folder = path.join(box.experiments, id);
    const launchOf = (generation: number) => journal(box.home, id).find((e) => e.event === 'launch' && e.id.endsWith(`.monitor.prometheus.${generation}`));
    // Kill it once the clients run (their progress file exists) and Prometheus has been scraping a few seconds.
    const first = await waitFor('prometheus and the client to run', () => {
      const p = launchOf(0);
      try {
        return p && JSON.parse(readFileSync(path.join(folder, 'metrics/clients/load-0.progress.json'), 'utf8')).phase === 'measuring' ? p : undefined;
      } catch {
        return undefined;
      }
    }, 120_000);
    const killedAt = Date.now();
    process.kill(-first.pid, 'SIGKILL');
    const res = await run;
    expect(res.code).toBe(0);
    const restarted = launchOf(1);
    expect(restarted).toBeDefined();

    const summary = JSON.parse(readFileSync(path.join(folder, 'metrics/summary.json'), 'utf8'));
    expect(summary.experiment.status).toBe('completed');
    expect(summary.gaps).toHaveLength(1);
    const gap = summary.gaps[0];
    const from = Date.parse(gap.from);
    const to = Date.parse(gap.to);
    // The gap starts about when Prometheus died and ends with the restarted one's first sample.
    expect(Math.abs(from - killedAt)).toBeLessThan(3000);
    expect(gap.seconds).toBeGreaterThan(0.5);
    expect(Math.abs(gap.seconds - (to - from) / 1000)).toBeLessThan(0.2);
    const log = readFileSync(path.join(folder, 'logs/orchestrator.log'), 'utf8');
    expect(log).toContain('monitor-restart');
    const restartedAt = Date.parse(log.split('\n').filter((l) => l.includes('"monitor-restarted"')).map((l) => JSON.parse(l).time)[0]);
    // It ends with the restarted Prometheus's first stored sample: a scrape or two after the restart, more on a busy machine.
    expect(to).toBeLessThanOrEqual(restartedAt + 10_000);
    expect(summary.warnings.join('\n')).toMatch(/prometheus restarted/);
    // Relaunched on a port of its own, with a config naming that port and the client still registered.
    const listen = (c: string[]) => c.find((a) => a.startsWith('--web.listen-address='))!.split(':').pop();
    const newPort = listen(restarted!.command);
    expect(newPort).not.toBe(listen(first.command));
    expect(readFileSync(path.join(folder, 'metrics/prometheus.yml'), 'utf8')).toContain(`127.0.0.1:${newPort}`);
    expect(readFileSync(path.join(folder, 'metrics/prometheus_targets/clients.json'), 'utf8')).toContain('load-0');
    expect(survivors(box.home, id)).toEqual([]);
  });
});
