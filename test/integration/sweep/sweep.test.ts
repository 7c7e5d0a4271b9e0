import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, runBench, sandbox, startWorkerProcess, type WorkerProcess } from '../../helpers/bench-cli';
import { testClient } from '../../helpers/temporal-client';
import type { SweepSummary } from '../../../src/reports/sweep/sweep-summary';
import type { SweepResult } from '../../../src/workflows/sweep-types';

// Each run is a whole experiment (deploy, load, collect, teardown): a sweep of four takes minutes on a busy machine.
jest.setTimeout(480_000);

describe('sweeps on the local backend (real Temporal, real redis-server)', () => {
  const workers: WorkerProcess[] = [];
  afterEach(async () => {
    for (const w of workers.splice(0)) await w.kill('SIGKILL');
  });

  it('continues as new between runs without running a point twice; bench list --sweep finds its runs', async () => {
    const box = sandbox('sweep-can');
    workers.push(await startWorkerProcess(box.env));
    const { client, close } = await testClient();
    try {
      const recipeText = readFileSync('test/fixtures/recipes/sweep-small.yaml', 'utf8').replace('repetitions: 2', 'repetitions: 1').replace('[1, 4]', '[1, 2, 4]');
      const handle = await client.workflow.start('sweep', {
        taskQueue: box.taskQueue,
        workflowId: 'sweep-can-1',
        args: [{ sweepId: 'sweep-can-1', recipeText, outputRoot: box.experiments, runsPerHistory: 1 }],
      });
      const result = (await handle.result()) as SweepResult;
      expect(result).toMatchObject({ sweepId: 'sweep-can-1', status: 'completed', runs: { completed: 3, failed: 0, cancelled: 0 } });
      // Three histories: one per run.
      const runs: string[] = [];
      for await (const wf of client.workflow.list({ query: `WorkflowId = 'sweep-can-1'` })) runs.push(wf.runId);
      expect(runs).toHaveLength(3);

      const listed = await runBench(['list', '--sweep', 'sweep-can-1', '--json'], box.env, 60_000);
      expect(listed.code).toBe(0);
      const ids = (JSON.parse(listed.stdout) as { id: string }[]).map((r) => r.id).sort();
      // Each point ran once: one experiment workflow per derived id, never a second.
      expect(ids).toEqual(['sweep-can-1-p00-r0', 'sweep-can-1-p01-r0', 'sweep-can-1-p02-r0']);
      const summary = JSON.parse(readFileSync(path.join(box.experiments, 'sweep-can-1', 'metrics/summary.json'), 'utf8')) as SweepSummary;
      expect(summary.rows.map((r) => r.point)).toEqual([0, 1, 2]);
      expect(summary.status).toBe('completed');

      const status = await runBench(['status', 'sweep-can-1'], box.env, 60_000);
      expect(status.stdout).toContain('sweep sweep-can-1: COMPLETED (completed)');
      expect(status.stdout).toContain('runs: 3 done (0 not completed) of 3 planned');
      expect(status.stdout).toContain('planned runs: 3 (3 done)');
    } finally {
      await close();
    }
  });

  it('bench validate prints the points and the planned time; bench sweep plan lists them', async () => {
    const box = sandbox('sweep-plan');
    const validate = await runBench(['validate', 'test/fixtures/recipes/sweep-small.yaml'], box.env, 60_000);
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain('sweep: 2 points × 2 repetitions = 4 runs, 1 at a time; 8s of load');
    const plan = await runBench(['sweep', 'plan', 'test/fixtures/recipes/sweep-small.yaml', '--json'], box.env, 60_000);
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.stdout)).toMatchObject({ runs: 4, loadMs: 8000, points: [{ index: 0, values: { 'workload.clients[load].executor.connections': 1 } }, { index: 1 }] });
  });

  it('a search runs one rate after another and records what it found', async () => {
    const box = sandbox('sweep-search');
    const recipe = path.join(box.home, 'search.yaml');
    // Every rate passes (no errors): the search doubles up to maxRuns and says all passed.
    require('node:fs').writeFileSync(
      recipe,
      readFileSync('test/fixtures/recipes/sweep-small.yaml', 'utf8')
        .replace('executor: {type: closed-loop, connections: 1}', 'executor: {type: constant-arrival-rate, rate: 10, connections: 2}')
        .replace(/sweep:[\s\S]*$/, 'sweep:\n  search: {parameter: "workload.clients[load].executor.rate", low: 20, high: 40, metric: errorRate, below: 50%, maxRuns: 3}\n'),
    );
    const res = await runBench(['run', recipe, '--json', '--output', box.experiments, '--id', 'search-1'], box.env, 300_000);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout.trim().split('\n').pop()!);
    const summary = out.summary as SweepSummary;
    expect(summary.search).toMatchObject({ parameter: 'workload.clients[load].executor.rate', metric: 'errorRate', below: 0.5, found: 80, state: 'all-passed' });
    expect(summary.rows.map((r) => [r.experimentId, r.parameters['workload.clients[load].executor.rate'], r.status, r.passed])).toEqual([
      ['search-1-s00-r0', 20, 'completed', true],
      ['search-1-s01-r0', 40, 'completed', true],
      ['search-1-s02-r0', 80, 'completed', true],
    ]);
    // The open loop ran at the rate of each point.
    for (const r of summary.rows) expect(r.opsPerSec).toBeGreaterThan(0.7 * Number(r.parameters['workload.clients[load].executor.rate']));
    expect(res.stdout + res.stderr).not.toContain('at most');
  });

  it('a search against a server capped at 200 req/s finds the knee within 10 %', async () => {
    const box = sandbox('sweep-knee');
    const recipe = path.join(box.home, 'knee.yaml');
    const server = path.join(ROOT, 'test/fixtures/servers/rate-capped-http.js');
    require('node:fs').writeFileSync(
      recipe,
      `name: knee
services:
  - name: api
    kind: command
    command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(server)}, --port, "{port.http}", --rate, "200", --burst, "20"]
    ports: {http: 0}
workload:
  clients:
    - name: load
      driver: http
      target: api
      executor: {type: constant-arrival-rate, rate: 100, connections: 8}
      duration: 3s
sweep:
  search: {parameter: "workload.clients[load].executor.rate", low: 100, high: 400, metric: errorRate, below: 5%, precision: 5%, maxRuns: 10}
`,
    );
    const res = await runBench(['run', recipe, '--json', '--output', box.experiments, '--id', 'knee-1'], box.env, 420_000);
    expect(res.code).toBe(0);
    const summary = JSON.parse(res.stdout.trim().split('\n').pop()!).summary as SweepSummary;
    const tried = summary.rows.map((r) => `${r.parameters['workload.clients[load].executor.rate']}:${(r.errorRate * 100).toFixed(1)}%`);
    process.stdout.write(`rate search (cap 200 req/s): ${tried.join(' ')} -> found ${summary.search?.found}\n`);
    expect(summary.search?.state).toBe('done');
    expect(Math.abs(summary.search!.found! - 200) / 200).toBeLessThanOrEqual(0.1);
    // Over the cap the server answers 503: the failing runs really saw errors, the passing ones nearly none.
    for (const r of summary.rows) expect(r.passed).toBe(r.errorRate < 0.05);
  });
});
