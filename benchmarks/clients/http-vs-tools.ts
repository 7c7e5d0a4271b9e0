import { join } from 'node:path';
import type { RunningServer } from '../../test/helpers/servers/running-server';
import { onClientCore, ratePerSec, run, runClientProcess } from './processes';

export interface HttpComparison {
  oursRps: number;
  autocannonRps: number;
  wrkRps: number;
  oursSaturated: boolean;
}

/** Same connections, same duration, same core: our http driver, autocannon and wrk against nginx. */
export async function compareHttp(nginx: RunningServer, connections: number, durationMs: number): Promise<HttpComparison> {
  const target = { host: nginx.host, port: nginx.port };
  const timeout = durationMs + 60_000;
  const ours = await runClientProcess({ driver: { kind: 'http', target }, executor: { type: 'closed-loop', connections }, durationMs }, timeout);
  const wrk = await runClientProcess(
    { driver: { kind: 'wrk', target, options: { threads: 1 } }, executor: { type: 'closed-loop', connections }, durationMs },
    timeout,
  );
  const autocannonJs = join(__dirname, '..', '..', 'node_modules', 'autocannon', 'autocannon.js');
  const { stdout } = await run(
    onClientCore([process.execPath, autocannonJs, '-c', String(connections), '-d', String(durationMs / 1000), '-j', `http://${nginx.host}:${nginx.port}/`]),
    timeout,
  );
  const ac = JSON.parse(stdout) as { requests: { total: number }; duration: number; non2xx: number; errors: number };
  if (ac.non2xx || ac.errors) throw new Error(`autocannon saw ${ac.non2xx} non-2xx and ${ac.errors} errors`);
  return {
    oursRps: ratePerSec(ours.result),
    autocannonRps: ac.requests.total / ac.duration,
    wrkRps: ratePerSec(wrk.result),
    oursSaturated: ours.result.health.saturated,
  };
}
