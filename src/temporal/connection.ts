import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { TemporalConfig, temporalConfig } from './config';

export interface BenchClient {
  client: Client;
  config: TemporalConfig;
  close(): Promise<void>;
}

export async function connectClient(cfg: TemporalConfig = temporalConfig()): Promise<BenchClient> {
  const connection = await Connection.connect({ ...cfg.connectionOptions, connectTimeout: 5000 });
  const client = new Client({ connection, namespace: cfg.namespace });
  return { client, config: cfg, close: () => connection.close() };
}

export async function connectWorker(cfg: TemporalConfig = temporalConfig()): Promise<NativeConnection> {
  return NativeConnection.connect(cfg.connectionOptions);
}
