/**
 * The embedded Temporal: `temporal server start-dev` with a SQLite file in the state folder, so runs
 * survive a server restart and a later `bench server` shows every past run in the Web UI.
 */
import { spawn, ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from './search-attributes';
import { PROJECT_ROOT, temporalCliPath } from './temporal-cli';

export interface DevServerOptions {
  port?: number;
  uiPort?: number;
  headless?: boolean;
  /** Folder for the SQLite file and the server log. */
  stateDir?: string;
  namespace?: string;
  ip?: string;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  dbFile: string;
  logFile: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function defaultStateDir(): string {
  return process.env.BENCH_HOME ? path.resolve(process.env.BENCH_HOME) : path.join(PROJECT_ROOT, '.bench');
}

export function devServerArgs(opts: Required<Omit<DevServerOptions, 'uiPort'>> & { uiPort?: number; dbFile: string }): string[] {
  const args = ['server', 'start-dev', '--ip', opts.ip, '--port', String(opts.port), '--db-filename', opts.dbFile, '--namespace', opts.namespace, '--log-level', 'warn'];
  if (opts.headless) args.push('--headless');
  else if (opts.uiPort) args.push('--ui-port', String(opts.uiPort));
  for (const sa of SEARCH_ATTRIBUTE_DEFINITIONS) args.push('--search-attribute', `${sa.name}=${sa.type}`);
  return args;
}

export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const port = options.port ?? 7233;
  const ip = options.ip ?? '127.0.0.1';
  const stateDir = options.stateDir ?? defaultStateDir();
  mkdirSync(stateDir, { recursive: true });
  const dbFile = path.join(stateDir, 'temporal.sqlite');
  const logFile = path.join(stateDir, 'temporal-server.log');
  const uiPort = options.headless ? undefined : options.uiPort ?? port + 1000;
  const args = devServerArgs({ port, ip, headless: options.headless ?? false, stateDir, namespace: options.namespace ?? 'default', uiPort, dbFile });
  const log = openSync(logFile, 'a');
  const child = spawn(temporalCliPath(), args, { stdio: ['ignore', log, log], detached: false });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = await Promise.race([waitForPort(ip, port, 30_000).then(() => true), exited.then(() => false)]);
  if (!ready) {
    throw new Error(`the Temporal dev server exited before listening on ${ip}:${port}; see ${logFile} (is the port taken by another program?)`);
  }
  return {
    address: `${ip}:${port}`,
    uiUrl: uiPort ? `http://localhost:${uiPort}` : undefined,
    dbFile,
    logFile,
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function isListening(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function waitForPort(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 50; Date.now() < deadline; delay = Math.min(delay * 2, 500)) {
    if (await isListening(host, port, 500)) return;
    await new Promise((r) => setTimeout(r, delay));
  }
  throw new Error(`nothing listened on ${host}:${port} within ${timeoutMs} ms`);
}
