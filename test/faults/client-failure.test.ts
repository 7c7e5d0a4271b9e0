import { survivors } from '../helpers/processes';
import { waitFor } from '../helpers/wait-for';
import type { ExperimentResult } from '../../src/workflows/types';
import { failureOf, faultHarness, progressOf, readSummary, recordRecovery, redisRecipe, signalLaunch } from './fault-kit';

describe('fault: one of four client instances fails', () => {
  const h = faultHarness('client-failure');
  const box = h.box;

  it('killed (-9): the other three go on; the summary states the reduced load per instance', async () => {
    const { id, handle } = await h.startLoaded('four-clients', redisRecipe({ name: 'four-clients', instances: 4, duration: '15s' }), 4);

    const killedAt = await signalLaunch(box, id, 'load-1', 'SIGKILL');
    const noticed = await waitFor('the failure noticed', async () => ((await progressOf(handle)).clients.failed === 1 ? Date.now() : undefined), 60_000, 100);
    const result = (await handle.result()) as ExperimentResult;
    expect(result.status).toBe('completed');
    expect(result.summary.instances).toEqual({ planned: 4, completed: 3, failed: 1 });
    const summary = readSummary(box, id);
    expect(summary.experiment.partial).toBe(true);
    expect(summary.totals.loadShare).toBe(0.75);
    const group = summary.groups[0];
    expect(group).toMatchObject({ instancesPlanned: 4, instancesCompleted: 3, instancesFailed: ['load-1'] });
    const per = Object.fromEntries(group.perInstance.map((p) => [p.instance, p]));
    expect(per['load-1'].status).toBe('failed');
    for (const ok of ['load-0', 'load-2', 'load-3']) {
      expect(per[ok].status).toBe('completed');
      expect(per[ok].requests).toBeGreaterThan(0);
    }
    expect(summary.warnings.join('\n')).toMatch(/reduced load: 3 of 4/);
    expect(summary.warnings.join('\n')).toMatch(/client load-1 failed: exited with code 137/);
    expect(survivors(box.home, id)).toEqual([]);
    recordRecovery('kill -9 one of 4 clients', noticed - killedAt, `completed; instances 3/4, loadShare 0.75, perInstance requests ${group.perInstance.map((p) => p.requests).join('/')}`);
  }, 240_000);

  it('below workload.minClientShare the experiment fails with partial results', async () => {
    const { id, handle } = await h.startLoaded('share', redisRecipe({ name: 'share', instances: 4, duration: '60s', workloadExtra: '  minClientShare: 0.9' }), 4);

    const killedAt = await signalLaunch(box, id, 'load-2', 'SIGKILL');
    const failure = await failureOf(handle);
    const closedMs = Date.now() - killedAt;
    expect(failure.type).toBe('ClientShareTooLow');
    expect(failure.message).toContain('minClientShare 0.9');
    const summary = readSummary(box, id);
    expect(summary.experiment).toMatchObject({ status: 'failed', partial: true });
    expect(summary.groups[0].instancesFailed).toContain('load-2');
    expect(summary.totals.requests).toBeGreaterThan(0);
    expect(survivors(box.home, id)).toEqual([]);
    recordRecovery('kill -9 a client below minClientShare', closedMs, `failed (ClientShareTooLow) and torn down; partial=true, ${summary.totals.requests} requests kept`);
  }, 240_000);

  it('stops reporting (SIGSTOP): counted failed after workload.clientStallTimeout; the rest complete', async () => {
    const { id, handle } = await h.startLoaded('stall', redisRecipe({ name: 'stall', instances: 4, duration: '15s', workloadExtra: '  clientStallTimeout: 4s' }), 4);

    const stoppedAt = await signalLaunch(box, id, 'load-3', 'SIGSTOP');
    const noticed = await waitFor('the stall noticed', async () => ((await progressOf(handle)).clients.failed === 1 ? Date.now() : undefined), 60_000, 100);
    const result = (await handle.result()) as ExperimentResult;
    expect(result.status).toBe('completed');
    expect(result.summary.instances).toEqual({ planned: 4, completed: 3, failed: 1 });
    const summary = readSummary(box, id);
    expect(summary.groups[0].instancesFailed).toEqual(['load-3']);
    expect(summary.warnings.join('\n')).toMatch(/client load-3 failed: stopped reporting/);
    expect(survivors(box.home, id)).toEqual([]); // the frozen process was killed at teardown
    recordRecovery('client stops reporting (SIGSTOP)', noticed - stoppedAt, `completed; instances 3/4, load-3 "stopped reporting", killed at teardown`);
  }, 240_000);
});
