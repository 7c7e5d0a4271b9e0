import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runBench, sandbox } from '../../helpers/bench-cli';
import { writeRecipe, SLURM_CONNECTION } from '../../helpers/recipe-file';
import { ensureSlurmCluster, onNode, slurmCli, type Connection } from '../../helpers/slurm-cluster';
import type { Summary } from '../../../src/reports/summary-schema';

/** Every file under dir, relative to it. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

/*
 * The test cluster's nodes see none of the worker's folders (scripts/slurm/node-namespace.sh), as on
 * a real cluster: what the jobs read and write must go through the shared folder, their ports must
 * be picked on the node and probes must run there.
 */
describe('monitoring and probes where SLURM jobs run', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await ensureSlurmCluster();
  });

  it('runs Prometheus and the exporter as jobs on the shared folder, on ports picked on the node, and copies the TSDB back', async () => {
    const box = sandbox('slurm-monitoring');
    const recipe = writeRecipe(
      'slurm-monitoring',
      `name: slurm-monitoring
backend: slurm
slurm: {connection: ${SLURM_CONNECTION}}
services:
  - name: redis
    kind: redis
monitoring:
  enabled: true
  worker: false
workload:
  clients:
    - name: load
      driver: redis
      target: redis
      executor: {type: closed-loop, connections: 2}
      # Long enough that Prometheus scrapes the client after it reported the port it picked.
      duration: 10s
      options: {command: get}
`,
    );
    const res = await runBench(['run', recipe, '--json', '--output', box.experiments], box.env, 300_000);
    expect(res.stderr).not.toMatch(/Error/);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout.trim().split('\n').pop()!);
    const summary: Summary = JSON.parse(readFileSync(path.join(out.folder, 'metrics/summary.json'), 'utf8'));
    expect(summary.resources?.source).toBe('prometheus');
    // The exporter's series reached Prometheus: the Redis panels have the service's figures.
    expect(Object.keys(summary.resources?.services ?? {})).toContain('redis');

    // The client picked its /metrics port on its node, reported it in its progress file, and was scraped.
    const progress = JSON.parse(readFileSync(path.join(conn.sharedDir, 'experiments', out.experimentId, 'metrics/clients/load-0.progress.json'), 'utf8'));
    expect(progress.metricsPort).toBeGreaterThan(0);
    expect(JSON.stringify(summary.resources?.clients)).toContain('load-0');

    // Prometheus kept its config and TSDB on the shared folder; a snapshot came back into the experiment folder.
    const remote = path.join(conn.sharedDir, 'experiments', out.experimentId, 'metrics');
    expect(existsSync(path.join(remote, 'prometheus.yml'))).toBe(true);
    const copied = filesUnder(path.join(out.folder, 'metrics/prometheus_data'));
    expect(copied.some((f) => f.endsWith('meta.json'))).toBe(true);
    expect(copied.some((f) => /chunks\/\d+$/.test(f))).toBe(true);

    // Ports were picked by the job scripts on the node and reported back through the shared folder.
    const log = readFileSync(path.join(out.folder, 'logs/orchestrator.log'), 'utf8');
    const url = /"event":"monitor-ready".*?"url":"http:\/\/127\.0\.0\.1:(\d+)"/.exec(log);
    expect(url).not.toBeNull();
    const portFiles = readdirSync(path.join(conn.sharedDir, 'bench-jobs'))
      .filter((d) => d.startsWith(`bench-${out.experimentId}.`))
      .flatMap((d) => readdirSync(path.join(conn.sharedDir, 'bench-jobs', d)).filter((f) => f.startsWith('ports-')).map((f) => JSON.parse(readFileSync(path.join(conn.sharedDir, 'bench-jobs', d, f), 'utf8'))));
    expect(portFiles).toEqual(expect.arrayContaining([{ web: Number(url![1]) }, { metrics: expect.any(Number) }]));
    // The staged config names the picked port, not the token.
    expect(readFileSync(path.join(remote, 'prometheus.yml'), 'utf8')).toContain(`127.0.0.1:${url![1]}`);
    expect(await slurmCli(conn, 'squeue', ['-h', '-o', '%j'])).not.toContain(out.experimentId);
  });

  it('runs an exec readiness probe on the node of the service: a folder that exists only there is ready', async () => {
    const box = sandbox('slurm-exec-probe');
    const dir = `/tmp/bench-node-only-${Date.now()}`;
    const recipe = writeRecipe(
      'slurm-exec-probe',
      `name: slurm-exec-probe
backend: slurm
slurm: {connection: ${SLURM_CONNECTION}}
services:
  - name: scratch
    kind: filesystem
    placement: {partition: n2only}
    options: {path: ${dir}}
    healthCheck: {timeout: 30s}
workload:
  clients:
    - name: randread
      driver: fio
      target: scratch
      placement: {partition: n2only}
      executor: {type: closed-loop, connections: 1}
      duration: 2s
      options: {directory: ${dir}, rw: randread, bs: 4k, size: 4m}
`,
    );
    const res = await runBench(['run', recipe, '--json', '--output', box.experiments], box.env, 300_000);
    expect(res.code).toBe(0);
    // The folder is on node n2's own /tmp: the worker cannot see it, so only a probe run there passes.
    expect(existsSync(dir)).toBe(false);
    expect((await onNode(conn, 'n2', `test -d ${dir} && echo yes; true`)).trim()).toBe('yes');
    const out = JSON.parse(res.stdout.trim().split('\n').pop()!);
    const summary: Summary = JSON.parse(readFileSync(path.join(out.folder, 'metrics/summary.json'), 'utf8'));
    expect(summary.groups[0].ok).toBeGreaterThan(0);
  });
});
