/** Monitoring state kept in workflow state: plain JSON, small. Pure types: workflow code imports them. */
import type { Handle } from '../backends/backend';
import type { PrometheusConfigInput } from './prometheus-config';

export interface MonitorState {
  /** Prometheus itself (role 'monitor'). */
  handle: Handle;
  /** Exporters launched beside services (role 'exporter'). */
  exporters: Handle[];
  /** Base URL of Prometheus' HTTP API as seen from the worker. */
  url: string;
  generation: number;
  startedAt: string;
  scrapeIntervalMs: number;
  /** Its config and targets files, for a relaunch where it runs (backends without a shared folder). */
  files?: { path: string; content: string }[];
  /**
   * What its config is made from, but its own address: a relaunch renders the config for a port of
   * its own (the dead one's port may still be held, e.g. by a pod still terminating). Absent in
   * histories from before; those relaunch on the same port.
   */
  config?: Omit<PrometheusConfigInput, 'selfAddress'>;
}

export interface MonitorHealth {
  ok: boolean;
  state: string;
  detail?: string;
}

/** An interval with no samples, in summary.json `gaps`. */
export interface DataGap {
  source: string;
  from: string;
  to: string;
  seconds: number;
}

/** metrics/monitoring.json: what the post-run export found; build-summary folds it into summary.json. */
export interface MonitoringExport {
  gaps: DataGap[];
  resources: Record<string, unknown>;
  panels: { name: string; title: string; unit: string; file: string; series: number; points: number }[];
  warnings: string[];
}
