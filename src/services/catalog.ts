/** The registry of service kinds: one line per kind. Generic code asks a kind what it can do, never which one it is. */
import type { ServiceConfig } from '../recipe/schema';
import { chroma } from './chroma';
import { command } from './command';
import { filesystem } from './filesystem';
import { llamaCpp } from './llama-cpp';
import { milvus } from './milvus';
import { nginx } from './nginx';
import { ollama } from './ollama';
import { openai } from './openai';
import { pgvector } from './pgvector';
import { postgresql } from './postgresql';
import { redis } from './redis';
import { s3 } from './s3';
import type { AnyServiceKind, ProbeSpec } from './service-kind';

const KINDS: AnyServiceKind[] = [redis, postgresql, nginx, llamaCpp, ollama, openai, s3, pgvector, chroma, milvus, filesystem, command];

export const SERVICE_KINDS = KINDS.map((k) => k.kind);

export function findServiceKind(kind: string): AnyServiceKind | undefined {
  return KINDS.find((k) => k.kind === kind);
}

export function serviceKind(kind: string): AnyServiceKind {
  const found = findServiceKind(kind);
  if (!found) throw new Error(`unknown service kind "${kind}"; known kinds: ${SERVICE_KINDS.join(', ')}`);
  return found;
}

export function allServiceKinds(): readonly AnyServiceKind[] {
  return KINDS;
}

/** services[].options parsed by the kind's schema (defaults filled in); throws with every bad field. */
export function kindOptions(service: ServiceConfig): Record<string, unknown> {
  const kind = serviceKind(service.kind);
  const parsed = kind.options.safeParse(service.options ?? {});
  if (parsed.success) return parsed.data as Record<string, unknown>;
  throw new Error(`service ${service.name}: ${parsed.error.issues.map((i) => `options.${i.path.join('.')}: ${i.message}`).join('; ')}`);
}

/** The recipe's ports over the kind's defaults. */
export function portNames(service: ServiceConfig): Record<string, number> {
  return { ...serviceKind(service.kind).defaultPorts, ...(service.ports ?? {}) };
}

/** The recipe's health check over the kind's default probe. */
export function probeFor(service: ServiceConfig): ProbeSpec {
  const kind = serviceKind(service.kind);
  const hc = service.healthCheck;
  const fallback = kind.defaultProbe(service, kindOptions(service));
  const port = hc.port ?? ('port' in fallback ? fallback.port : Object.keys(portNames(service))[0]);
  switch (hc.type) {
    case undefined:
      return hc.port && 'port' in fallback ? { ...fallback, port } : fallback;
    case 'tcp':
      return { type: 'tcp', port };
    case 'http':
      return { type: 'http', port, path: hc.path ?? (fallback.type === 'http' ? fallback.path : '/'), status: hc.status ?? (fallback.type === 'http' ? fallback.status : undefined) };
    case 'exec':
      if (!hc.command) throw new Error(`service ${service.name}: healthCheck type exec needs a command`);
      return { type: 'exec', command: hc.command };
    case 'ping':
      return fallback.type === 'ping' ? { ...fallback, port } : { type: 'tcp', port };
  }
}

/** How long a service may take to become ready: the recipe's timeout, else the kind's default, else 60 s. */
export function readyTimeoutMs(service: ServiceConfig): number {
  return service.healthCheck.timeout ?? serviceKind(service.kind).readyTimeoutMs ?? 60_000;
}
