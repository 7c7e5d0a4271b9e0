import { survivors } from '../helpers/processes';
import { failureOf, faultHarness, readSummary, recordRecovery, startExperiment, writeRecipe } from './fault-kit';

describe('fault: a service dies before it is ready', () => {
  const h = faultHarness('deploy-crash');

  it('fails at once with its last output (ServiceDiedBeforeReady is not retried), torn down, summary.json written', async () => {
    const recipe = writeRecipe(h.box, 'dies-early', `
name: dies-early
services:
  - name: redis
    kind: redis
  - name: crasher
    kind: command
    # Runs for a moment (past the backend's "running"), never answers its probe, then dies.
    command: [sh, -c, 'sleep 3; echo "cannot open config: no such file" >&2; exit 3']
    healthCheck: {type: exec, command: ['false'], interval: 500ms, timeout: 5m}
workload:
  clients:
    - name: load
      driver: redis
      target: redis
      executor: {type: closed-loop, connections: 1}
      duration: 5s
`);
    const startedAt = Date.now();
    const id = await startExperiment(h.box, recipe);
    const failure = await failureOf(h.handle(id));
    const closedMs = Date.now() - startedAt;
    expect(failure.type).toBe('ServiceDiedBeforeReady');
    expect(failure.message).toContain('exited with code 3');
    expect(failure.message).toContain('cannot open config');
    const summary = readSummary(h.box, id);
    expect(summary.experiment).toMatchObject({ status: 'failed', partial: true });
    expect(survivors(h.box.home, id)).toEqual([]);
    recordRecovery('service exits during deploy', closedMs, 'failed (ServiceDiedBeforeReady, not retried) with the last output; redis torn down');
  }, 240_000);
});
