import { z } from 'zod';

/** A token length: fixed, or drawn per request from a normal distribution clamped to [min, max]. */
const tokenLength = z.union([
  z.number().int().positive(),
  z.strictObject({
    mean: z.number().positive(),
    stddev: z.number().nonnegative().default(0),
    min: z.number().int().positive().default(1),
    max: z.number().int().positive().optional(),
  }),
]);
export type TokenLength = z.output<typeof tokenLength>;

const slo = z.number().positive().meta({ description: 'Milliseconds.' });

export const openaiOptionsSchema = z.strictObject({
  api: z.enum(['chat', 'completions']).default('chat').meta({ description: 'POST /v1/chat/completions (messages) or /v1/completions (prompt).' }),
  model: z.string().min(1).default('tiny-llama').meta({ description: 'The "model" field of each request (the name the server serves).' }),
  stream: z.boolean().default(true).meta({ description: 'Stream the reply (SSE): needed for time to first token and inter-token latency.' }),
  inputTokens: tokenLength.default(64).meta({ description: 'Synthetic prompt length in tokens (about one word per token; the server-reported count is recorded as input_tokens).' }),
  outputTokens: tokenLength.default(64).meta({ description: 'Tokens to generate (max_tokens; with ignoreEos the reply has exactly this many).' }),
  ignoreEos: z.boolean().default(true).meta({ description: 'Send ignore_eos so every reply has outputTokens tokens (llama-server, vLLM); engines without it may stop early.' }),
  dataset: z
    .strictObject({
      path: z.string().min(1).meta({ description: 'JSONL file: one {"prompt": "..."} per line, or ShareGPT ({"conversations": [{"from": "human", "value": "..."}]}) as JSON or JSONL.' }),
      format: z.enum(['jsonl', 'sharegpt']).default('jsonl'),
    })
    .optional()
    .meta({ description: 'Prompts from a file instead of the synthetic generator (cycled in order).' }),
  temperature: z.number().min(0).max(2).default(1),
  seed: z.number().int().default(1).meta({ description: 'Seed for the synthetic prompts and the server sampler.' }),
  connection: z
    .enum(['per-request', 'keep-alive'])
    .default('per-request')
    .meta({ description: 'per-request: a new connection per request (llama-server drops 2-3 % of reused keep-alive connections); keep-alive: reuse them.' }),
  retries: z.number().int().min(0).max(5).default(0).meta({ description: 'Resend a request whose connection was closed before any reply byte (counted as retried).' }),
  goodput: z
    .strictObject({ ttft: slo.optional(), tpot: slo.optional(), itl: slo.optional(), e2e: slo.optional() })
    .optional()
    .meta({ description: 'SLOs in ms: a request counts towards goodput when it meets all of them, e.g. {ttft: 500, tpot: 50}.' }),
  timeoutMs: z.number().int().positive().default(600_000),
  headers: z.record(z.string(), z.string()).default({}).meta({ description: 'Extra request headers (e.g. Authorization: Bearer ...).' }),
});
export type OpenaiOptions = z.output<typeof openaiOptionsSchema>;
