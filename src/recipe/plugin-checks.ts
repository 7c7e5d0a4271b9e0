/**
 * The recipe checks that need the plug-in registries: every service kind and driver a recipe names
 * exists, their options pass the plug-in's own strict schema, a client's port is one its target has,
 * and (a warning) the driver speaks a protocol of the target kind. Not workflow code: the CLI, the
 * API and the prepare activity run these beside the pure schema checks.
 */
import type { z } from 'zod';
import { allDrivers, findDriver } from '../clients/drivers/catalog';
import { availableBackends, findBackendPlugin } from '../backends/registry';
import { allServiceKinds, findServiceKind } from '../services/catalog';
import type { RawIssue } from './cross-references';
import { allowedKeysAt, closest } from './schema-keys';

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function pluginIssues(raw: unknown): RawIssue[] {
  if (!isObject(raw)) return [];
  const issues: RawIssue[] = [];
  const backend = typeof raw.backend === 'string' ? raw.backend : 'local';
  const plugin = findBackendPlugin(backend);
  const unavailable = plugin?.unavailable?.();
  if (plugin && unavailable) {
    issues.push({ path: ['backend'], message: `backend ${backend} cannot run in this bench: ${unavailable}`, hint: `available: ${availableBackends().join(', ')}` });
  }
  const settings = isObject(raw[backend]) ? raw[backend] : undefined;
  // Invalid settings are reported by the schema; capabilities are asked only of settings that parse.
  const parsed = plugin?.settings?.safeParse(settings ?? {});
  const capabilities = plugin && parsed?.success !== false ? plugin.capabilities(parsed?.data) : undefined;
  // No recipe field may be silently ignored: what a backend cannot honour is an error, or a warning where the run still means something.
  const placementIssues = (placement: unknown, at: (string | number)[]) => {
    if (!isObject(placement) || !capabilities) return;
    for (const key of Object.keys(placement)) {
      if (!capabilities.placement.includes(key)) {
        issues.push({ path: [...at, 'placement', key], message: `backend ${backend} does not place by ${key}`, hint: capabilities.placement.length ? `its placement fields: ${capabilities.placement.join(', ')}` : 'remove placement' });
      }
    }
  };
  list(raw.services).forEach((s, i) => {
    if (!isObject(s) || !capabilities) return;
    if (s.image !== undefined && !capabilities.images) {
      issues.push({ path: ['services', i, 'image'], message: `backend ${backend} runs programs, not container images`, hint: 'remove image (the kind runs its program, or give command), or use a backend that runs images (slurm with Apptainer, kubernetes)' });
    }
    const memory = isObject(s.resources) ? s.resources.memory : undefined;
    if (memory !== undefined && !capabilities.memoryLimit) {
      issues.push({ path: ['services', i, 'resources', 'memory'], severity: 'warning', message: `backend ${backend} does not enforce resources.memory: the service may use more` });
    }
    placementIssues(s.placement, ['services', i]);
    if (capabilities.images && plugin?.kind && s.image === undefined && typeof s.kind === 'string' && capabilities.imagesRequired) {
      const kind = findServiceKind(s.kind);
      if (kind && !kind.image) issues.push({ path: ['services', i, 'image'], message: `backend ${backend} runs every service from an image, and kind ${s.kind} has no default image`, hint: 'set services[].image' });
    }
  });
  list(isObject(raw.workload) ? raw.workload.clients : undefined).forEach((c, i) => placementIssues(isObject(c) ? c.placement : undefined, ['workload', 'clients', i]));
  const servicePorts = new Map<string, { kind: string; ports: string[]; protocols: string[] }>();
  list(raw.services).forEach((s, i) => {
    if (!isObject(s) || typeof s.kind !== 'string') return;
    const at = ['services', i];
    const kind = findServiceKind(s.kind);
    if (!kind) {
      const known = allServiceKinds().map((k) => k.kind);
      const guess = closest(s.kind, known);
      issues.push({ path: [...at, 'kind'], message: `unknown service kind "${s.kind}"`, hint: guess ? `did you mean "${guess}"? (kinds: ${known.join(', ')})` : `kinds: ${known.join(', ')}` });
      return;
    }
    issues.push(...optionIssues(kind.options, s.options, [...at, 'options'], `service kind ${kind.kind}`));
    if (typeof s.name === 'string') {
      const ports = [...new Set([...Object.keys(kind.defaultPorts), ...Object.keys(isObject(s.ports) ? s.ports : {})])];
      servicePorts.set(s.name, { kind: kind.kind, ports, protocols: kind.protocols });
    }
  });
  const workload = isObject(raw.workload) ? raw.workload : {};
  list(workload.clients).forEach((c, i) => {
    if (!isObject(c) || typeof c.driver !== 'string') return;
    const at = ['workload', 'clients', i];
    const driver = findDriver(c.driver);
    if (!driver) {
      const known = allDrivers().map((d) => d.kind);
      const guess = closest(c.driver, known);
      issues.push({ path: [...at, 'driver'], message: `unknown driver "${c.driver}"`, hint: guess ? `did you mean "${guess}"? (drivers: ${known.join(', ')})` : `drivers: ${known.join(', ')}` });
      return;
    }
    issues.push(...optionIssues(driver.options, c.options, [...at, 'options'], `driver ${driver.kind}`));
    const target = typeof c.target === 'string' ? servicePorts.get(c.target) : undefined;
    if (!target) return;
    if (typeof c.port === 'string' && !target.ports.includes(c.port)) {
      issues.push({ path: [...at, 'port'], message: `service ${c.target} (${target.kind}) has no port "${c.port}"`, hint: target.ports.length ? `its ports: ${target.ports.join(', ')}` : 'it has no ports: leave port out' });
    }
    if (!driver.protocols.some((p) => target.protocols.includes(p))) {
      issues.push({
        path: [...at, 'driver'],
        severity: 'warning',
        message: `driver ${driver.kind} speaks ${driver.protocols.join('/')}, but ${c.target} is a ${target.kind} service (${target.protocols.join('/')})`,
        hint: `drivers for ${target.kind}: ${allDrivers().filter((d) => d.protocols.some((p) => target.protocols.includes(p))).map((d) => d.kind).join(', ') || 'none'}`,
      });
    }
  });
  return issues;
}

/** A plug-in's options against its strict schema: one issue per problem, unknown keys with a did-you-mean. */
function optionIssues(schema: z.ZodType, options: unknown, at: (string | number)[], owner: string): RawIssue[] {
  const parsed = schema.safeParse(options ?? {});
  if (parsed.success) return [];
  return parsed.error.issues.flatMap((issue): RawIssue[] => {
    const path = [...at, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')];
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeysAt(schema, issue.path.filter((p): p is string | number => typeof p !== 'symbol'), options);
      return issue.keys.map((key) => {
        const guess = closest(key, allowed);
        return { path: [...path, key], message: `unknown option "${key}" for ${owner}`, hint: guess ? `did you mean "${guess}"?` : allowed.length ? `options here: ${allowed.join(', ')}` : undefined };
      });
    }
    const hint = issue.code === 'invalid_value' ? `one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` : undefined;
    return [{ path, message: `${owner}: ${issue.message}`, ...(hint ? { hint } : {}) }];
  });
}
