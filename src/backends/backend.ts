/**
 * The one interface every place-to-run implements (local processes, SLURM, Kubernetes).
 * Services, clients and monitors all launch through it. A Handle is plain JSON so it can
 * live in workflow state and survive worker and server restarts.
 *
 * No backend may assume launched processes see the worker's files: what they read is staged with
 * the launch (LaunchSpec.files), what they write comes back through readFile/copyFrom, and both
 * use paths under workspace(), which are valid where the process runs.
 */

/** A backend's name as the recipe's `backend:` field gives it (each backend registers its own). */
export type BackendKind = string;
export type Role = 'service' | 'client' | 'monitor' | 'exporter';

/** Every launched thing carries these, so `list` can find orphans. */
export interface Labels {
  experiment: string;
  role: Role;
  name: string;
}

export interface LaunchSpec {
  /** Stable id within the experiment, e.g. `service.redis.0`; a retried launch with the same id finds the first. */
  id: string;
  labels: Labels;
  /** argv, never a shell string: values from a recipe must not reach a shell unquoted. */
  command: string[];
  env?: Record<string, string>;
  cwd?: string;
  /**
   * Named ports the process listens on. 0 (on backends with capabilities.portsPickedWhereRun):
   * picked free where the process runs as it starts; command words and staged files name it with
   * portToken(name), and endpoints() reports the number.
   */
  ports?: Record<string, number>;
  resources?: { cpus?: number; memoryMb?: number; gpus?: number; nodes?: number; tasks?: number };
  /** Where it may run, for backends with a choice (a SLURM partition, Kubernetes node selectors and tolerations). */
  placement?: {
    partition?: string;
    nodeSelector?: Record<string, string>;
    tolerations?: { key?: string; operator?: 'Exists' | 'Equal'; value?: string; effect?: string }[];
  };
  /** Container image, for backends that run one (Apptainer on SLURM, pods on Kubernetes). */
  image?: string;
  /** Where the process's stdout/stderr go on the experiment side (a file in logs/). */
  logFile: string;
  /** Files the process reads, put in place (under workspace()) before it starts: configs, client specs. */
  files?: { path: string; content: string }[];
  /** Files the process writes that readFile must still find after it exited (results). */
  outputs?: string[];
  /**
   * How the backend itself can tell the process is ready (a Kubernetes readinessProbe); backends
   * without their own readiness ignore it and the worker probes. Ports are numbers here.
   */
  readiness?: { tcp: number } | { http: { port: number; path: string } } | { exec: string[] };
  /** A group of `tasks` processes, each with its rank (SLURM_PROCID or BENCH_CLIENT_RANK); rank files use `{rank}`. */
  taskGroup?: boolean;
}

export interface Handle {
  backend: BackendKind;
  id: string;
  labels: Labels;
  /** Backend-specific, JSON-serialisable details (pid, job id, pod name...). */
  ref: Record<string, unknown>;
  ports: Record<string, number>;
  logFile: string;
  launchedAt: string;
}

export type RunState = 'pending' | 'running' | 'exited' | 'failed' | 'lost' | 'stopped';

export interface Status {
  state: RunState;
  exitCode?: number;
  /** Human-readable reason for failed/lost states. */
  reason?: string;
  /** Nodes the handle runs on, where the backend knows them. */
  nodes?: string[];
  /** The backend's own readiness verdict (LaunchSpec.readiness), where it has one. */
  ready?: boolean;
  /** Times the backend restarted the process by itself (a pod's container restarts, a replaced pod). */
  restarts?: number;
  /**
   * Which process serves now, where the backend may replace it by itself (a Kubernetes Deployment
   * replaces a deleted pod; kubelet restarts a container): a change while the handle stays the same
   * is a restart nobody asked bench for, and supervision records it.
   */
  incarnation?: string;
  /** Per rank of a task group, where the backend tells them apart cheaply (a Kubernetes Indexed Job); `state` covers the whole group. */
  tasks?: { rank: number; state: RunState; exitCode?: number; reason?: string; node?: string }[];
}

export interface Endpoint {
  host: string;
  ports: Record<string, number>;
}

export interface Backend {
  readonly kind: BackendKind;
  /**
   * The folder where launched processes of an experiment read and write files (client specs,
   * progress, results): the experiment folder itself locally, a folder on the shared file system
   * of a cluster, a folder inside each pod on Kubernetes. Paths under it are valid where processes run.
   */
  workspace(experimentId: string, experimentDir: string): string;
  /** Replaces a file a running handle reads (Prometheus' targets file); the handle must have been launched with it in files. */
  writeFile(handle: Handle, path: string, content: string): Promise<void>;
  /**
   * A file the handle's process wrote, read where it runs (or, for LaunchSpec.outputs, after it
   * exited); undefined when it does not exist (yet). `task`: which rank of a task group.
   */
  readFile(handle: Handle, path: string, task?: number): Promise<string | undefined>;
  /** Copies a folder the handle wrote (Prometheus' TSDB) to `localDir` on the worker. */
  copyFrom?(handle: Handle, remoteDir: string, localDir: string): Promise<void>;
  launch(spec: LaunchSpec): Promise<Handle>;
  status(handle: Handle): Promise<Status>;
  endpoints(handle: Handle): Promise<Endpoint>;
  /** An endpoint the worker itself can reach (a port-forward into a pod network); default: endpoints(). */
  workerEndpoint?(handle: Handle): Promise<Endpoint>;
  /** The last `tailBytes` of the handle's output (whole output when omitted). */
  logs(handle: Handle, tailBytes?: number): Promise<string>;
  /** Copies the handle's output into handle.logFile when it lives elsewhere (a cluster's file system). */
  downloadLogs?(handle: Handle): Promise<string>;
  /**
   * Runs `argv` where the handle's process runs (its node or pod), for exec readiness probes; a
   * backend without it runs processes on the worker's host, where the worker runs probes itself.
   */
  exec?(handle: Handle, argv: string[], timeoutMs: number): Promise<{ code: number; output: string }>;
  /** Stops the handle and everything it started; safe to call twice. */
  stop(handle: Handle): Promise<void>;
  /** Everything launched with labels matching all the given ones that is still alive. */
  list(labels: Partial<Labels>): Promise<Handle[]>;
  /** Relaunches a lost handle away from `badNodes` (SLURM: resubmit with --exclude); only where capabilities.reschedule. */
  resubmitExcluding?(handle: Handle, badNodes: string[]): Promise<Handle>;
  /** After every handle of an experiment is stopped: removes what its launches shared (a namespace bench created). */
  cleanup?(experimentId: string): Promise<void>;
  /** Releases connections (ssh, watches); the worker calls it on shutdown. */
  close(): Promise<void>;
}

/** Stands for a port picked where the process runs (LaunchSpec.ports value 0) in its command and staged files. */
export function portToken(name: string): string {
  return `{port:${name}}`;
}

export function isFinal(state: RunState): boolean {
  return state === 'exited' || state === 'failed' || state === 'lost' || state === 'stopped';
}
