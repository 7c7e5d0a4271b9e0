import { temporal } from '@temporalio/proto';
import { runBench, sandbox } from '../helpers/bench-cli';
import { testClient } from '../helpers/temporal-client';

/**
 * How many history events the shipped quickstart writes (real redis-server, real clients, real
 * Prometheus). Supervision used to add a timer, a tick activity and a monitor look per tick; it now
 * runs in spans of ticks inside one heartbeating activity (see the 24 h soak test for long runs).
 */
describe('history length of the quickstart', () => {
  it('stays small: counted with fetchHistory() after `bench run`', async () => {
    const box = sandbox('history-quickstart');
    const res = await runBench(['run', 'recipes/quickstart.yaml', '--json', '--output', box.experiments], box.env);
    if (res.code !== 0) throw new Error(`bench run: ${res.code}\n${res.stderr}\n${res.stdout}`);
    const out = JSON.parse(res.stdout.trim().split('\n').pop()!);
    expect(out.status).toBe('completed');
    const { client, close } = await testClient();
    try {
      const history = await client.workflow.getHandle(out.experimentId).fetchHistory();
      const events = history.events ?? [];
      const byType = new Map<string, number>();
      for (const e of events) {
        const type = String(temporal.api.enums.v1.EventType[e.eventType ?? 0]).replace('EVENT_TYPE_', '');
        byType.set(type, (byType.get(type) ?? 0) + 1);
      }
      process.stdout.write(`history: quickstart ${out.experimentId} wrote ${events.length} events (${[...byType].map(([t, n]) => `${t}=${n}`).join(', ')})\n`);
      expect(events.length).toBeGreaterThan(50);
      // Per-tick timers and activities wrote 295-329 events here; spans write about 180.
      expect(events.length).toBeLessThan(260);
    } finally {
      await close();
    }
  }, 240_000);
});
