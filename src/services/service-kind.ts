/** What a service kind knows: how to launch it, how to tell it is ready, and its exporter. */
import type { ServiceConfig } from '../recipe/schema';

export type ProbeSpec =
  | { type: 'tcp'; port: string }
  | { type: 'http'; port: string; path: string }
  | { type: 'exec'; command: string[] }
  | { type: 'ping'; port: string; protocol: string };

export interface LaunchContext {
  /** Resolved port numbers by name. */
  ports: Record<string, number>;
  /** Address the service should listen on (127.0.0.1 locally, 0.0.0.0 on cluster nodes). */
  bindAddress: string;
  /** A scratch folder for the service's data. */
  workDir: string;
}

export interface ServiceKind {
  kind: string;
  description: string;
  /** Port names and their conventional numbers; the local backend replaces 0 with a free port. */
  defaultPorts: Record<string, number>;
  command(service: ServiceConfig, ctx: LaunchContext): string[];
  defaultProbe(service: ServiceConfig): ProbeSpec;
  /** Prometheus exporter launched beside the service when monitoring asks for it. */
  exporter?(service: ServiceConfig, ctx: LaunchContext & { serviceHost: string; metricsPort: number }): string[];
}
