import { z } from 'zod';
import { openaiVersion } from './openai-probe';
import { fillPlaceholders } from './placeholders';
import type { ServiceKind } from './service-kind';

const options = z.strictObject({
  readyPath: z.enum(['/health', '/v1/models']).default('/health').meta({ description: 'Readiness: /health (vLLM, SGLang, TGI, llama-server) or /v1/models for engines without it.' }),
});

/** Any OpenAI-compatible engine given by command (or image): vLLM, SGLang, TGI, on GPU clusters. */
export const openai: ServiceKind<z.output<typeof options>> = {
  kind: 'openai',
  description: 'Any OpenAI-compatible inference engine (vLLM, SGLang, TGI...) given by command or image; port "http"',
  options,
  defaultPorts: { http: 8000 },
  protocols: ['openai', 'http'],
  launch(service, _o, ctx) {
    if (!service.command) throw new Error(`service ${service.name}: kind openai needs a command, e.g. [vllm, serve, MODEL, --host, "{host}", --port, "{port}"]`);
    return { command: fillPlaceholders([...service.command, ...(service.args ?? [])], ctx) };
  },
  defaultProbe: (_s, o) => ({ type: 'http', port: 'http', path: o.readyPath, status: [200] }),
  readyTimeoutMs: 15 * 60_000,
  version: (endpoint) => openaiVersion(endpoint.host, endpoint.ports.http),
  install: { hint: 'install the engine where the service runs (e.g. pip install vllm on a GPU node) and give its argv in services[].command' },
};
