import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { ClientHealth } from '../results/result-file';

/** Above these the client, not the service, is likely the bottleneck. */
export const SATURATION_CPU_PCT = 90;
export const SATURATION_LAG_P99_MS = 20;
const LAG_RESOLUTION_MS = 10;

/** The client's own event-loop lag and CPU over the run, to flag results that measure the client. */
export class HealthMonitor {
  private readonly lag: IntervalHistogram = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  private cpuStart = process.cpuUsage();
  private wallStart = process.hrtime.bigint();
  private started = false;

  start(): void {
    this.started = true;
    this.cpuStart = process.cpuUsage();
    this.wallStart = process.hrtime.bigint();
    this.lag.reset();
    this.lag.enable();
  }

  /**
   * `cpuBound`: whether a busy CPU means saturation. An open loop spins between close arrivals on
   * purpose, so there only lateness (`extraReason`) and event-loop lag count.
   */
  stop(cpuBound = true, extraReason?: string): ClientHealth {
    // A run aborted during warm-up never started measuring: measure from here (about nothing).
    if (!this.started) this.start();
    this.lag.disable();
    const cpu = process.cpuUsage(this.cpuStart);
    const wallUs = Number(process.hrtime.bigint() - this.wallStart) / 1000;
    // Percent of one core: the event loop is one thread, so near 100 % it can go no faster.
    const cpuPct = wallUs > 0 ? round1(((cpu.user + cpu.system) / wallUs) * 100) : 0;
    // The histogram holds whole timer intervals; the lag is what exceeds the resolution.
    const eventLoopLagP99Ms = this.lag.count > 0 ? round1(Math.max(0, this.lag.percentile(99) / 1e6 - LAG_RESOLUTION_MS)) : 0;
    const reasons: string[] = [];
    if (cpuBound && cpuPct >= SATURATION_CPU_PCT) reasons.push(`client CPU ${cpuPct}% of one core (>= ${SATURATION_CPU_PCT}%)`);
    if (eventLoopLagP99Ms >= SATURATION_LAG_P99_MS) reasons.push(`event-loop lag p99 ${eventLoopLagP99Ms} ms (>= ${SATURATION_LAG_P99_MS} ms)`);
    if (extraReason) reasons.push(extraReason);
    const health: ClientHealth = { eventLoopLagP99Ms, cpuPct, saturated: reasons.length > 0 };
    if (reasons.length > 0) health.reason = `${reasons.join('; ')}: add client instances or cores; these numbers measure the client`;
    return health;
  }
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
