/**
 * services[].replicas: N instances of one service, each deployed, probed, supervised and restarted on
 * its own, named `<name>-<i>` (a single replica keeps the plain name). Pure: workflow code uses it.
 */
import type { ServiceConfig } from './schema';

export function replicaNames(service: { name: string; replicas?: number }): string[] {
  const n = service.replicas ?? 1;
  return n <= 1 ? [service.name] : Array.from({ length: n }, (_, i) => `${service.name}-${i}`);
}

/** Each replica as a service of its own (same settings, its own name); a single replica is the service itself. */
export function expandReplicas(services: ServiceConfig[]): ServiceConfig[] {
  return services.flatMap((s) => ((s.replicas ?? 1) <= 1 ? [s] : replicaNames(s).map((name) => ({ ...s, name, replicas: 1 }))));
}
