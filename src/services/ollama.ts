import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { z } from 'zod';
import type { Endpoint } from '../backends/backend';
import { tinyModelPath } from './llama-cpp';
import type { ServiceKind } from './service-kind';
import { toolPath } from './tool-path';

const keepAlive = z.union([
  z.number().int(),
  z.string().regex(/^-?(\d+(\.\d*)?(ns|us|µs|ms|s|m|h))+$/, 'a duration such as "5m", "1h30m" or "-1s", or a number of seconds'),
]);

const options = z.strictObject({
  model: z.string().min(1).optional().meta({
    description:
      'GGUF file as the bench worker sees it (default: the tiny random-weight model `bench setup ollama` writes). The readiness probe uploads it through the blob API, so the node needs no copy.',
  }),
  name: z
    .string()
    .regex(/^([A-Za-z0-9][A-Za-z0-9_.-]*\/)?[A-Za-z0-9][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/, 'an Ollama model name: letters, digits, _ . -, optionally namespace/ and :tag')
    .default('tiny-llama')
    .meta({ description: 'Name the model is created under (clients send it as "model").' }),
  numParallel: z.number().int().positive().default(1).meta({ description: 'Requests one loaded model decodes side by side (OLLAMA_NUM_PARALLEL).' }),
  keepAlive: keepAlive.default(-1).meta({ description: 'How long the model stays loaded after its last request (OLLAMA_KEEP_ALIVE): a duration or seconds; negative keeps it loaded for the whole run.' }),
  contextSize: z.number().int().positive().default(2048).meta({ description: 'Context length per request (OLLAMA_CONTEXT_LENGTH).' }),
  threads: z.number().int().positive().default(1).meta({ description: 'CPU threads of the model runner (num_thread); on a shared small machine 1 avoids spinning threads collapsing throughput.' }),
});
type Options = z.output<typeof options>;

const CREATE_TIMEOUT_MS = 10 * 60_000;

const base = (host: string, port: number) => `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

/** One request on its own connection; `body`: JSON, or a stream sent as is (a blob upload). */
async function call(url: string, method: 'GET' | 'HEAD' | 'POST', timeoutMs: number, body?: object | Readable): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await request(url, {
    method,
    reset: true,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    ...(body instanceof Readable ? { body } : body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
  });
  const text = await res.body.text();
  try {
    return { status: res.statusCode, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  } catch {
    return { status: res.statusCode, json: { error: text.slice(0, 300) } };
  }
}

/** Whether the server has the model loaded (GET /api/ps lists names with their tag). */
async function isLoaded(url: string, name: string, timeoutMs: number): Promise<boolean> {
  const { status, json } = await call(`${url}/api/ps`, 'GET', timeoutMs);
  if (status !== 200) throw new Error(`GET /api/ps: HTTP ${status}`);
  const full = name.includes(':') ? name : `${name}:latest`;
  return ((json.models ?? []) as { name?: string }[]).some((m) => m.name === full);
}

const digests = new Map<string, string>();

async function sha256Of(file: string): Promise<string> {
  const st = statSync(file);
  const key = `${file}:${st.size}:${st.mtimeMs}`;
  const known = digests.get(key);
  if (known) return known;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  const digest = `sha256:${hash.digest('hex')}`;
  digests.set(key, digest);
  return digest;
}

/** Uploads the GGUF (unless the server has it), creates the model from it and loads it: idempotent, so a retry after any step is safe. */
async function prepareModel(url: string, o: Options): Promise<void> {
  const file = o.model ?? tinyModelPath();
  try {
    statSync(file);
  } catch {
    throw new Error(`options.model: ${file} is not a file the bench worker can read; give a GGUF path${o.model ? '' : ', or run `bench setup ollama` to write the tiny model'}`);
  }
  const digest = await sha256Of(file);
  if ((await call(`${url}/api/blobs/${digest}`, 'HEAD', CREATE_TIMEOUT_MS)).status !== 200) {
    const up = await call(`${url}/api/blobs/${digest}`, 'POST', CREATE_TIMEOUT_MS, createReadStream(file));
    if (up.status !== 201 && up.status !== 200) throw new Error(`uploading ${file}: HTTP ${up.status} ${String(up.json.error ?? '')}`);
  }
  const created = await call(`${url}/api/create`, 'POST', CREATE_TIMEOUT_MS, {
    model: o.name,
    files: { [path.basename(file)]: digest },
    parameters: { num_thread: o.threads },
    stream: false,
  });
  if (created.status !== 200) throw new Error(`creating model ${o.name} from ${file}: HTTP ${created.status} ${String(created.json.error ?? '')}`);
  // An empty prompt only loads the model: the first measured request does not pay for starting the runner.
  const loaded = await call(`${url}/api/generate`, 'POST', CREATE_TIMEOUT_MS, { model: o.name, prompt: '', stream: false });
  if (loaded.status !== 200) throw new Error(`loading model ${o.name}: HTTP ${loaded.status} ${String(loaded.json.error ?? '')}`);
}

/** Model preparation per server and model name: a big upload or load outlasts many probes. */
const preparing = new Map<string, { state: 'running' | 'done' | 'failed'; error?: string }>();

/**
 * Ready once the model is loaded (listed by /api/ps) or has just been prepared. The server cannot
 * create a model before it runs, so the first probe starts uploading, creating and loading it in the
 * background, and later probes report how that went (a failure is retried on the next probe).
 */
async function ollamaPing(endpoint: Endpoint, port: number, o: Options, timeoutMs: number): Promise<{ ok: boolean; detail?: string }> {
  const url = base(endpoint.host, port);
  try {
    const v = await call(`${url}/api/version`, 'GET', timeoutMs);
    if (v.status !== 200) return { ok: false, detail: `GET /api/version: HTTP ${v.status}` };
    const key = `${url}/${o.name}`;
    if (await isLoaded(url, o.name, timeoutMs)) {
      preparing.delete(key);
      return { ok: true };
    }
    const job = preparing.get(key);
    if (job?.state === 'done') return { ok: true };
    if (job?.state === 'running') return { ok: false, detail: `model ${o.name}: uploading, creating and loading${job.error ? ` (again, after: ${job.error})` : ''}` };
    const attempt: { state: 'running' | 'done' | 'failed'; error?: string } = { state: 'running', error: job?.error };
    preparing.set(key, attempt);
    prepareModel(url, o).then(
      () => (attempt.state = 'done'),
      (e: Error) => Object.assign(attempt, { state: 'failed', error: e.message }),
    );
    return { ok: false, detail: job?.error ?? `model ${o.name}: preparing` };
  } catch (e) {
    return { ok: false, detail: (e as Error).message };
  }
}

async function ollamaVersion(endpoint: Endpoint): Promise<string | undefined> {
  const { status, json } = await call(`${base(endpoint.host, endpoint.ports.http)}/api/version`, 'GET', 2000);
  return status === 200 && typeof json.version === 'string' ? json.version : undefined;
}

export const ollama: ServiceKind<Options> = {
  kind: 'ollama',
  description:
    'Ollama (OpenAI-compatible and its own API), built by `bench setup ollama`; serves a local GGUF that its ping probe uploads, creates and loads (keep that probe: tcp or http would not create the model). No model hub, cloud off',
  options,
  defaultPorts: { http: 11434 },
  protocols: ['openai', 'http'],
  launch(service, o, ctx) {
    return {
      command: [...(service.command ?? [toolPath('ollama')]), 'serve', ...(service.args ?? [])],
      env: {
        // The first start writes a key pair into $HOME/.ollama: keep it in the work folder.
        HOME: ctx.workDir,
        OLLAMA_HOST: `${ctx.bindAddress.includes(':') ? `[${ctx.bindAddress}]` : ctx.bindAddress}:${ctx.ports.http}`,
        OLLAMA_MODELS: path.posix.join(ctx.workDir, 'models'),
        OLLAMA_NO_CLOUD: '1',
        OLLAMA_NUM_PARALLEL: String(o.numParallel),
        OLLAMA_KEEP_ALIVE: String(o.keepAlive),
        OLLAMA_CONTEXT_LENGTH: String(o.contextSize),
      },
    };
  },
  defaultProbe: () => ({ type: 'ping', port: 'http', protocol: 'ollama' }),
  ping: (endpoint, port, o, timeoutMs) => ollamaPing(endpoint, port, o, timeoutMs),
  readyTimeoutMs: 5 * 60_000,
  version: (endpoint) => ollamaVersion(endpoint),
  image: 'ollama/ollama:0.17.4',
  install: { hint: 'run `bench setup ollama` (builds Ollama from the Go module proxy, about 5 min once per machine)' },
};
