import { startProcess } from './child-process';
import type { RunningServer } from './running-server';
import { freePort } from './free-port';
import { GaveUp, tcpExchange, waitUntil } from './wait-until';

export type { RunningServer };

/** A throwaway redis-server on a free loopback port: no persistence, stopped by `stop()`. */
export async function startRedisServer(extraArgs: string[] = []): Promise<RunningServer> {
  const host = '127.0.0.1';
  const port = await freePort();
  const proc = startProcess('redis-server', [
    '--bind', host, '--port', String(port), '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', '/tmp', ...extraArgs,
  ]);
  try {
    await waitUntil(`redis-server on ${host}:${port}`, async () => {
      if (proc.child.exitCode !== null) throw new GaveUp(`redis-server exited: ${proc.output()}`);
      return tcpExchange(host, port, 'PING\r\n', /\+PONG\r\n/);
    });
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { host, port, pid: proc.child.pid as number, stop: () => proc.stop() };
}
