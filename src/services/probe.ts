/** Runs one readiness probe against an endpoint: true when the service answers as it should. */
import { execFile } from 'node:child_process';
import net from 'node:net';
import type { Endpoint } from '../backends/backend';
import type { ProbeSpec } from './service-kind';

export type Ping = (endpoint: Endpoint, port: number, timeoutMs: number) => Promise<{ ok: boolean; detail?: string }>;
/** Runs an exec probe's argv where the service runs (Backend.exec); without one it runs here. */
export type RunWhereServiceRuns = (argv: string[], timeoutMs: number) => Promise<{ code: number; output: string }>;

/** `ping`: the service kind's own protocol check, for probes of type 'ping'. */
export async function probe(spec: ProbeSpec, endpoint: Endpoint, timeoutMs = 2000, ping?: Ping, run?: RunWhereServiceRuns): Promise<{ ok: boolean; detail?: string }> {
  try {
    switch (spec.type) {
      case 'tcp':
        await tcpExchange(endpoint.host, portOf(spec.port, endpoint), undefined, () => true, timeoutMs);
        return { ok: true };
      case 'ping':
        if (ping) return await ping(endpoint, portOf(spec.port, endpoint), timeoutMs);
        await tcpExchange(endpoint.host, portOf(spec.port, endpoint), undefined, () => true, timeoutMs);
        return { ok: true };
      case 'http': {
        const res = await fetch(`http://${endpoint.host}:${portOf(spec.port, endpoint)}${spec.path}`, { signal: AbortSignal.timeout(timeoutMs) });
        await res.arrayBuffer();
        const ready = spec.status ? spec.status.includes(res.status) : res.status >= 200 && res.status < 400;
        return ready ? { ok: true } : { ok: false, detail: `HTTP ${res.status} from ${spec.path} (ready means ${spec.status?.join(', ') ?? '200-399'})` };
      }
      case 'exec':
        if (run) {
          const r = await run(spec.command, timeoutMs);
          return r.code === 0 ? { ok: true } : { ok: false, detail: `${spec.command.join(' ')} exited with ${r.code}${r.output ? `: ${r.output.slice(-300)}` : ''}` };
        }
        return await new Promise((resolve) => {
          execFile(spec.command[0], spec.command.slice(1), { timeout: timeoutMs }, (err) => resolve(err ? { ok: false, detail: err.message } : { ok: true }));
        });
    }
  } catch (e) {
    return { ok: false, detail: (e as Error).message };
  }
}

function portOf(name: string, endpoint: Endpoint): number {
  const port = endpoint.ports[name];
  if (port === undefined) throw new Error(`no port named "${name}" (ports: ${Object.keys(endpoint.ports).join(', ') || 'none'})`);
  return port;
}

/** Connects, optionally writes, and resolves with what was read once `done` says so. */
export function tcpExchange(host: string, port: number, send: string | undefined, done: (received: string) => boolean, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = net.connect({ host, port });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`no answer from ${host}:${port} within ${timeoutMs} ms`));
    });
    socket.once('error', reject);
    socket.once('connect', () => {
      if (send === undefined) {
        socket.destroy();
        resolve('');
      } else socket.write(send);
    });
    socket.on('data', (d) => {
      received += d.toString('utf8');
      if (done(received)) {
        socket.destroy();
        resolve(received);
      }
    });
  });
}
