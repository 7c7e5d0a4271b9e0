import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runBench, sandbox } from '../helpers/bench-cli';
import { survivors } from '../helpers/processes';

describe('quickstart end to end (bench run, embedded worker, real redis-server)', () => {
  it('completes, writes the whole experiment folder, and measures real load', async () => {
    const box = sandbox('quickstart');
    const res = await runBench(['run', 'recipes/quickstart.yaml', '--json', '--output', box.experiments], box.env);
    expect(res.stderr).toContain('running one in this process');
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout.trim().split('\n').pop()!);
    expect(out.status).toBe('completed');
    const folder: string = out.folder;
    expect(folder).toBe(path.join(box.experiments, out.experimentId));
    for (const f of ['recipe.yaml', 'metadata.out', 'metrics/summary.json', 'reports/raw_results.csv', 'logs/service-redis.log', 'logs/client-mixed-0.log', 'logs/orchestrator.log']) {
      expect(existsSync(path.join(folder, f))).toBe(true);
    }
    expect(readFileSync(path.join(folder, 'recipe.yaml'), 'utf8')).toBe(readFileSync('recipes/quickstart.yaml', 'utf8'));
    const metadata = readFileSync(path.join(folder, 'metadata.out'), 'utf8');
    for (const key of ['started_at', 'ended_at', 'user', 'host', 'bench_version', 'node_version', 'temporal_cli', 'git_commit', 'backend']) expect(metadata).toMatch(new RegExp(`^${key}: .+`, 'm'));
    expect(metadata).toMatch(/^status: completed$/m);

    const summary = JSON.parse(readFileSync(path.join(folder, 'metrics/summary.json'), 'utf8'));
    expect(summary.schemaVersion).toBe(3);
    expect(summary.totals.opsPerSec).toBeGreaterThan(0);
    expect(summary.totals.errors).toBe(0);
    expect(summary.totals.instances).toEqual({ planned: 2, completed: 2, failed: 0 });
    const l = summary.totals.latencyMs;
    expect(0 < l.p50 && l.p50 <= l.p90 && l.p90 <= l.p99 && l.p99 <= l.p999 && l.p999 <= l.max).toBe(true);
    expect(out.summary.totals.requests).toBe(summary.totals.requests);

    const csv = readFileSync(path.join(folder, 'reports/raw_results.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('timestamp,second,group,instance,requests,errors,ops_per_sec,p50_ms,p90_ms,p99_ms,max_ms');
    const instances = new Set(csv.slice(1).map((r) => r.split(',')[3]));
    expect(instances).toEqual(new Set(['mixed-0', 'mixed-1']));
    expect(csv.length - 1).toBeGreaterThanOrEqual(2 * 9); // about one row per instance per measured second

    expect(survivors(box.home, out.experimentId)).toEqual([]);
  });

  it('rejects an invalid recipe before starting anything (exit 2, all errors)', async () => {
    const box = sandbox('invalid');
    const res = await runBench(['run', 'test/fixtures/recipes/several-errors.yaml'], box.env, 60_000);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('7 problems');
    expect(existsSync(box.experiments)).toBe(false);
  });
});
