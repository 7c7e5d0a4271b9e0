import { z } from 'zod';
import { redisPing, redisInfoField } from './redis-ping';
import type { ServiceKind } from './service-kind';

const options = z.strictObject({
  maxmemory: z.string().regex(/^\d+(kb|mb|gb|k|m|g)?$/i, 'write maxmemory like 256mb').optional().meta({ description: 'Redis maxmemory (e.g. 256mb); none by default.' }),
  ioThreads: z.number().int().min(1).max(128).optional().meta({ description: 'io-threads (Redis 6+).' }),
});

export const redis: ServiceKind<z.output<typeof options>> = {
  kind: 'redis',
  description: 'Redis from the redis-server binary on PATH (Debian: redis-server)',
  options,
  defaultPorts: { redis: 6379 },
  protocols: ['redis'],
  launch(service, o, ctx) {
    const base = service.command ?? ['redis-server'];
    return {
      command: [
        ...base,
        '--port', String(ctx.ports.redis),
        '--bind', ctx.bindAddress,
        '--protected-mode', 'no',
        '--save', '',
        '--appendonly', 'no',
        '--dir', ctx.workDir,
        ...(o.maxmemory ? ['--maxmemory', o.maxmemory] : []),
        ...(o.ioThreads ? ['--io-threads', String(o.ioThreads)] : []),
        ...(service.args ?? []),
      ],
    };
  },
  defaultProbe: () => ({ type: 'ping', port: 'redis', protocol: 'redis' }),
  ping: (endpoint, port, _o, timeoutMs) => redisPing(endpoint.host, port, timeoutMs),
  version: async (endpoint) => redisInfoField(endpoint.host, endpoint.ports.redis, 'redis_version', 2000),
  exporter: (_service, ctx) => ({
    command: ['prometheus-redis-exporter', `--redis.addr=redis://${ctx.serviceHost}:${ctx.ports.redis}`, `--web.listen-address=${ctx.bindAddress}:${ctx.metricsPort}`],
    image: { ref: 'oliver006/redis_exporter:v1.62.0', program: '/redis_exporter' },
  }),
  resources: {
    cpu: 'sum by (service) (rate(redis_cpu_sys_seconds_total{job="exporter"}[W]) + rate(redis_cpu_user_seconds_total{job="exporter"}[W]))',
    memory: 'sum by (service) (redis_memory_used_rss_bytes{job="exporter"})',
    netIn: 'sum by (service) (rate(redis_net_input_bytes_total{job="exporter"}[W]))',
    netOut: 'sum by (service) (rate(redis_net_output_bytes_total{job="exporter"}[W]))',
  },
  image: 'redis:7',
  install: { hint: 'apt-get install redis-server (or `bench setup redis`)' },
};
