/** One service's readiness check: the recipe's health check over the kind's default, with the kind's own ping. */
import type { Endpoint } from '../backends/backend';
import type { ServiceConfig } from '../recipe/schema';
import { kindOptions, probeFor, serviceKind } from './catalog';
import { probe, type RunWhereServiceRuns } from './probe';

export type ReadinessCheck = (endpoint: Endpoint, timeoutMs: number) => Promise<{ ok: boolean; detail?: string }>;

/** `run`: how exec probes reach where the service runs (the backend's exec), when not on this host. */
export function readinessCheck(service: ServiceConfig, run?: RunWhereServiceRuns): ReadinessCheck {
  const spec = probeFor(service);
  const kind = serviceKind(service.kind);
  const options = kindOptions(service);
  const ping = kind.ping ? (e: Endpoint, port: number, ms: number) => kind.ping!(e, port, options, ms) : undefined;
  return (endpoint, timeoutMs) => probe(spec, endpoint, timeoutMs, ping, run);
}
