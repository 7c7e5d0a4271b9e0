/**
 * The Temporal worker's own SDK metrics: the CLI installs the Runtime with a Prometheus endpoint on a
 * free port and remembers its address here, so monitoring (running in this same worker process) can
 * add it as a scrape target. BENCH_WORKER_METRICS=off disables it; BENCH_WORKER_METRICS=host:port pins it.
 */
import { execFileSync } from 'node:child_process';

let address: string | undefined;

export function workerMetricsAddress(): string | undefined {
  return address;
}

/** The telemetryOptions to pass to Runtime.install (synchronous: Runtime.install must run before any connection). */
export function workerTelemetryOptions(): { metrics: { prometheus: { bindAddress: string } } } | undefined {
  const setting = process.env.BENCH_WORKER_METRICS;
  if (setting === 'off') return undefined;
  const bindAddress = setting && /^[^\s:]+:\d+$/.test(setting) ? setting : `127.0.0.1:${freePortSync()}`;
  address = bindAddress;
  return { metrics: { prometheus: { bindAddress } } };
}

function freePortSync(): number {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 }).trim());
}
