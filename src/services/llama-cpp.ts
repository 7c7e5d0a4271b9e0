import path from 'node:path';
import { z } from 'zod';
import { benchCacheDir, toolPath } from './tool-path';
import type { ServiceKind } from './service-kind';
import { openaiVersion } from './openai-probe';

/** The tiny random-weight model `bench setup llama-cpp` writes (no model hub needed). */
export function tinyModelPath(): string {
  return path.join(benchCacheDir(), 'models', 'tiny-llama-v1.gguf');
}

const options = z.strictObject({
  model: z.string().min(1).optional().meta({ description: "GGUF file as the node sees it (default: the tiny random-weight model `bench setup llama-cpp` writes)." }),
  alias: z.string().default('tiny-llama').meta({ description: 'Model name the server answers to (clients send it as "model").' }),
  contextSize: z.number().int().positive().default(2048).meta({ description: 'Context per slot × slots (llama-server -c).' }),
  parallel: z.number().int().positive().default(1).meta({ description: 'Slots decoding side by side (-np): the batch the server runs.' }),
  threads: z.number().int().positive().default(1).meta({ description: 'CPU threads (-t); on a shared small machine 1 avoids spinning threads collapsing throughput.' }),
  gpuLayers: z.number().int().nonnegative().optional().meta({ description: 'Layers offloaded to a GPU (-ngl), for builds with one.' }),
  continuousBatching: z.boolean().default(true),
});
type Options = z.output<typeof options>;

export const llamaCpp: ServiceKind<Options> = {
  kind: 'llama-cpp',
  description: "llama.cpp's llama-server (OpenAI-compatible API), built by `bench setup llama-cpp`; serves a GGUF model",
  options,
  defaultPorts: { http: 8080 },
  protocols: ['openai', 'http'],
  launch(service, o, ctx) {
    return {
      command: [
        ...(service.command ?? [toolPath('llama-server')]),
        '-m', o.model ?? tinyModelPath(),
        '--alias', o.alias,
        '--host', ctx.bindAddress,
        '--port', String(ctx.ports.http),
        '-t', String(o.threads),
        '-c', String(o.contextSize),
        '-np', String(o.parallel),
        ...(o.gpuLayers !== undefined ? ['-ngl', String(o.gpuLayers)] : []),
        ...(o.continuousBatching ? [] : ['--no-cont-batching']),
        '--no-webui',
        '--metrics',
        ...(service.args ?? []),
      ],
    };
  },
  // /health answers 503 while the model loads and 200 once it can serve.
  defaultProbe: () => ({ type: 'http', port: 'http', path: '/health', status: [200] }),
  readyTimeoutMs: 10 * 60_000,
  metrics: { port: 'http', path: '/metrics' },
  panels: [
    { name: 'llamacpp_tokens', title: 'llama-server generated tokens/s', unit: 'tokens/s', expr: 'sum by (service) (rate(llamacpp:tokens_predicted_total{job="exporter"}[W]))' },
    { name: 'llamacpp_busy_slots', title: 'llama-server requests processing', unit: 'requests', expr: 'sum by (service) (llamacpp:requests_processing{job="exporter"})' },
  ],
  version: (endpoint) => openaiVersion(endpoint.host, endpoint.ports.http),
  image: 'ghcr.io/ggml-org/llama.cpp:server',
  install: { hint: 'run `bench setup llama-cpp` (builds llama-server from source, 10-25 min once per machine, and writes the tiny model)' },
};
