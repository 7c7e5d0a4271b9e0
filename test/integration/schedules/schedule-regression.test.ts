/**
 * A schedule's runs are ordinary experiments tagged with the schedule; the first completed run becomes
 * the baseline, the next is compared with it, and an injected slowdown is flagged as a regression.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runBench, sandbox, startWorkerProcess, type WorkerProcess } from '../../helpers/bench-cli';
import { testClient } from '../../helpers/temporal-client';
import { waitFor } from '../../helpers/wait-for';
import type { Client } from '@temporalio/client';

jest.setTimeout(600_000);

const FAST = 'test/integration/schedules/fast.yaml';
const SLOW = 'test/integration/schedules/slow.yaml';

describe('bench schedule: runs, baseline comparison and regression', () => {
  const box = sandbox('schedules');
  const id = `nightly-${Date.now()}`;
  let worker: WorkerProcess;
  let temporal: { client: Client; close: () => Promise<void> };

  beforeAll(async () => {
    temporal = await testClient();
    worker = await startWorkerProcess(box.env);
  });
  afterAll(async () => {
    await runBench(['schedule', 'delete', id], box.env, 60_000).catch(() => undefined);
    await worker?.kill();
    await temporal?.close();
  });

  const bench = async (args: string[], expectCode = 0) => {
    const res = await runBench(args, box.env, 120_000);
    if (res.code !== expectCode) throw new Error(`bench ${args.join(' ')} exited ${res.code}, expected ${expectCode}\n${res.stdout}\n${res.stderr}`);
    return res;
  };

  /** The schedule's closed runs, oldest first, once there are `n` of them. */
  const closedRuns = (n: number) =>
    waitFor(
      `${n} closed run(s) of ${id}`,
      async () => {
        const rows = [];
        for await (const wf of temporal.client.workflow.list({ query: `WorkflowType = 'experiment' AND BenchSchedule = '${id}' AND ExecutionStatus != 'Running'` })) rows.push(wf);
        return rows.length >= n ? rows.sort((a, b) => a.startTime.getTime() - b.startTime.getTime()) : undefined;
      },
      240_000,
      1000,
    );

  it('creates a schedule the Temporal API sees, with the recipe embedded and the BenchSchedule attribute', async () => {
    const res = await bench(['schedule', 'create', FAST, '--every', '1d', '--jitter', '1m', '--overlap', 'buffer-one', '--id', id, '--json']);
    const view = JSON.parse(res.stdout);
    expect(view).toMatchObject({ id, recipe: 'sched-redis', spec: 'every 1d, jitter 1m', overlap: 'buffer-one', paused: false, outputRoot: box.experiments, taskQueue: box.taskQueue });
    const desc = await temporal.client.schedule.getHandle(id).describe();
    expect(desc.action).toMatchObject({ type: 'startWorkflow', workflowType: 'experiment', taskQueue: box.taskQueue });
    expect((desc.action.args as { scheduleId: string; recipeText: string }[])[0]).toMatchObject({ scheduleId: id, recipeText: readFileSync(FAST, 'utf8') });
    expect((await bench(['schedule', 'list'])).stdout).toContain(id);
    // Bad input exits 2 with the reason.
    const dup = await runBench(['schedule', 'create', FAST, '--every', '1d', '--id', id], box.env);
    expect([dup.code, dup.stderr]).toEqual([2, expect.stringContaining('already exists')]);
    const both = await runBench(['schedule', 'create', FAST, '--every', '1d', '--cron', '0 3 * * *', '--id', `${id}-x`], box.env);
    expect([both.code, both.stderr]).toEqual([2, expect.stringContaining('exactly one of --every')]);
    expect((await runBench(['schedule', 'describe', 'no-such-schedule'], box.env)).code).toBe(2);
  });

  it('pins the first completed run as baseline, flags the slowed-down second run as a regression', async () => {
    await bench(['schedule', 'trigger', id]);
    const [first] = await closedRuns(1);
    expect(first.workflowId.startsWith(`${id}-`)).toBe(true);
    const firstSummary = JSON.parse(readFileSync(path.join(box.experiments, first.workflowId, 'metrics', 'summary.json'), 'utf8'));
    expect(firstSummary.regression).toMatchObject({ scheduleId: id, baselineId: first.workflowId, isBaseline: true, regressed: false });
    expect(JSON.parse((await bench(['baseline', 'show', id, '--json'])).stdout)).toMatchObject({ baselineId: first.workflowId, pinnedBy: 'first-run' });

    // The injected slowdown: the same recipe with the client held to 200 requests/s.
    await bench(['schedule', 'update', id, '--recipe', SLOW]);
    await bench(['schedule', 'trigger', id]);
    const runs = await closedRuns(2);
    const second = runs[1];
    const folder = path.join(box.experiments, second.workflowId);
    const summary = JSON.parse(readFileSync(path.join(folder, 'metrics', 'summary.json'), 'utf8'));
    expect(summary.experiment.status).toBe('completed');
    expect(summary.regression).toMatchObject({ scheduleId: id, baselineId: first.workflowId, regressed: true });
    expect(summary.regression.reasons.join('\n')).toMatch(/^throughput -\d+\.\d %/m);
    expect(summary.totals.requests).toBeGreaterThan(0);
    expect(summary.totals.opsPerSec).toBeLessThan(firstSummary.totals.opsPerSec * 0.9);
    expect(existsSync(path.join(folder, 'reports', `compare-${first.workflowId}.md`))).toBe(true);
    expect(readFileSync(path.join(folder, 'logs', 'orchestrator.log'), 'utf8')).toContain(`REGRESSION against baseline ${first.workflowId}`);

    // Search attributes: the schedule tag and the verdict, so `bench list --schedule` and the Temporal UI find them.
    const attrs = async (wid: string) => (await temporal.client.workflow.getHandle(wid).describe()).searchAttributes as Record<string, unknown[]>;
    expect((await attrs(first.workflowId)).BenchRegression).toEqual(['baseline']);
    expect((await attrs(second.workflowId)).BenchRegression).toEqual(['regressed']);
    expect((await attrs(second.workflowId)).BenchSchedule).toEqual([id]);
    const listed = JSON.parse((await bench(['list', '--schedule', id, '--json'])).stdout) as { id: string }[];
    expect(listed.map((r) => r.id).sort()).toEqual([first.workflowId, second.workflowId].sort());

    const trend = await bench(['trend', id]);
    expect(trend.stdout).toContain('REGRESSED: throughput');
    expect(trend.stdout).toContain('baseline');
    const html = readFileSync(path.join(box.experiments, '.schedules', id, 'trend.html'), 'utf8');
    expect(html).toContain('new Chart(');
    expect(readFileSync(path.join(box.experiments, '.schedules', id, 'trend.csv'), 'utf8').split('\n')[0]).toBe('id,started_at,status,ops_per_sec,p50_ms,p99_ms,p999_ms,errors,verdict');

    // reporting.failOnRegression: the same slowdown now fails the run.
    const gated = path.join(box.home, 'slow-gated.yaml');
    writeFileSync(gated, `${readFileSync(SLOW, 'utf8')}reporting:\n  failOnRegression: true\n`);
    await bench(['schedule', 'update', id, '--recipe', gated]);
    await bench(['schedule', 'trigger', id]);
    const third = (await closedRuns(3))[2];
    expect(third.status.name).toBe('FAILED');
    const failure = await temporal.client.workflow.getHandle(third.workflowId).result().catch((e: Error & { cause?: Error & { type?: string } }) => e.cause);
    expect(failure).toMatchObject({ type: 'PerformanceRegression', message: expect.stringContaining(`performance regression against baseline ${first.workflowId}: throughput -`) });
    expect(JSON.parse(readFileSync(path.join(box.experiments, third.workflowId, 'metrics', 'summary.json'), 'utf8')).regression).toMatchObject({ regressed: true });

    // A user can pin another baseline; compare agrees with the schedule's verdict (exit 1).
    await bench(['baseline', 'set', id, second.workflowId]);
    expect(JSON.parse((await bench(['baseline', 'show', id, '--json'])).stdout)).toMatchObject({ baselineId: second.workflowId, pinnedBy: 'user' });
    expect((await runBench(['compare', first.workflowId, second.workflowId], box.env)).code).toBe(1);
  });

  it('fires on its own interval: two runs, the second compared with the first', async () => {
    const every = `${id}-every`;
    await bench(['schedule', 'create', FAST, '--every', '10s', '--id', every]);
    try {
      const runs = await waitFor(
        `two closed runs of ${every}`,
        async () => {
          const rows = [];
          for await (const wf of temporal.client.workflow.list({ query: `BenchSchedule = '${every}' AND ExecutionStatus != 'Running'` })) rows.push(wf);
          return rows.length >= 2 ? rows.sort((a, b) => a.startTime.getTime() - b.startTime.getTime()) : undefined;
        },
        240_000,
        1000,
      );
      await bench(['schedule', 'pause', every]);
      const [first, second] = runs.map((r) => JSON.parse(readFileSync(path.join(box.experiments, r.workflowId, 'metrics', 'summary.json'), 'utf8')));
      expect(first.regression).toMatchObject({ scheduleId: every, isBaseline: true });
      // Identical recipes: pass or (on a busy machine) a noisy regression, but compared with the first run either way.
      expect(second.regression).toMatchObject({ scheduleId: every, baselineId: runs[0].workflowId });
      expect(second.regression.isBaseline).toBeUndefined();
    } finally {
      await runBench(['schedule', 'delete', every], box.env, 60_000);
    }
  });

  it('pauses, unpauses, backfills (validated) and deletes', async () => {
    await bench(['schedule', 'pause', id, '--note', 'maintenance']);
    expect(JSON.parse((await bench(['schedule', 'describe', id, '--json'])).stdout)).toMatchObject({ paused: true, note: 'maintenance' });
    await bench(['schedule', 'unpause', id]);
    expect(JSON.parse((await bench(['schedule', 'describe', id, '--json'])).stdout).paused).toBe(false);
    const bad = await runBench(['schedule', 'backfill', id, '--from', '2026-11-02', '--to', '2026-11-01'], box.env);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('must be before')]);
    await bench(['schedule', 'delete', id]);
    expect((await runBench(['schedule', 'describe', id], box.env)).code).toBe(2);
  });
});
