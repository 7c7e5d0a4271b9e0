import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runBench, sandbox } from '../../helpers/bench-cli';
import { survivors } from '../../helpers/processes';
import { writeRecipe } from '../../helpers/recipe-file';
import type { Summary } from '../../../src/reports/summary-schema';

describe('services[].replicas', () => {
  it('deploys each replica with its own endpoint and spreads client instances over them round-robin', async () => {
    const box = sandbox('replicas');
    const recipe = writeRecipe('replicas', `
name: replicas
services:
  - name: cache
    kind: redis
    replicas: 2
workload:
  clients:
    - name: mixed
      driver: redis
      target: cache
      instances: 3
      executor: { type: closed-loop, connections: 2 }
      duration: 3s
`);
    const res = await runBench(['run', recipe, '--json', '--output', box.experiments], box.env);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout.trim().split('\n').pop()!);
    const summary: Summary = JSON.parse(readFileSync(path.join(out.folder, 'metrics/summary.json'), 'utf8'));
    expect(summary.services.map((s) => s.name)).toEqual(['cache-0', 'cache-1']);
    const group = summary.groups[0];
    expect(group.perInstance.map((p) => p.target)).toEqual(['cache-0', 'cache-1', 'cache-0']);
    expect(group.perReplica!.map((r) => [r.replica, r.instances])).toEqual([['cache-0', 2], ['cache-1', 1]]);
    for (const r of group.perReplica!) expect(r.requests).toBeGreaterThan(0);
    // Two servers really ran: each on its own port.
    const specs = [0, 1].map((i) => JSON.parse(readFileSync(path.join(out.folder, `metrics/clients/mixed-${i}.spec.json`), 'utf8')).driver.target.port);
    expect(specs[0]).not.toBe(specs[1]);
    expect(survivors(box.home, out.experimentId)).toEqual([]);
  });

  it('rejects a replica name that another service already has', async () => {
    const box = sandbox('replicas-clash');
    const recipe = writeRecipe('clash', `
name: clash
services:
  - { name: cache, kind: redis, replicas: 2 }
  - { name: cache-1, kind: redis }
workload:
  clients:
    - { name: c, driver: redis, target: cache, executor: { type: closed-loop }, duration: 1s }
`);
    const res = await runBench(['validate', recipe], box.env);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/services\[0\]\.replicas: replica 1 would be named "cache-1", which is another service's name/);
  });
});
