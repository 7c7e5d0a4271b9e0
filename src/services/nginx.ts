import path from 'node:path';
import { z } from 'zod';
import { tcpExchange } from './probe';
import type { ServiceKind } from './service-kind';

const size = z.string().regex(/^\d+[KMG]?$/, 'write sizes like 512, 4K, 1M or 1G');

const options = z.strictObject({
  files: z
    .array(z.strictObject({ path: z.string().regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, 'a relative path of letters, digits, . _ - and /'), size }))
    .default([{ path: '1k.bin', size: '1K' }])
    .meta({ description: 'Static files served from the web root, of the given sizes (zero bytes), e.g. [{path: 1m.bin, size: 1M}].' }),
  workerProcesses: z.union([z.number().int().positive(), z.literal('auto')]).default(1),
  workerConnections: z.number().int().positive().default(4096),
  keepaliveRequests: z.number().int().positive().default(100_000),
  sendfile: z.boolean().default(true),
});
type Options = z.output<typeof options>;

/** nginx.conf for one instance: everything under the work folder, no access log (it would measure the disk). */
export function nginxConfig(o: Options, ctx: { ports: Record<string, number>; bindAddress: string; workDir: string }): string {
  const at = (p: string) => path.posix.join(ctx.workDir, p);
  return `# rendered by bench
worker_processes ${o.workerProcesses};
pid ${at('nginx.pid')};
error_log ${at('error.log')} warn;
events { worker_connections ${o.workerConnections}; }
http {
  access_log off;
  sendfile ${o.sendfile ? 'on' : 'off'};
  tcp_nopush on;
  keepalive_requests ${o.keepaliveRequests};
  client_body_temp_path ${at('tmp/body')};
  proxy_temp_path ${at('tmp/proxy')};
  fastcgi_temp_path ${at('tmp/fastcgi')};
  uwsgi_temp_path ${at('tmp/uwsgi')};
  scgi_temp_path ${at('tmp/scgi')};
  default_type application/octet-stream;
  server {
    listen ${ctx.bindAddress}:${ctx.ports.http};
    root ${at('www')};
    location = /nginx_status { stub_status; }
  }
}
`;
}

export const nginx: ServiceKind<Options> = {
  kind: 'nginx',
  description: 'nginx (Debian nginx-light) serving static files of given sizes from a rendered config',
  options,
  defaultPorts: { http: 8080 },
  protocols: ['http'],
  launch(service, o, ctx) {
    const www = path.posix.join(ctx.workDir, 'www');
    return {
      files: [
        { path: 'nginx.conf', content: nginxConfig(o, ctx) },
        { path: 'www/index.html', content: '<!doctype html><title>bench</title>ok\n' },
      ],
      setup: [
        ['mkdir', '-p', path.posix.join(ctx.workDir, 'tmp')],
        ...o.files.flatMap((f) => [['mkdir', '-p', path.posix.dirname(path.posix.join(www, f.path))], ['truncate', '-s', f.size, path.posix.join(www, f.path)]]),
      ],
      othersReachWorkDir: true,
      command: [...(service.command ?? ['nginx']), '-p', ctx.workDir, '-c', path.posix.join(ctx.workDir, 'nginx.conf'), '-e', path.posix.join(ctx.workDir, 'error.log'), '-g', 'daemon off;', ...(service.args ?? [])],
    };
  },
  defaultProbe: () => ({ type: 'http', port: 'http', path: '/index.html', status: [200] }),
  async version(endpoint) {
    const reply = await tcpExchange(endpoint.host, endpoint.ports.http, 'HEAD /index.html HTTP/1.0\r\n\r\n', (b) => b.includes('\r\n\r\n'), 2000);
    return reply.match(/^Server: nginx\/?([^\r\n]*)/im)?.[1] || undefined;
  },
  exporter: (_service, ctx) => ({
    command: ['prometheus-nginx-exporter', `--nginx.scrape-uri=http://${ctx.serviceHost}:${ctx.ports.http}/nginx_status`, `--web.listen-address=${ctx.bindAddress}:${ctx.metricsPort}`],
  }),
  panels: [
    { name: 'nginx_requests', title: 'nginx requests/s', unit: 'req/s', expr: 'sum by (service) (rate(nginx_http_requests_total{job="exporter"}[W]))' },
    { name: 'nginx_connections', title: 'nginx active connections', unit: 'connections', expr: 'sum by (service) (nginx_connections_active{job="exporter"})' },
  ],
  image: 'nginx:1.27',
  install: { hint: 'apt-get install nginx-light (or `bench setup nginx`)' },
};
