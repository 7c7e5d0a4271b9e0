/**
 * OpenAI-compatible completions (llama-server, Ollama, vLLM, SGLang, TGI): chat or completions,
 * streamed (SSE through eventsource-parser) or not. Records time to first token, inter-token
 * latency and time per output token; counts input, output and goodput tokens; disconnects apart.
 */
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createParser } from 'eventsource-parser';
import { Agent, request } from 'undici';
import { parseDriverOptions, type MeasurementSink, type Driver, type DriverContext, type DriverFactory, type DriverTarget, type RequestDone } from '../driver';
import { openaiOptionsSchema, type OpenaiOptions } from './options';
import { promptSource, type PromptSource } from './prompts';
import { RequestTiming } from './request-timing';

interface Usage {
  prompt_tokens?: number;
  completion_tokens?: number;
}

interface Outcome {
  error: string | null;
  outputTokens: number;
  inputTokens?: number;
  /** True when the connection closed before any reply byte: safe to resend. */
  disconnectedEarly?: boolean;
}

type Sink = Pick<MeasurementSink, 'record' | 'count'>;

const DISCONNECT_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNREFUSED']);

class OpenaiDriver implements Driver {
  readonly kind = 'openai';
  readonly pipeline = 1;
  private agent: Agent;
  private readonly url: string;
  private readonly prompts: PromptSource;
  private readonly headers: Record<string, string>;

  constructor(
    target: DriverTarget,
    private readonly o: OpenaiOptions,
    private readonly ctx: DriverContext,
  ) {
    const host = target.host.includes(':') ? `[${target.host}]` : target.host;
    this.url = `http://${host}:${target.port}${o.api === 'chat' ? '/v1/chat/completions' : '/v1/completions'}`;
    this.agent = this.newAgent();
    this.prompts = promptSource(o, ctx.rank);
    this.headers = { 'content-type': 'application/json', ...o.headers };
  }

  private newAgent(): Agent {
    // per-request: every connection serves one request, then closes (undici's pipelining 0 + reset).
    return new Agent({ keepAliveTimeout: 30_000, connections: null, pipelining: this.o.connection === 'keep-alive' ? 1 : 0 });
  }

  async connect(): Promise<void> {
    // connectWithRetry closes the driver after a failed attempt: a closed agent refuses every request.
    if (this.agent.closed || this.agent.destroyed) this.agent = this.newAgent();
    // Connections open per request; check the endpoint answers at all so a wrong port fails fast.
    const res = await request(this.url.replace(/\/v1\/.*$/, '/v1/models'), { dispatcher: this.agent, headers: this.o.headers, reset: true, headersTimeout: 10_000 });
    await res.body.dump();
    if (res.statusCode >= 500) throw new Error(`openai driver: GET /v1/models answered ${res.statusCode}`);
  }

  issue(_conn: number, done: RequestDone, measured?: boolean): void {
    const { prompt, maxTokens } = this.prompts.next();
    const body = JSON.stringify(this.body(prompt, maxTokens));
    const measure = this.ctx.measure.forRequest(measured);
    void this.send(body, this.o.retries, measure).then((outcome) => done(outcome.error));
  }

  private body(prompt: string, maxTokens: number): Record<string, unknown> {
    const o = this.o;
    return {
      model: o.model,
      ...(o.api === 'chat' ? { messages: [{ role: 'user', content: prompt }] } : { prompt }),
      max_tokens: maxTokens,
      temperature: o.temperature,
      seed: o.seed,
      stream: o.stream,
      ...(o.stream ? { stream_options: { include_usage: true } } : {}),
      ...(o.ignoreEos ? { ignore_eos: true } : {}),
    };
  }

  private async send(body: string, retriesLeft: number, measure: Sink): Promise<Outcome> {
    const outcome = await this.once(body, measure);
    if (outcome.disconnectedEarly && retriesLeft > 0) {
      measure.count('retried', 1);
      return this.send(body, retriesLeft - 1, measure);
    }
    if (outcome.error === null) measure.count('output_tokens', outcome.outputTokens);
    if (outcome.error === null && outcome.inputTokens !== undefined) measure.count('input_tokens', outcome.inputTokens);
    return outcome;
  }

  private async once(body: string, measure: Sink): Promise<Outcome> {
    const timing = new RequestTiming();
    let received = false;
    try {
      const res = await request(this.url, {
        method: 'POST',
        body,
        headers: this.headers,
        dispatcher: this.agent,
        reset: this.o.connection === 'per-request',
        headersTimeout: this.o.timeoutMs,
        bodyTimeout: this.o.timeoutMs,
      });
      received = true;
      if (res.statusCode >= 400) {
        await res.body.dump();
        return { error: `http_${res.statusCode}`, outputTokens: 0 };
      }
      return this.o.stream ? await this.readStream(res.body, timing, measure) : await this.readWhole(res.body, timing, measure);
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      // A server killed mid-stream ends a chunked body early: undici's parser reports "Invalid EOF state".
      if (DISCONNECT_CODES.has(code) || /other side closed|socket hang up|Invalid EOF state/i.test((e as Error).message)) {
        return { error: received || timing.chunks > 0 ? 'disconnected_mid_reply' : 'disconnected', outputTokens: 0, disconnectedEarly: !received };
      }
      return { error: code ? `openai_${code}` : 'openai_error', outputTokens: 0 };
    }
  }

  private async readStream(stream: Readable, timing: RequestTiming, measure: Sink): Promise<Outcome> {
    let usage: Usage | undefined;
    let apiError: string | undefined;
    const parser = createParser({
      onEvent: (event) => {
        if (event.data === '[DONE]') return;
        let chunk: { choices?: { delta?: { content?: string }; text?: string }[]; usage?: Usage; error?: unknown };
        try {
          chunk = JSON.parse(event.data);
        } catch {
          apiError = 'openai_bad_sse';
          return;
        }
        if (chunk.error) apiError = 'openai_stream_error';
        const choice = chunk.choices?.[0];
        const text = choice?.delta?.content ?? choice?.text;
        if (text) timing.token();
        if (chunk.usage) usage = chunk.usage;
      },
    });
    const decoder = new TextDecoder();
    // 'data' events, not `for await`: reading undici's body through its async iterator handed over up to
    // 34 of llama-server's SSE events as one chunk, all stamped at once (a late first token, ITLs of ~0).
    stream.on('data', (part: Buffer) => parser.feed(decoder.decode(part, { stream: true })));
    await finished(stream);
    const end = performance.now();
    if (apiError) return { error: apiError, outputTokens: 0 };
    if (timing.chunks === 0) return { error: 'openai_no_tokens', outputTokens: 0 };
    const outputTokens = usage?.completion_tokens ?? timing.chunks;
    this.recordTiming(timing, outputTokens, end, measure);
    return { error: null, outputTokens, inputTokens: usage?.prompt_tokens };
  }

  private async readWhole(stream: { json(): Promise<unknown> }, timing: RequestTiming, measure: Sink): Promise<Outcome> {
    const reply = (await stream.json()) as { usage?: Usage; choices?: unknown[] };
    const end = performance.now();
    if (!reply.choices?.length) return { error: 'openai_no_choices', outputTokens: 0 };
    const outputTokens = reply.usage?.completion_tokens ?? 0;
    this.goodput({ e2eMs: end - timing.sentAt }, measure);
    return { error: null, outputTokens, inputTokens: reply.usage?.prompt_tokens };
  }

  private recordTiming(timing: RequestTiming, outputTokens: number, end: number, m: Sink): void {
    m.record('ttft', timing.ttftUs);
    for (const gap of timing.gapsUs) m.record('itl', gap);
    const tpot = timing.tpotUs(outputTokens, end);
    if (tpot !== undefined) m.record('tpot', tpot);
    const itlMean = timing.gapsUs.length ? timing.gapsUs.reduce((a, b) => a + b, 0) / timing.gapsUs.length / 1000 : undefined;
    this.goodput({ ttftMs: timing.ttftUs / 1000, tpotMs: tpot === undefined ? undefined : tpot / 1000, itlMs: itlMean, e2eMs: end - timing.sentAt }, m);
  }

  /** A request counts towards goodput when it met every SLO the recipe set. */
  private goodput(got: { ttftMs?: number; tpotMs?: number; itlMs?: number; e2eMs: number }, measure: Sink): void {
    const slo = this.o.goodput;
    if (!slo) return;
    const within = (limit: number | undefined, value: number | undefined) => limit === undefined || (value !== undefined && value <= limit);
    if (within(slo.ttft, got.ttftMs) && within(slo.tpot, got.tpotMs) && within(slo.itl, got.itlMs) && within(slo.e2e, got.e2eMs)) measure.count('goodput_requests', 1);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

export const openaiDriver: DriverFactory = {
  kind: 'openai',
  description: 'OpenAI-compatible completions (chat or completions, streamed or not): TTFT, ITL, TPOT, tokens/s, goodput',
  options: openaiOptionsSchema,
  protocols: ['openai'],
  measurements: {
    ttft: { unit: 'us', description: 'time to first token: request sent to the first streamed content chunk' },
    itl: { unit: 'us', description: 'inter-token latency: gap between consecutive streamed content chunks' },
    tpot: { unit: 'us', description: 'time per output token: (last token − first token) / (output tokens − 1), per request' },
  },
  counts: {
    output_tokens: 'generated tokens (the server usage, else streamed chunks)',
    input_tokens: 'prompt tokens as the server counted them',
    goodput_requests: 'requests that met every SLO in options.goodput',
    retried: 'requests resent after their connection closed before a reply',
  },
  create: (target, options, ctx) => new OpenaiDriver(target, parseDriverOptions('openai', openaiOptionsSchema, options), ctx),
};
