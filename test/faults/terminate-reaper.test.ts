import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ScheduleNotFoundError } from '@temporalio/client';
import type { ReaperResult } from '../../src/workflows/reaper';
import { runBench } from '../helpers/bench-cli';
import { survivors } from '../helpers/processes';
import { waitFor } from '../helpers/wait-for';
import { faultHarness, recordRecovery, redisRecipe } from './fault-kit';

describe('fault: a workflow is terminated (its finally never runs); the reaper cleans up', () => {
  const h = faultHarness('reaper');
  const box = h.box;
  afterAll(async () => {
    await runBench(['reaper', 'uninstall'], box.env, 60_000).catch(() => undefined);
  });

  const reap = async (): Promise<ReaperResult> => {
    const res = await runBench(['reaper', 'run', '--json'], box.env, 120_000);
    if (res.code !== 0) throw new Error(`bench reaper run: ${res.code} ${res.stderr}`);
    return JSON.parse(res.stdout);
  };

  it('leaves a running experiment alone, then stops everything a terminated one left behind, logging each removal', async () => {
    const { id, handle } = await h.startLoaded('orphaned', redisRecipe({ name: 'orphaned', instances: 2, duration: '5m' }), 2);

    const early = await reap();
    expect(early.removed).toEqual([]);
    expect(early.kept).toContainEqual({ experiment: id, workflowStatus: 'RUNNING', handles: 3 });
    expect(survivors(box.home, id).length).toBeGreaterThan(0);

    await handle.terminate('fault test: terminate skips the teardown');
    expect((await handle.describe()).status.name).toBe('TERMINATED');
    const orphans = survivors(box.home, id);
    expect(orphans.length).toBeGreaterThanOrEqual(3); // redis-server and two clients, with their wrappers

    const reapStarted = Date.now();
    const pass = await reap();
    const reapMs = Date.now() - reapStarted;
    expect(pass.removed.map((r) => `${r.role}:${r.name}`).sort()).toEqual(['client:load-0', 'client:load-1', 'service:redis']);
    expect(pass.removed.every((r) => r.experiment === id && r.workflowStatus === 'TERMINATED')).toBe(true);
    expect(survivors(box.home, id)).toEqual([]);
    const log = readFileSync(path.join(box.experiments, id, 'logs', 'orchestrator.log'), 'utf8');
    expect(log.match(/"event":"reaped"/g)).toHaveLength(3);

    expect((await reap()).removed).toEqual([]); // a second pass finds nothing
    recordRecovery('terminate workflow + bench reaper run', reapMs, 'TERMINATED; reaper removed redis + 2 clients (no summary.json: terminate skips collection)');
  }, 300_000);

  it('`bench reaper install` creates the bench-reaper Schedule, whose runs execute the reaper workflow', async () => {
    const installed = await runBench(['reaper', 'install', '--every', '5m'], box.env, 60_000);
    expect(installed.code).toBe(0);
    expect(installed.stdout).toContain('schedule bench-reaper created');
    const again = await runBench(['reaper', 'install', '--every', '10m'], box.env, 60_000);
    expect(again.stdout).toContain('schedule bench-reaper updated');

    const schedule = h.client().schedule.getHandle('bench-reaper');
    const desc = await schedule.describe();
    expect(desc.spec.intervals?.[0].every).toBe(600_000);
    expect(desc.action).toMatchObject({ type: 'startWorkflow', workflowType: 'reaper', taskQueue: box.taskQueue });

    await schedule.trigger();
    const started = await waitFor('a scheduled reaper run', async () => (await schedule.describe()).info.recentActions[0]?.action.workflow.workflowId, 60_000, 300);
    const result = (await h.client().workflow.getHandle(started).result()) as ReaperResult;
    expect(result.removed).toEqual([]);

    const removed = await runBench(['reaper', 'uninstall'], box.env, 60_000);
    expect(removed.code).toBe(0);
    await expect(schedule.describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  }, 180_000);
});
