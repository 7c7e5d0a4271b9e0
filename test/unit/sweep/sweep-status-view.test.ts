/**
 * `bench status SWEEP`'s list of planned runs: the plan (expanded from the shipped recipe, as plan.json
 * holds it), the rows recorded so far and the runs the workflow reports running give every run's state.
 */
import { readFileSync } from 'node:fs';
import { planSweepText } from '../../../src/activities/sweep/plan-sweep';
import { plannedRunStates, renderPlannedRuns, type PlanFile } from '../../../src/cli/sweep-view';
import { CONNECTIONS, VALUE_SIZE, sweepRow } from '../reports/sweep-fixture';

function shippedPlan(): PlanFile {
  const checked = planSweepText(readFileSync('recipes/sweep-redis-connections.yaml', 'utf8'));
  if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
  // What prepareSweep writes to plan.json: the plan without the points' recipes.
  return JSON.parse(JSON.stringify({ ...checked.plan, points: checked.plan.points.map(({ recipeText: _t, ...p }) => p) })) as PlanFile;
}

describe('planned runs of a sweep (bench status)', () => {
  const plan = shippedPlan();
  // Point 0 (connections 1, valueSize 64) done twice, point 1 (1, 1024) failed once, point 2's first repetition running.
  const rows = [sweepRow(0, 0, 1, 64), sweepRow(0, 1, 1, 64), sweepRow(1, 0, 1, 1024, { status: 'failed', requests: 0, error: 'redis exited' })];
  const running = [{ experimentId: 'grid-p02-r0', label: 'connections=4, valueSize=64', repetition: 0, point: 2 }];

  it('lists every point and repetition of the plan with its state', () => {
    const runs = plannedRunStates(plan, rows, running, true);
    expect(runs).toHaveLength(12);
    expect(runs.map((r) => `${r.values[CONNECTIONS]}x${r.values[VALUE_SIZE]}/${r.repetition}:${r.state}`)).toEqual([
      '1x64/0:done',
      '1x64/1:done',
      '1x1024/0:failed',
      '1x1024/1:waiting',
      '4x64/0:running',
      '4x64/1:waiting',
      '4x1024/0:waiting',
      '4x1024/1:waiting',
      '16x64/0:waiting',
      '16x64/1:waiting',
      '16x1024/0:waiting',
      '16x1024/1:waiting',
    ]);
    expect(runs[0]).toMatchObject({ experimentId: rows[0].experimentId, opsPerSec: rows[0].opsPerSec, p99Ms: rows[0].latencyMs.p99, errorRate: 0 });
    expect(runs[2]).toMatchObject({ state: 'failed', status: 'failed' });
    expect(runs[2].opsPerSec).toBeUndefined();
    expect(runs[4]).toMatchObject({ state: 'running', experimentId: 'grid-p02-r0' });
  });

  it('prints one line per run with its headline figures, the running experiment and the counts', () => {
    const text = renderPlannedRuns(plannedRunStates(plan, rows, running, true), plan.columns, plan.repetitions);
    const lines = text.split('\n');
    expect(lines[0]).toBe('planned runs: 12 (2 done, 1 failed, 1 running, 8 waiting)');
    expect(lines[1].split(/\s{2,}/)).toEqual(['point', 'connections', 'valueSize', 'rep', 'state', 'ops/s', 'p50 ms', 'p99 ms', 'errors %', 'experiment']);
    expect(lines).toHaveLength(3 + 12);
    expect(lines[3].split(/\s{2,}/)).toEqual(['0', '1', '64', '1/2', 'done', '9,900', '0.247', '0.990', '0.00']);
    expect(lines[5].split(/\s{2,}/)).toEqual(['1', '1', '1024', '1/2', 'failed', rows[2].experimentId]);
    expect(lines[7].split(/\s{2,}/)).toEqual(['2', '4', '64', '1/2', 'running', 'grid-p02-r0']);
    expect(lines[14].split(/\s{2,}/)).toEqual(['5', '16', '1024', '2/2', 'waiting']);
  });

  it('a closed sweep says which runs it never ran; teardown trouble is said beside done', () => {
    const ended = plannedRunStates(plan, [sweepRow(0, 0, 1, 64, { status: 'completed_with_teardown_errors' })], [], false);
    expect(ended.filter((r) => r.state === 'not run')).toHaveLength(11);
    const text = renderPlannedRuns(ended, plan.columns, plan.repetitions);
    expect(text).toContain('planned runs: 12 (1 done, 11 not run)');
    expect(text).toContain('done (completed_with_teardown_errors)');
  });

  it('a search (no fixed plan) lists the runs recorded and the one running', () => {
    const rate = 'workload.clients[load].executor.rate';
    const tried = [{ ...sweepRow(0, 0, 1, 64), parameters: { [rate]: 100 } }, { ...sweepRow(1, 0, 1, 64), parameters: { [rate]: 200 } }];
    const runs = plannedRunStates(undefined, tried, [{ experimentId: 's-s02-r0', label: 'rate=400', repetition: 0, point: 2 }], true);
    expect(runs.map((r) => [r.point, r.values[rate], r.state])).toEqual([
      [0, 100, 'done'],
      [1, 200, 'done'],
      [2, undefined, 'running'],
    ]);
  });
});
