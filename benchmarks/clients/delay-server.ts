/**
 * An HTTP server that holds each reply for a delay drawn from a known distribution
 * (10 ms + exponential with a 20 ms mean, seeded) and records how long it really held each one,
 * from the request's arrival to the reply: the truth the client's percentiles are checked against.
 * GET /stats → { count, p50Us, p99Us }; GET /reset clears. Prints its port on stdout.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let seed = 12345;
const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
const delayMs = () => 10 - Math.log(1 - random()) * 20;

let held: number[] = [];

function percentile(sorted: number[], p: number): number {
  // Same definition as HDR: the smallest value with at least p% of samples at or below it.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

const server = createServer((req, res) => {
  const arrived = process.hrtime.bigint();
  if (req.url === '/stats') {
    const sorted = [...held].sort((a, b) => a - b);
    res.end(JSON.stringify({ count: sorted.length, p50Us: percentile(sorted, 50), p99Us: percentile(sorted, 99) }));
    return;
  }
  if (req.url === '/reset') {
    held = [];
    res.end('{}');
    return;
  }
  req.resume();
  setTimeout(() => {
    res.end('ok\n');
    held.push(Number(process.hrtime.bigint() - arrived) / 1000);
  }, delayMs());
});
server.keepAliveTimeout = 120_000;
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
