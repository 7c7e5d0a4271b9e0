/**
 * A `bench client` instance's Prometheus /metrics (prom-client), when its spec sets metricsPort (or metricsAnyPort):
 * requests, errors and dropped (the measured window, as in the result file), in-flight requests and a
 * latency summary (service time per request, warm-up included) from a thin driver wrapper.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Counter, Gauge, Registry, Summary, collectDefaultMetrics } from 'prom-client';
import type { Driver } from './drivers/driver';
import type { LatencyRecorder } from './results/latency-recorder';
import type { ClientSpec } from './spec';

export interface MetricsEndpoint {
  /** The port it listens on (picked by the OS when the spec asks for any port). */
  port: number;
  /** The driver, counting in-flight requests and observing their latency. */
  instrument(driver: Driver): Driver;
  close(): Promise<void>;
}

export async function startMetricsEndpoint(spec: ClientSpec, recorder: LatencyRecorder, host = '0.0.0.0'): Promise<MetricsEndpoint> {
  const registry = new Registry();
  registry.setDefaultLabels({ instance_name: spec.instance, driver: spec.driver.kind });
  collectDefaultMetrics({ register: registry });
  const fromRecorder = (name: string, help: string, read: () => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  fromRecorder('bench_client_requests_total', 'Measured requests (ok + errors)', () => recorder.requests);
  fromRecorder('bench_client_errors_total', 'Measured requests that failed', () => recorder.errorCount);
  fromRecorder('bench_client_dropped_total', 'Open-loop arrivals dropped (maxInFlight reached)', () => recorder.dropped);
  const inFlight = new Gauge({ name: 'bench_client_in_flight', help: 'Requests sent and not yet answered', registers: [registry] });
  const latency = new Summary({
    name: 'bench_client_latency_seconds',
    help: 'Request service time (issue to reply)',
    percentiles: [0.5, 0.9, 0.99, 0.999],
    maxAgeSeconds: 10,
    ageBuckets: 5,
    registers: [registry],
  });

  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
      (e: Error) => res.writeHead(500).end(e.message),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(spec.metricsAnyPort ? 0 : spec.metricsPort, host, () => resolve());
  });

  return {
    port: (server.address() as AddressInfo).port,
    instrument(driver: Driver): Driver {
      let open = 0;
      return {
        kind: driver.kind,
        pipeline: driver.pipeline,
        connect: (n) => driver.connect(n),
        close: () => driver.close(),
        issue(conn, done, measured) {
          const t0 = performance.now();
          inFlight.set(++open);
          driver.issue(
            conn,
            (error) => {
              inFlight.set(--open);
              latency.observe((performance.now() - t0) / 1000);
              done(error);
            },
            measured,
          );
        },
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
