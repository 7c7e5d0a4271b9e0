import path from 'node:path';
import { z } from 'zod';
import type { ServiceKind } from './service-kind';
import { toolPath } from './tool-path';

const options = z.strictObject({
  dataDir: z.string().min(1).optional().meta({ description: 'Data folder as the node sees it (default: data/ in the work folder).' }),
  maxWorkers: z.number().int().min(1).max(256).optional().meta({ description: 'gRPC thread pool size of the server (--max-workers; milvus-lite default 10).' }),
});
type Options = z.output<typeof options>;

/** One gRPC call to a Milvus server through the official SDK, loaded on first use (about 2 s to require). */
async function withMilvus<T>(host: string, port: number, timeoutMs: number, call: (c: import('@zilliz/milvus2-sdk-node').MilvusClient) => Promise<T>): Promise<T> {
  const { MilvusClient } = await import('@zilliz/milvus2-sdk-node');
  const client = new MilvusClient({
    address: `${host.includes(':') ? `[${host}]` : host}:${port}`,
    timeout: timeoutMs,
    maxRetries: 0,
    logLevel: 'error',
    // The SDK's telemetry heartbeats go to the server itself; a readiness probe has no use for them.
    telemetry: { enabled: false },
  });
  try {
    return await call(client);
  } finally {
    await client.closeConnection().catch(() => undefined);
  }
}

/** Ready when the server answers CheckHealth as healthy (a real gRPC call, not just a connect). */
export async function milvusPing(host: string, port: number, timeoutMs: number): Promise<{ ok: boolean; detail?: string }> {
  try {
    const r = await withMilvus(host, port, timeoutMs, (c) => c.checkHealth());
    return r.isHealthy ? { ok: true } : { ok: false, detail: `CheckHealth: not healthy ${JSON.stringify(r.reasons ?? [])}` };
  } catch (err) {
    return { ok: false, detail: `CheckHealth: ${(err as Error).message}` };
  }
}

/** GetVersion's answer (recorded after the kind's name); Milvus Lite says `milvus_lite-3.2.2`, shown as `Lite 3.2.2`. */
export async function milvusVersion(host: string, port: number): Promise<string | undefined> {
  const r = await withMilvus(host, port, 2000, (c) => c.getVersion());
  return r.version ? r.version.replace(/^milvus_lite-/, 'Lite ') : undefined;
}

export const milvus: ServiceKind<Options> = {
  kind: 'milvus',
  description: 'Milvus Lite vector database (`milvus-lite server` from the PyPI milvus-lite wheel, `bench setup milvus`), Milvus gRPC API',
  options,
  defaultPorts: { grpc: 19530 },
  protocols: ['vector', 'grpc'],
  launch(service, o, ctx) {
    return {
      command: [
        ...(service.command ?? [toolPath('milvus-lite')]),
        'server',
        '--data-dir', o.dataDir ?? path.posix.join(ctx.workDir, 'data'),
        // Without --host it binds 0.0.0.0.
        '--host', ctx.bindAddress,
        '--port', String(ctx.ports.grpc),
        ...(o.maxWorkers ? ['--max-workers', String(o.maxWorkers)] : []),
        ...(service.args ?? []),
      ],
    };
  },
  defaultProbe: () => ({ type: 'ping', port: 'grpc', protocol: 'grpc' }),
  ping: (endpoint, port, _o, timeoutMs) => milvusPing(endpoint.host, port, timeoutMs),
  // Measured ready in 1-3 s; importing its Python engine on a busy 2-core node can take far longer.
  readyTimeoutMs: 2 * 60_000,
  version: (endpoint) => milvusVersion(endpoint.host, endpoint.ports.grpc),
  install: { hint: 'run `bench setup milvus` (scripts/kinds/milvus.sh: the PyPI milvus-lite wheel with pymilvus into a venv, about 450 MiB, under a minute once per machine)' },
};
