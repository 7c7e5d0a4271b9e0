/**
 * The objects of one launch, from its LaunchSpec: a Deployment (service, monitor, exporter) or a
 * Job (client; Indexed for a task group), a ClusterIP Service in the pod network, and a ConfigMap
 * holding its files. Pure.
 */
import type { V1ConfigMap, V1Container, V1Deployment, V1EnvVar, V1Job, V1PodSpec, V1Probe, V1Service, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import path from 'node:path';
import type { Handle, LaunchSpec } from '../backend';
import { COMPLETION_INDEX } from './pod-status';
import { benchLabels, configMapName, fileKey, HANDLE_ANNOTATION, LABEL, launchHash, objectName, portName } from './names';
import { wrapWithOutputs } from './output-frames';
import type { KubernetesSettings } from './settings';

export const MAIN_CONTAINER = 'main';
export const FILES_CONTAINER = 'bench-files';
const WORKSPACE_VOLUME = 'bench-workspace';
const FILES_VOLUME = 'bench-files';
const FILES_SOURCE = '/bench-files-src';
/** Copies the ConfigMap's files into the workspace (dash and cat are enough; kubelet creates the folders). */
const COPY_FILES = 'while [ "$#" -gt 1 ]; do cat -- "$1" > "$2" || exit 1; shift 2; done';

export interface KubernetesRef {
  namespace: string;
  kind: 'Deployment' | 'Job';
  name: string;
  /** The bench.dev/launch label of its objects and pods. */
  launch: string;
  network: 'pod' | 'host';
  /** The ClusterIP Service (pod network with ports). */
  service?: string;
  configMap?: string;
  /** Pods of the Job (resources.tasks of a task group), 1 otherwise. */
  tasks: number;
  outputs: string[];
  image: string;
  [key: string]: unknown;
}

export interface KubernetesHandle extends Handle {
  backend: 'kubernetes';
  ref: KubernetesRef;
}

export interface LaunchObjects {
  workload: V1Deployment | V1Job;
  service?: V1Service;
  configMap?: V1ConfigMap;
}

export function workspaceRoot(experimentId: string): string {
  return path.posix.join('/bench/experiments', experimentId);
}

export function kindFor(spec: LaunchSpec): 'Deployment' | 'Job' {
  return spec.labels.role === 'client' ? 'Job' : 'Deployment';
}

/** The image the pod runs: spec.image through kubernetes.imageMap; an Error naming the fix when there is none. */
export function resolveImage(spec: LaunchSpec, settings: KubernetesSettings): string {
  if (!spec.image) {
    throw new Error(`launch ${spec.id}: no container image; the kubernetes backend runs every launch in a pod: set services[].image, or the kind's default image`);
  }
  return settings.imageMap[spec.image] ?? spec.image;
}

/** The handle of a launch, before anything exists: what the objects' `bench.dev/handle` annotation holds. */
export function handleFor(spec: LaunchSpec, settings: KubernetesSettings, namespace: string, launchedAt: string): KubernetesHandle {
  const name = objectName(spec.labels.experiment, spec.id);
  const network = settings.network;
  const taskGroup = spec.taskGroup === true;
  const tasks = taskGroup ? Math.max(1, spec.resources?.tasks ?? 1) : 1;
  if (!Number.isInteger(tasks)) throw new Error(`launch ${spec.id}: resources.tasks ${spec.resources?.tasks} must be a whole number`);
  return {
    backend: 'kubernetes',
    id: spec.id,
    labels: spec.labels,
    ref: {
      namespace,
      kind: kindFor(spec),
      name,
      launch: launchHash(spec.labels.experiment, spec.id),
      network,
      service: network === 'pod' && Object.keys(spec.ports ?? {}).length ? name : undefined,
      configMap: spec.files?.length ? configMapName(name) : undefined,
      tasks,
      outputs: spec.outputs ?? [],
      image: resolveImage(spec, settings),
    },
    ports: spec.ports ?? {},
    logFile: spec.logFile,
    launchedAt,
  };
}

export function buildObjects(spec: LaunchSpec, settings: KubernetesSettings, handle: KubernetesHandle): LaunchObjects {
  if (spec.command.length === 0) throw new Error(`launch ${spec.id}: command is empty; give the program and its arguments`);
  const { ref } = handle;
  const labels = benchLabels(spec.labels, spec.labels.experiment, spec.id);
  const metadata = (name: string) => ({ name, namespace: ref.namespace, labels, annotations: { [HANDLE_ANNOTATION]: JSON.stringify(handle) } });
  const root = workspaceRoot(spec.labels.experiment);
  const podSpec = buildPodSpec(spec, settings, ref, root);
  const template = { metadata: { labels }, spec: podSpec };

  let workload: V1Deployment | V1Job;
  if (ref.kind === 'Deployment') {
    workload = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: metadata(ref.name),
      spec: {
        replicas: 1,
        selector: { matchLabels: { [LABEL.launch]: ref.launch, [LABEL.experiment]: labels[LABEL.experiment] } },
        // Never two pods of one service at once (their host ports would collide).
        strategy: { type: 'Recreate' },
        template,
      },
    };
  } else {
    workload = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: metadata(ref.name),
      spec: spec.taskGroup
        ? // One failed rank must not stop the others: each index gets no retry of its own, the Job none either.
          { completionMode: 'Indexed', completions: ref.tasks, parallelism: ref.tasks, backoffLimitPerIndex: 0, template }
        : { completions: 1, parallelism: 1, backoffLimit: 0, template },
    };
  }

  const ports = Object.entries(spec.ports ?? {});
  let service: V1Service | undefined;
  if (ref.service && ports.length) {
    const taken = new Set<string>();
    service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { ...metadata(ref.service), annotations: {} },
      spec: {
        type: 'ClusterIP',
        selector: { [LABEL.launch]: ref.launch, [LABEL.experiment]: labels[LABEL.experiment] },
        ports: dedupePorts(ports).map(([name, port]) => ({ name: portName(name, port, taken), port, targetPort: port, protocol: 'TCP' })),
      },
    };
  }
  let configMap: V1ConfigMap | undefined;
  if (ref.configMap && spec.files?.length) {
    configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { ...metadata(ref.configMap), annotations: {} },
      data: Object.fromEntries(spec.files.map((f) => [fileKey(f.path), f.content])),
    };
  }
  return { workload, service, configMap };
}

export function buildPodSpec(spec: LaunchSpec, settings: KubernetesSettings, ref: KubernetesRef, root: string): V1PodSpec {
  const host = ref.network === 'host';
  const image = resolveImage(spec, settings);
  const files = spec.files ?? [];
  const inside = files.filter((f) => isUnder(f.path, root));
  const outside = files.filter((f) => !isUnder(f.path, root));
  const volumes: V1Volume[] = [{ name: WORKSPACE_VOLUME, emptyDir: {} }];
  const mounts: V1VolumeMount[] = [{ name: WORKSPACE_VOLUME, mountPath: root }];
  if (files.length) volumes.push({ name: FILES_VOLUME, configMap: { name: configMapName(ref.name) } });
  // The folders outputs go to exist from the start, without a mkdir in the image (see filesContainer).
  for (const d of folders((spec.outputs ?? []).filter((o) => isUnder(o, root) && !path.posix.dirname(o).includes('{rank}')), root)) {
    mounts.push({ name: WORKSPACE_VOLUME, mountPath: path.posix.join(root, d), subPath: d });
  }
  // Files outside the workspace can only be mounted, read-only: a running pod cannot have them replaced.
  for (const f of outside) mounts.push({ name: FILES_VOLUME, mountPath: f.path, subPath: fileKey(f.path), readOnly: true });

  const env: V1EnvVar[] = Object.entries(spec.env ?? {}).map(([name, value]) => ({ name, value }));
  if (spec.taskGroup) env.push({ name: 'BENCH_CLIENT_RANK', valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX}']` } } });

  const main: V1Container = {
    name: MAIN_CONTAINER,
    image,
    // Images may carry only Cmd: `command` always replaces the entrypoint.
    command: spec.outputs?.length ? wrapWithOutputs(spec.command, spec.outputs) : spec.command,
    env: env.length ? env : undefined,
    workingDir: spec.cwd ? path.posix.resolve(root, spec.cwd) : undefined,
    imagePullPolicy: settings.imagePullPolicy,
    resources: resources(spec),
    readinessProbe: readinessProbe(spec, settings, host),
    volumeMounts: mounts,
  };
  const ports = dedupePorts(Object.entries(spec.ports ?? {}));
  // In the host network declared ports become host ports: one per node, which ranks of a task group could not share.
  if (ports.length && !(host && spec.taskGroup)) main.ports = ports.map(([, port]) => ({ containerPort: port, protocol: 'TCP' }));

  const podSpec: V1PodSpec = {
    restartPolicy: ref.kind === 'Deployment' ? 'Always' : 'Never',
    containers: [main],
    volumes,
    enableServiceLinks: false,
    terminationGracePeriodSeconds: 10,
    serviceAccountName: settings.serviceAccount,
    // Launched programs do not talk to the API unless a service account was chosen for them.
    automountServiceAccountToken: settings.serviceAccount ? undefined : false,
    nodeSelector: spec.placement?.nodeSelector,
    tolerations: spec.placement?.tolerations,
  };
  if (host) {
    podSpec.hostNetwork = true;
    podSpec.dnsPolicy = 'ClusterFirstWithHostNet';
  }
  if (inside.length) podSpec.initContainers = [filesContainer(inside, root, image, settings)];
  return podSpec;
}

/** Copies the files under the workspace from the ConfigMap into the emptyDir, where the process (and writeFile) can replace them. */
function filesContainer(files: { path: string }[], root: string, image: string, settings: KubernetesSettings): V1Container {
  const dirs = folders(files.map((f) => f.path), root);
  return {
    name: FILES_CONTAINER,
    image,
    imagePullPolicy: settings.imagePullPolicy,
    command: ['/bin/sh', '-c', COPY_FILES, FILES_CONTAINER, ...files.flatMap((f) => [`${FILES_SOURCE}/${fileKey(f.path)}`, f.path])],
    volumeMounts: [
      { name: FILES_VOLUME, mountPath: FILES_SOURCE, readOnly: true },
      { name: WORKSPACE_VOLUME, mountPath: root },
      // Mounting a folder of the emptyDir onto itself makes kubelet create it: no mkdir needed in the image.
      ...dirs.map((d) => ({ name: WORKSPACE_VOLUME, mountPath: path.posix.join(root, d), subPath: d })),
    ],
  };
}

/** The parent folders of `paths` relative to root (root itself left out). */
function folders(paths: string[], root: string): string[] {
  return [...new Set(paths.map((p) => path.posix.relative(root, path.posix.dirname(p))).filter((d) => d !== ''))].sort();
}

function isUnder(file: string, root: string): boolean {
  const rel = path.posix.relative(root, file);
  return file.startsWith('/') && rel !== '' && !rel.startsWith('..') && !path.posix.isAbsolute(rel);
}

function dedupePorts(ports: [string, number][]): [string, number][] {
  const seen = new Set<number>();
  return ports.filter(([, p]) => {
    if (seen.has(p)) return false;
    seen.add(p);
    return true;
  });
}

function resources(spec: LaunchSpec): V1Container['resources'] {
  const r = spec.resources ?? {};
  const amounts: Record<string, string> = {};
  if (r.cpus !== undefined) amounts.cpu = `${Math.round(r.cpus * 1000)}m`;
  if (r.memoryMb !== undefined) amounts.memory = `${Math.round(r.memoryMb)}Mi`;
  const limits: Record<string, string> = { ...amounts };
  if (r.gpus !== undefined) limits['nvidia.com/gpu'] = String(r.gpus);
  if (!Object.keys(limits).length) return undefined;
  return { requests: Object.keys(amounts).length ? amounts : undefined, limits };
}

function readinessProbe(spec: LaunchSpec, settings: KubernetesSettings, host: boolean): V1Probe | undefined {
  const r = spec.readiness;
  if (!r) return undefined;
  // A host-network process bound to one address (127.0.0.1 on a test node) answers only there, not on the node IP kubelet would use.
  const bound = host && settings.bindAddress && settings.bindAddress !== '0.0.0.0' ? settings.bindAddress : undefined;
  const timing = { periodSeconds: 1, failureThreshold: 1, successThreshold: 1, timeoutSeconds: 1 };
  if ('tcp' in r) return { tcpSocket: { port: r.tcp, host: bound }, ...timing };
  if ('http' in r) return { httpGet: { port: r.http.port, path: r.http.path, host: bound }, ...timing };
  return { exec: { command: r.exec }, ...timing };
}
