import { journal, survivors } from '../helpers/processes';
import { waitFor } from '../helpers/wait-for';
import type { ExperimentResult } from '../../src/workflows/types';
import { failureOf, faultHarness, progressOf, readSummary, recordRecovery, redisRecipe, signalLaunch } from './fault-kit';

const portOf = (command: string[] | undefined) => command?.[command.indexOf('--port') + 1];

describe('fault: redis-server is killed (-9) while clients run', () => {
  const h = faultHarness('service-crash');
  const box = h.box;

  it('is restarted on the same port; clients carry on; summary.json records the restart and the down interval', async () => {
    const { id, handle } = await h.startLoaded('crash-once', redisRecipe({ name: 'crash-once', instances: 2, duration: '20s', maxRetries: 2 }), 2);

    const killedAt = await signalLaunch(box, id, 'redis', 'SIGKILL');
    const back = await waitFor('the restarted redis', async () => {
      const s = (await progressOf(handle)).services[0];
      return s.restarts === 1 && s.state === 'ready' ? s : undefined;
    }, 90_000);
    const recoveredMs = Date.parse(back.downIntervals[0].to!) - killedAt;

    const result = (await handle.result()) as ExperimentResult;
    expect(result.status).toBe('completed');
    expect(result.summary.instances).toEqual({ planned: 2, completed: 2, failed: 0 });
    const summary = readSummary(box, id);
    expect(summary.services[0]).toMatchObject({ name: 'redis', restarts: 1 });
    expect(summary.services[0].downIntervals).toHaveLength(1);
    expect(summary.services[0].downIntervals[0].to).toBeDefined();
    expect(summary.totals.requests).toBeGreaterThan(0);
    // The second redis-server listens where the first did, so the clients' endpoint never changed.
    const services = journal(box.home, id).filter((e) => e.event === 'launch' && e.labels.role === 'service') as unknown as { command: string[] }[];
    expect(services).toHaveLength(2);
    expect(portOf(services[1].command)).toBe(portOf(services[0].command));
    expect(survivors(box.home, id)).toEqual([]);
    recordRecovery('kill -9 redis-server (restart)', recoveredMs, `completed; services[0].restarts=1, downInterval ${Date.parse(summary.services[0].downIntervals[0].to!) - Date.parse(summary.services[0].downIntervals[0].from)} ms, ${summary.totals.errors} client errors`);
  }, 240_000);

  it('past restart.maxRetries the experiment fails with partial results and nothing left running', async () => {
    const { id, handle } = await h.startLoaded('crash-limit', redisRecipe({ name: 'crash-limit', instances: 2, duration: '60s', maxRetries: 0 }), 2);

    const killedAt = await signalLaunch(box, id, 'redis', 'SIGKILL');
    const failure = await failureOf(handle);
    const closedMs = Date.now() - killedAt;
    expect(failure.type).toBe('ServiceFailed');
    expect(failure.message).toContain('restart.maxRetries=0');
    const summary = readSummary(box, id);
    expect(summary.experiment).toMatchObject({ status: 'failed', partial: true });
    expect(summary.experiment.error).toContain('maxRetries');
    expect(summary.services[0].restarts).toBe(0);
    expect(summary.services[0].downIntervals).toHaveLength(1);
    expect(summary.totals.requests).toBeGreaterThan(0); // what ran before the crash is kept
    expect(journal(box.home, id).filter((e) => e.event === 'launch' && e.labels.role === 'service')).toHaveLength(1);
    expect(survivors(box.home, id)).toEqual([]);
    recordRecovery('kill -9 redis-server past maxRetries', closedMs, `failed (ServiceFailed) and torn down; partial=true, ${summary.totals.requests} requests kept`);
  }, 240_000);
});
