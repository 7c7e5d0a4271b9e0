import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningServer } from './running-server';

export interface StallingHttpServer extends RunningServer {
  /** From now, hold every reply (pending and new) until `ms` have passed, like a GC pause. */
  stallFor(ms: number): void;
  /** Requests answered so far. */
  served(): number;
}

/** An in-process HTTP server answering 200 at once, except while stalled. Timer-based: it never blocks the event loop. */
export async function startStallingHttpServer(): Promise<StallingHttpServer> {
  let stalledUntil = 0;
  let held: ServerResponse[] = [];
  let served = 0;
  let release: NodeJS.Timeout | undefined;
  const answer = (res: ServerResponse) => {
    served++;
    res.end('ok\n');
  };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => (Date.now() < stalledUntil ? held.push(res) : answer(res)));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    pid: process.pid,
    stallFor(ms) {
      stalledUntil = Date.now() + ms;
      clearTimeout(release);
      release = setTimeout(() => {
        const out = held;
        held = [];
        out.forEach(answer);
      }, ms);
    },
    served: () => served,
    async stop() {
      clearTimeout(release);
      held.forEach(answer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
