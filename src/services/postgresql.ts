import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { z } from 'zod';
import type { ServiceKind } from './service-kind';

const options = z.strictObject({
  binDir: z.string().optional().meta({ description: 'Folder with initdb and postgres (default: the newest /usr/lib/postgresql/*/bin, else PATH).' }),
  database: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'use lowercase letters, digits and _').default('postgres').meta({ description: 'Database created for the clients (postgres always exists).' }),
  settings: z
    .record(z.string().regex(/^[a-z_][a-z0-9_.]*$/, 'a postgresql.conf setting name'), z.union([z.string(), z.number(), z.boolean()]))
    .default({})
    .meta({ description: 'postgresql.conf settings passed as -c name=value, e.g. shared_buffers: 256MB, max_connections: 200.' }),
  durable: z.boolean().default(false).meta({ description: 'Keep fsync and synchronous_commit on (off by default: a benchmark of the engine, not of the disk).' }),
});
type Options = z.output<typeof options>;

/** The newest Debian PostgreSQL bin folder on this machine, when there is one. */
export function debianPostgresBin(): string | undefined {
  try {
    const majors = readdirSync('/usr/lib/postgresql').filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a));
    return majors.length ? `/usr/lib/postgresql/${majors[0]}/bin` : undefined;
  } catch {
    return undefined;
  }
}

/** A PostgreSQL server from initdb to ready; shared by the postgresql and pgvector kinds. */
export function postgresLaunch(bin: string | undefined, o: Options, ctx: { ports: Record<string, number>; bindAddress: string; workDir: string }, extraArgs: string[] = []) {
  const tool = (name: string) => (bin ? path.posix.join(bin, name) : name);
  const data = path.posix.join(ctx.workDir, 'data');
  const settings: Record<string, string | number | boolean> = {
    listen_addresses: ctx.bindAddress,
    port: ctx.ports.postgresql,
    // TCP only: a socket path under a deep work folder passes the 107-byte limit of Unix sockets.
    unix_socket_directories: '',
    ...(o.durable ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
    ...o.settings,
  };
  const setup: { argv: string[]; creates: string }[] = [
    { argv: [tool('initdb'), '-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8'], creates: path.posix.join(data, 'PG_VERSION') },
  ];
  return {
    setup,
    command: [tool('postgres'), '-D', data, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${typeof v === 'boolean' ? (v ? 'on' : 'off') : v}`]), ...extraArgs],
    runAsIfRoot: 'postgres',
  };
}

/** Ready when a real query answers, and the clients' database exists (created on first readiness). */
export async function postgresPing(host: string, port: number, database: string, timeoutMs: number): Promise<{ ok: boolean; detail?: string }> {
  const client = new Client({ host, port, user: 'postgres', database: 'postgres', connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
    if (database !== 'postgres') {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${database}`);
    }
    return { ok: true };
  } catch (e) {
    return { ok: false, detail: (e as Error).message };
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function postgresVersion(host: string, port: number): Promise<string | undefined> {
  const client = new Client({ host, port, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return (await client.query('SHOW server_version')).rows[0]?.server_version as string | undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const postgresql: ServiceKind<Options> = {
  kind: 'postgresql',
  description: 'PostgreSQL (Debian postgresql): initdb into the work folder, trust auth for user postgres',
  options,
  defaultPorts: { postgresql: 5432 },
  protocols: ['postgresql'],
  launch(service, o, ctx) {
    const plan = postgresLaunch(o.binDir ?? debianPostgresBin(), o, ctx, service.args ?? []);
    return service.command ? { ...plan, command: [...service.command, ...(service.args ?? [])] } : plan;
  },
  defaultProbe: () => ({ type: 'ping', port: 'postgresql', protocol: 'postgresql' }),
  ping: (endpoint, port, o, timeoutMs) => postgresPing(endpoint.host, port, o.database, timeoutMs),
  version: (endpoint) => postgresVersion(endpoint.host, endpoint.ports.postgresql),
  exporter: (_service, ctx) => ({
    command: ['prometheus-postgres-exporter', `--web.listen-address=${ctx.bindAddress}:${ctx.metricsPort}`],
    env: { DATA_SOURCE_NAME: `postgresql://postgres@${ctx.serviceHost}:${ctx.ports.postgresql}/postgres?sslmode=disable` },
  }),
  panels: [
    { name: 'postgresql_tps', title: 'PostgreSQL commits/s', unit: 'tx/s', expr: 'sum by (service) (rate(pg_stat_database_xact_commit{job="exporter"}[W]))' },
  ],
  image: 'postgres:16',
  install: { hint: 'apt-get install postgresql (or `bench setup postgresql`)' },
};
