/**
 * Where Temporal is. Read from Temporal's standard environment/profile configuration
 * (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TLS*, TEMPORAL_API_KEY, TEMPORAL_PROFILE and the
 * config.toml profile file), so the same CLI talks to a dev server or a production cluster.
 */
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';

export const DEFAULT_ADDRESS = 'localhost:7233';

export interface TemporalConfig {
  address: string;
  namespace: string;
  connectionOptions: NativeConnectionOptions;
  /** True when the address is this machine's default dev-server address: `bench run` may start one there. */
  isLocalDefault: boolean;
  uiUrl: string;
}

export function temporalConfig(): TemporalConfig {
  const loaded = loadClientConnectConfig();
  const connectionOptions = { ...loaded.connectionOptions };
  if (!connectionOptions.address) connectionOptions.address = DEFAULT_ADDRESS;
  const address = connectionOptions.address;
  const namespace = loaded.namespace || 'default';
  const [host, port] = splitAddress(address);
  const isLocalDefault = ['localhost', '127.0.0.1', '::1'].includes(host) && !connectionOptions.tls && !connectionOptions.apiKey;
  const uiUrl = process.env.BENCH_TEMPORAL_UI_URL || (isLocalDefault ? `http://localhost:${port + 1000}` : '');
  return { address, namespace, connectionOptions, isLocalDefault, uiUrl };
}

export function splitAddress(address: string): [string, number] {
  const i = address.lastIndexOf(':');
  const host = address.slice(0, i).replace(/^\[|\]$/g, '');
  return [host, Number(address.slice(i + 1))];
}

export function workflowUiLink(cfg: TemporalConfig, workflowId: string): string | undefined {
  if (!cfg.uiUrl) return undefined;
  return `${cfg.uiUrl}/namespaces/${encodeURIComponent(cfg.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
