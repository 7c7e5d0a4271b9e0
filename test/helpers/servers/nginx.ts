import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess } from './child-process';
import { freePort } from './free-port';
import type { RunningServer } from './running-server';
import { GaveUp, tcpExchange, waitUntil } from './wait-until';

export interface NginxOptions {
  workerProcesses?: number;
}

/**
 * A throwaway nginx on a free loopback port, in the foreground with its own prefix directory.
 * GET / answers 200 "hello"; /status/404 and /status/503 answer those codes; /echo answers 200 to any method.
 */
export async function startNginx(o: NginxOptions = {}): Promise<RunningServer> {
  const host = '127.0.0.1';
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'bench-nginx-'));
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `daemon off;
worker_processes ${o.workerProcesses ?? 1};
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  keepalive_requests 100000000;
  keepalive_timeout 120s;
  server {
    listen ${host}:${port} backlog=4096;
    location = / { default_type text/plain; return 200 "hello\\n"; }
    location = /status/404 { default_type text/plain; return 404 "not found\\n"; }
    location = /status/503 { default_type text/plain; return 503 "unavailable\\n"; }
    location = /echo { default_type text/plain; client_body_in_single_buffer on; return 200 "ok\\n"; }
  }
}
`,
  );
  const proc = startProcess('nginx', ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')]);
  const stop = async () => {
    await proc.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(`nginx on ${host}:${port}`, async () => {
      if (proc.child.exitCode !== null) throw new GaveUp(`nginx exited: ${proc.output()}`);
      return tcpExchange(host, port, 'GET / HTTP/1.0\r\n\r\n', /^HTTP\/1\.1 200/);
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { host, port, pid: proc.child.pid as number, stop };
}
