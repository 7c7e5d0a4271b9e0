import path from 'node:path';
import { z } from 'zod';
import type { ServiceKind } from './service-kind';
import { toolPath } from './tool-path';

const options = z.strictObject({
  dataDir: z.string().min(1).optional().meta({ description: 'Persistence folder as the node sees it (default: data/ in the work folder).' }),
});
type Options = z.output<typeof options>;

async function chromaVersion(host: string, port: number): Promise<string | undefined> {
  const res = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${port}/api/v2/version`, { signal: AbortSignal.timeout(2000) });
  if (!res.ok) return undefined;
  // The server answers with its HTTP API version (1.0.0 for the chromadb 1.x releases), not the package's.
  return `API ${String(await res.json())}`;
}

export const chroma: ServiceKind<Options> = {
  kind: 'chroma',
  description: 'Chroma vector database (`chroma run` from the PyPI chromadb wheel, `bench setup chroma`), HTTP v2 API, telemetry off',
  options,
  defaultPorts: { http: 8000 },
  protocols: ['vector', 'http'],
  launch(service, o, ctx) {
    return {
      command: [
        ...(service.command ?? [toolPath('chroma')]),
        'run',
        '--host', ctx.bindAddress,
        '--port', String(ctx.ports.http),
        '--path', o.dataDir ?? path.posix.join(ctx.workDir, 'data'),
        ...(service.args ?? []),
      ],
      env: { ANONYMIZED_TELEMETRY: 'False' },
    };
  },
  defaultProbe: () => ({ type: 'http', port: 'http', path: '/api/v2/heartbeat', status: [200] }),
  // Measured ready in 2-6 s; a busy 2-core node loading the Python CLI can take far longer.
  readyTimeoutMs: 2 * 60_000,
  version: (endpoint) => chromaVersion(endpoint.host, endpoint.ports.http),
  image: 'chromadb/chroma:1.5.9',
  install: { hint: 'run `bench setup chroma` (scripts/kinds/chroma.sh: the PyPI chromadb wheel into a venv, about 515 MiB, 1-4 min once per machine)' },
};
