/**
 * Deterministic Kubernetes names and labels for a launch: the same launch id always maps to the
 * same objects, which is what makes a retried launch find the first one. Pure.
 */
import { createHash } from 'node:crypto';
import type { Labels } from '../backend';

export const LABEL = {
  experiment: 'bench.dev/experiment',
  role: 'bench.dev/role',
  name: 'bench.dev/name',
  launch: 'bench.dev/launch',
  createdBy: 'bench.dev/created-by',
} as const;
export const HANDLE_ANNOTATION = 'bench.dev/handle';
export const CREATED_BY = 'bench';
/** Object names stay this short so the names Kubernetes derives from them (pods, `-files`) fit in 63. */
export const MAX_NAME = 52;

export function shortHash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 10);
}

/**
 * The launch's hash, in the `bench.dev/launch` label of all its objects and pods. It covers the
 * experiment too: with a shared namespace two experiments may both have a `service.redis.0`.
 */
export function launchHash(experiment: string, id: string): string {
  return shortHash(experiment, id);
}

/** A DNS-1035 label (which also satisfies DNS-1123): lowercase alphanumerics and dashes, starting with a letter. */
function dnsLabel(text: string, max: number): string {
  let s = text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^[^a-z]+/, '');
  s = s.slice(0, max).replace(/-+$/, '');
  return s;
}

/** `<readable id>-<hash>`, at most MAX_NAME characters: the name of the Deployment or Job, its Service and (with `-files`) its ConfigMap. */
export function objectName(experiment: string, id: string): string {
  const hash = launchHash(experiment, id);
  const readable = dnsLabel(id, MAX_NAME - hash.length - 1) || 'bench';
  return `${readable}-${hash}`;
}

export function configMapName(objName: string): string {
  return `${objName}-files`;
}

/** The namespace bench creates for an experiment when the settings name none: `bench-<experiment>`, hashed when too long. */
export function experimentNamespace(experiment: string): string {
  const whole = dnsLabel(`bench-${experiment}`, 63);
  if (whole === `bench-${experiment}`) return whole;
  const hash = shortHash(experiment);
  return `${dnsLabel(`bench-${experiment}`, 63 - hash.length - 1)}-${hash}`;
}

/** A valid label value (≤ 63, alphanumerics, `-_.`, alphanumeric at both ends); changed values get a hash so they stay distinct. */
export function labelValue(value: string): string {
  if (/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value) && value.length <= 63) return value;
  const hash = shortHash(value);
  const base = value
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .slice(0, 63 - hash.length - 1)
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/[^A-Za-z0-9]+$/, '');
  return base ? `${base}-${hash}` : hash;
}

export function benchLabels(labels: Labels, experiment: string, id: string): Record<string, string> {
  return {
    [LABEL.experiment]: labelValue(labels.experiment),
    [LABEL.role]: labelValue(labels.role),
    [LABEL.name]: labelValue(labels.name),
    [LABEL.launch]: launchHash(experiment, id),
    [LABEL.createdBy]: CREATED_BY,
  };
}

/** A label selector for `list(labels)`: the given bench labels (sanitised as on the objects), always created-by=bench. */
export function labelSelector(labels: Partial<Labels>): string {
  const parts = [`${LABEL.createdBy}=${CREATED_BY}`];
  for (const key of ['experiment', 'role', 'name'] as const) {
    const v = labels[key];
    if (v !== undefined) parts.push(`${LABEL[key]}=${labelValue(v)}`);
  }
  return parts.join(',');
}

/** A ConfigMap key for a file path: readable tail plus a hash of the whole path (keys allow `[-._a-zA-Z0-9]`, ≤ 253). */
export function fileKey(path: string): string {
  const base = (path.split('/').pop() ?? '').replace(/[^-._a-zA-Z0-9]+/g, '_').slice(-100).replace(/^\.+/, '');
  return `${base || 'file'}.${shortHash(path)}`;
}

/** A Service port name (DNS label ≤ 15 so it also suits container ports), unique within the service. */
export function portName(name: string, port: number, taken: Set<string>): string {
  let n = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-+|-+$/g, '').slice(0, 15).replace(/-+$/, '');
  if (!/[a-z]/.test(n) || taken.has(n)) n = `p${port}`;
  while (taken.has(n)) n = `p${port}-${taken.size}`;
  taken.add(n);
  return n;
}
