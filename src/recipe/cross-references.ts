/**
 * Checks that span fields (unique names, client targets, backend blocks). They run on the raw
 * document, so they are reported together with schema errors instead of after them are fixed.
 */
import { findBackendDescriptor } from '../backends/descriptors';

export interface RawIssue {
  path: (string | number)[];
  message: string;
  hint?: string;
  /** Printed by validate, but the recipe still runs. */
  severity?: 'warning';
}

/** Checks that need the plug-in registries (service kinds, drivers): given by callers outside workflow code. */
export type ExtraChecks = (raw: unknown) => RawIssue[];

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function crossReferenceIssues(raw: unknown): RawIssue[] {
  if (!isObject(raw)) return [];
  const issues: RawIssue[] = [];
  const services = new Set<string>();
  list(raw.services).forEach((s, i) => {
    if (!isObject(s) || typeof s.name !== 'string') return;
    if (services.has(s.name)) issues.push({ path: ['services', i, 'name'], message: `service name "${s.name}" is used twice; names must be unique` });
    services.add(s.name);
  });
  // Replicas are named <name>-<i>: such a name must not be another service's.
  list(raw.services).forEach((s, i) => {
    if (!isObject(s) || typeof s.name !== 'string' || typeof s.replicas !== 'number' || s.replicas <= 1) return;
    for (let r = 0; r < Math.min(s.replicas, 64); r++) {
      if (services.has(`${s.name}-${r}`)) issues.push({ path: ['services', i, 'replicas'], message: `replica ${r} would be named "${s.name}-${r}", which is another service's name; rename one of them` });
    }
  });
  const workload = isObject(raw.workload) ? raw.workload : {};
  const groups = new Set<string>();
  list(workload.clients).forEach((c, i) => {
    if (!isObject(c)) return;
    const at = ['workload', 'clients', i];
    if (typeof c.name === 'string') {
      if (groups.has(c.name)) issues.push({ path: [...at, 'name'], message: `client group name "${c.name}" is used twice; names must be unique` });
      groups.add(c.name);
    }
    if (typeof c.target === 'string' && services.size > 0 && !services.has(c.target)) {
      issues.push({ path: [...at, 'target'], message: `no service named "${c.target}"; known services: ${[...services].join(', ')}` });
    }
    if (c.duration === undefined && c.requests === undefined) {
      issues.push({ path: at, message: 'the load has no end: set duration (e.g. 30s) or requests' });
    }
  });
  const backend = findBackendDescriptor(typeof raw.backend === 'string' ? raw.backend : 'local');
  if (backend?.checks) issues.push(...backend.checks(raw));
  return issues;
}
