/**
 * What a service kind knows: its options, how to launch it (with any preparation that must happen
 * where it runs), how to tell it is ready, its exporter, the resource queries its report shows, and
 * how to read the version that actually ran. One module per kind, registered in catalog.ts.
 */
import type { z } from 'zod';
import type { Endpoint } from '../backends/backend';
import type { ServiceConfig } from '../recipe/schema';

export type ProbeSpec =
  | { type: 'tcp'; port: string }
  /** `status`: the statuses that mean ready (default 200-399: a 404 is not readiness). */
  | { type: 'http'; port: string; path: string; status?: number[] }
  | { type: 'exec'; command: string[] }
  | { type: 'ping'; port: string; protocol: string };

export interface LaunchContext {
  /** Resolved port numbers by name. */
  ports: Record<string, number>;
  /** Address the service should listen on (127.0.0.1 locally, 0.0.0.0 on cluster nodes). */
  bindAddress: string;
  /** A scratch folder for the service's data, where it runs. */
  workDir: string;
  /** Which replica this is (0 when services[].replicas is 1). */
  replica: number;
}

/** How one instance of a service starts where it runs. Everything is argv: recipe values never meet a shell unquoted. */
export interface LaunchPlan {
  command: string[];
  /** Steps run in order before `command`, in the same place, folder and environment (initdb, creating a model); `creates`: skipped when that path exists (a restart keeps its data). */
  setup?: (string[] | { argv: string[]; creates: string })[];
  /** Files written into the work folder before anything runs (rendered configs, static content). */
  files?: { path: string; content: string }[];
  env?: Record<string, string>;
  /** Servers that refuse to run as root (PostgreSQL): launched as root, setup and command run as this user. */
  runAsIfRoot?: string;
  /**
   * Processes of another user must reach the work folder (nginx workers run as nobody): launched as
   * root, the folders above it get the search bit for others (o+x: enter, not list), as a real
   * cluster's scratch folders have. Implied by runAsIfRoot.
   */
  othersReachWorkDir?: boolean;
}

export interface ServiceKind<O = Record<string, unknown>> {
  kind: string;
  description: string;
  /** Strict schema of services[].options; composed into recipe validation and the JSON Schema. */
  options: z.ZodType<O>;
  /** Port names and their conventional numbers; unpinned ports are picked free where the service runs. */
  defaultPorts: Record<string, number>;
  /** Protocols clients can speak to it (driver compatibility is checked against these). */
  protocols: string[];
  launch(service: ServiceConfig, options: O, ctx: LaunchContext): LaunchPlan;
  /** Readiness with defaults that fit the kind (an inference server may load a model for minutes). */
  defaultProbe(service: ServiceConfig, options: O): ProbeSpec;
  /** The kind's own readiness check (ProbeSpec type 'ping'): a real request in its protocol, not just a connect. */
  ping?(endpoint: Endpoint, port: number, options: O, timeoutMs: number): Promise<{ ok: boolean; detail?: string }>;
  /** How long readiness may take by default, when services[].healthCheck.timeout is not set. */
  readyTimeoutMs?: number;
  /**
   * Prometheus exporter launched beside the service when monitoring asks for it. `image`: where
   * it runs from on backends that run images, and its program's path there (replacing command[0]).
   */
  exporter?(
    service: ServiceConfig,
    /** metricsPort: a number, or the token of a port the backend picks where the exporter runs. */
    ctx: LaunchContext & { serviceHost: string; metricsPort: number | string },
  ): { command: string[]; env?: Record<string, string>; image?: { ref: string; program: string } };
  /** A port of the service itself that serves Prometheus metrics (llama-server's /metrics): scraped when monitoring is on. */
  metrics?: { port: string; path: string };
  /**
   * PromQL over the exporter's (or the service's own) metrics for the report's resource panels, by
   * service label; `[W]` becomes the rate window. Kinds without them still get the client panels.
   */
  resources?: Partial<Record<'cpu' | 'memory' | 'netIn' | 'netOut', string>>;
  /** Further panels of the kind's own metrics (llama-server's tokens/s), same conventions. */
  panels?: { name: string; title: string; unit: string; expr: string }[];
  /** The version that answered, asked of the running service (recorded in metadata.out and summary.json). */
  version?(endpoint: Endpoint, options: O): Promise<string | undefined>;
  /** Default image for backends that run containers (services[].image overrides it). */
  image?: string;
  /** What to do when the kind's program is missing: `bench setup <kind>` or the packages to install. */
  install: { hint: string };
}

/** The catalog's entries are heterogeneous in their options; generic code sees them as this. */
export type AnyServiceKind = ServiceKind<any>;
