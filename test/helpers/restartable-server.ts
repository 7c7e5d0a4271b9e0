/** A Temporal dev server of a test's own, on a fixed port and SQLite file, so the test can restart it mid-run. */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { freePort } from '../../src/activities/free-port';
import { DevServer, startDevServer } from '../../src/temporal/dev-server';
import { progressQuery } from '../../src/workflows/queries';
import type { ExperimentProgress, ExperimentResult } from '../../src/workflows/types';

export interface RestartableServer {
  address(): string;
  restart(): Promise<void>;
  stop(): Promise<void>;
  progress(workflowId: string): Promise<ExperimentProgress>;
  result(workflowId: string): Promise<ExperimentResult>;
  /** Any call through a fresh connection (the server may have restarted since the last). */
  use<T>(f: (c: Client) => Promise<T>): Promise<T>;
}

export async function restartableServer(tag: string): Promise<RestartableServer> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), `bench-${tag}-`));
  const port = await freePort();
  let server: DevServer | undefined = await startDevServer({ port, headless: true, stateDir });
  const withClient = async <T>(use: (c: Client) => Promise<T>, connectTimeout?: number): Promise<T> => {
    const connection = await Connection.connect({ address: server!.address, ...(connectTimeout ? { connectTimeout } : {}) });
    try {
      return await use(new Client({ connection }));
    } finally {
      await connection.close();
    }
  };
  return {
    address: () => server!.address,
    async restart() {
      await server?.stop();
      server = await startDevServer({ port, headless: true, stateDir });
    },
    async stop() {
      await server?.stop();
      server = undefined;
    },
    progress: (id) => withClient((c) => c.workflow.getHandle(id).query(progressQuery), 2000),
    result: (id) => withClient((c) => c.workflow.getHandle(id).result() as Promise<ExperimentResult>),
    use: (f) => withClient(f, 2000),
  };
}
