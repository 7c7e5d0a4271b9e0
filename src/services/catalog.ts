import type { ServiceConfig } from '../recipe/schema';
import { command } from './command';
import { redis } from './redis';
import type { ProbeSpec, ServiceKind } from './service-kind';

const KINDS: ServiceKind[] = [redis, command];

export const SERVICE_KINDS = KINDS.map((k) => k.kind);

export function serviceKind(kind: string): ServiceKind {
  const found = KINDS.find((k) => k.kind === kind);
  if (!found) throw new Error(`unknown service kind "${kind}"; known kinds: ${SERVICE_KINDS.join(', ')}`);
  return found;
}

/** The recipe's ports over the kind's defaults. */
export function portNames(service: ServiceConfig): Record<string, number> {
  return { ...serviceKind(service.kind).defaultPorts, ...(service.ports ?? {}) };
}

/** The recipe's health check over the kind's default probe. */
export function probeFor(service: ServiceConfig): ProbeSpec {
  const kind = serviceKind(service.kind);
  const hc = service.healthCheck;
  const fallback = kind.defaultProbe(service);
  const port = hc.port ?? ('port' in fallback ? fallback.port : Object.keys(portNames(service))[0]);
  switch (hc.type) {
    case undefined:
      return fallback;
    case 'tcp':
      return { type: 'tcp', port };
    case 'http':
      return { type: 'http', port, path: hc.path ?? '/' };
    case 'exec':
      if (!hc.command) throw new Error(`service ${service.name}: healthCheck type exec needs a command`);
      return { type: 'exec', command: hc.command };
    case 'ping':
      return fallback.type === 'ping' ? { ...fallback, port } : { type: 'tcp', port };
  }
}
