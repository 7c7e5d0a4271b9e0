/**
 * What a backend registers: its recipe settings block, what it can do, and how to create it.
 * The descriptor part is pure (zod and plain functions) so workflow code and the recipe schema can
 * use it; `create` lives in the backend's runtime module (registry.ts lists those).
 */
import type { z } from 'zod';
import type { RawIssue } from '../recipe/cross-references';
import type { Backend } from './backend';

/** What generic code asks of a backend instead of testing which one it is. */
export interface BackendCapabilities {
  /** The address services and exporters listen on where they run. */
  bindAddress: string;
  /**
   * Who picks unpinned ports: 'worker' when launched processes share the worker's host and
   * network (picked free there, so parallel experiments never collide); 'kind' when each launch
   * gets its own node or network namespace (the kind's conventional port).
   */
  portChoice: 'worker' | 'kind';
  /**
   * Monitors and exporters get their ports picked free where they run (LaunchSpec.ports 0), because
   * a port free on the worker says nothing about a compute node's.
   */
  portsPickedWhereRun: boolean;
  /** A client group launches as one task group (N processes told apart by their rank). */
  taskGroups: boolean;
  /** Lost launches on failed nodes can be relaunched elsewhere by bench (resubmitExcluding). */
  reschedule: boolean;
  /** Launches may wait for resources (a SLURM queue, an unschedulable pod), bounded by scheduling.maxPending. */
  queue: boolean;
  /** Runs container images (services[].image, the kinds' default images). */
  images: boolean;
  /** Every launch needs an image (no programs on the node itself). */
  imagesRequired: boolean;
  /** Enforces resources.memory. */
  memoryLimit: boolean;
  /** The placement fields it honours (others in a recipe are errors). */
  placement: string[];
  /** How launched processes run `bench` (client instances); undefined: this checkout's bin/bench.js. */
  benchCommand?: string[];
  /** The image client instances run in, on backends that run only images. */
  clientImage?: string;
  /** The Prometheus image, on backends that run only images. */
  monitorImage?: string;
  /** The folder copies files back from handles through copyFrom (no shared file system with the worker). */
  copiesBack: boolean;
}

export interface BackendDescriptor<S = unknown> {
  kind: string;
  description: string;
  /** The recipe's block named after the backend (`slurm:`, `kubernetes:`); composed into the recipe schema. */
  settings?: z.ZodType<S>;
  capabilities(settings: S | undefined): BackendCapabilities;
  /** Checks on the raw recipe that the schema cannot express (a required block, fields that need each other). */
  checks?(raw: Record<string, unknown>): RawIssue[];
}

export interface BackendContext {
  /** Folder relative paths in the settings (a kubeconfig, a connection.json) are resolved against: the recipe's. */
  baseDir: string;
  /** The worker's state folder (handle journals of the local backend). */
  stateDir: string;
  warn(message: string): void;
}

export interface BackendPlugin<S = unknown> extends BackendDescriptor<S> {
  /** Why this worker cannot run it (a missing library or tool), or undefined when it can. */
  unavailable?(): string | undefined;
  /** One backend per distinct settings: ssh connections and API clients are shared by experiments. */
  create(settings: S | undefined, ctx: BackendContext): Backend;
}
