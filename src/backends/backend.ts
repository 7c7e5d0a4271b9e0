/**
 * The one interface every place-to-run implements (local processes, SLURM, Kubernetes).
 * Services, clients and monitors all launch through it. A Handle is plain JSON so it can
 * live in workflow state and survive worker and server restarts.
 */

export type BackendKind = 'local' | 'slurm' | 'kubernetes';
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
  /** Named ports the process listens on (already resolved to numbers). */
  ports?: Record<string, number>;
  resources?: { cpus?: number; memoryMb?: number; gpus?: number; nodes?: number; tasks?: number };
  /** Where it may run, for backends with a choice (a SLURM partition). */
  placement?: { partition?: string };
  /** Container image, for backends that run one (Apptainer on SLURM, pods on Kubernetes). */
  image?: string;
  /** Where the process's stdout/stderr go on the experiment side (a file in logs/). */
  logFile: string;
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
   * of a cluster. Paths under it are valid for launched processes, and for readFile/writeFile.
   */
  workspace(experimentId: string, experimentDir: string): string;
  writeFile(path: string, content: string): Promise<void>;
  /** The file's content, or undefined when it does not exist (yet). */
  readFile(path: string): Promise<string | undefined>;
  launch(spec: LaunchSpec): Promise<Handle>;
  status(handle: Handle): Promise<Status>;
  endpoints(handle: Handle): Promise<Endpoint>;
  /** The last `tailBytes` of the handle's output (whole output when omitted). */
  logs(handle: Handle, tailBytes?: number): Promise<string>;
  /** Copies the handle's output into handle.logFile when it lives elsewhere (a cluster's file system). */
  downloadLogs?(handle: Handle): Promise<string>;
  /** Stops the handle and everything it started; safe to call twice. */
  stop(handle: Handle): Promise<void>;
  /** Everything launched with labels matching all the given ones that is still alive. */
  list(labels: Partial<Labels>): Promise<Handle[]>;
}

export function isFinal(state: RunState): boolean {
  return state === 'exited' || state === 'failed' || state === 'lost' || state === 'stopped';
}
