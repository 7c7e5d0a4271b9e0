import type { ServiceKind } from './service-kind';

export const redis: ServiceKind = {
  kind: 'redis',
  description: 'Redis from the redis-server binary on PATH (Debian: redis-server)',
  defaultPorts: { redis: 6379 },
  command(service, ctx) {
    const base = service.command ?? ['redis-server'];
    return [
      ...base,
      '--port', String(ctx.ports.redis),
      '--bind', ctx.bindAddress,
      '--protected-mode', 'no',
      '--save', '',
      '--appendonly', 'no',
      '--dir', ctx.workDir,
      ...(service.args ?? []),
    ];
  },
  defaultProbe: () => ({ type: 'ping', port: 'redis', protocol: 'redis' }),
  exporter: (_service, ctx) => [
    'prometheus-redis-exporter',
    `--redis.addr=redis://${ctx.serviceHost}:${ctx.ports.redis}`,
    `--web.listen-address=${ctx.bindAddress}:${ctx.metricsPort}`,
  ],
};
