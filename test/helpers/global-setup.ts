/**
 * One Temporal dev server for the whole test run (headless, its own state folder, a free port).
 * Tests read its address from TEMPORAL_ADDRESS; tests that restart a server start their own.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDevServer } from '../../src/temporal/dev-server';
import { freePort } from '../../src/activities/free-port';

export default async function globalSetup(): Promise<void> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'bench-test-temporal-'));
  const port = await freePort();
  const server = await startDevServer({ port, headless: true, stateDir });
  process.env.TEMPORAL_ADDRESS = server.address;
  process.env.BENCH_TEST_TEMPORAL_STATE = stateDir;
  writeFileSync(path.join(stateDir, 'pid'), String(server.process.pid));
  (globalThis as { __benchServer?: typeof server }).__benchServer = server;
}
