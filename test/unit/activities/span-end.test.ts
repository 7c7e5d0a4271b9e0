import { spanEnd, type SpanInput } from '../../../src/activities/supervise';
import type { ServiceHealth, TickReport } from '../../../src/workflows/types';

const service = { name: 'redis', healthCheck: { failureThreshold: 2 } } as unknown as SpanInput['services'][number]['config'];
const input = (incarnations?: Record<string, string>): Parameters<typeof spanEnd>[0] => ({
  services: [{ config: service, deployed: {} as SpanInput['services'][number]['deployed'] }],
  checkpointAt: Number.MAX_SAFE_INTEGER,
  deadline: Number.MAX_SAFE_INTEGER,
  clientStallTimeoutMs: 60_000,
  failed: [],
  ...(incarnations ? { incarnations } : {}),
});
const report = (health: Partial<ServiceHealth>): TickReport => ({
  services: [{ name: 'redis', ok: true, state: 'running', ...health }],
  clients: [{ instance: 'load-0', state: 'running', requests: 10, errors: 0, opsPerSec: 10, progressAgeMs: 0 }],
});

describe('a supervision span reports back when the backend replaced a service by itself', () => {
  it('another healthy incarnation than the workflow last saw ends the span', () => {
    expect(spanEnd(input({ redis: 'uid-1/0' }), report({ incarnation: 'uid-2/0' }), {}, undefined, 0)).toBe('service-replaced');
  });

  it('the same incarnation, none known yet, or one not yet healthy is no news', () => {
    expect(spanEnd(input({ redis: 'uid-1/0' }), report({ incarnation: 'uid-1/0' }), {}, undefined, 0)).toBeUndefined();
    expect(spanEnd(input(), report({ incarnation: 'uid-2/0' }), {}, undefined, 0)).toBeUndefined();
    expect(spanEnd(input({ redis: 'uid-1/0' }), report({ ok: false, state: 'pending' }), {}, undefined, 0)).toBeUndefined();
  });

  it('failed checks past the threshold still come first', () => {
    expect(spanEnd(input({ redis: 'uid-1/0' }), report({ incarnation: 'uid-2/0' }), { redis: { count: 2, since: 'x' } }, undefined, 0)).toBe('service-down');
  });
});
