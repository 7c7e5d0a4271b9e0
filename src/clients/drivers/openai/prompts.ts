/**
 * Prompts for the openai driver: synthetic ones of a chosen token length, or a dataset file's.
 * Synthetic prompts are built from short common English words, which nearly every tokenizer maps to
 * one token each (with the leading space); the server's own usage.prompt_tokens is what gets recorded.
 */
import { readFileSync } from 'node:fs';
import { SeededRandom } from '../../seeded-random';
import type { OpenaiOptions, TokenLength } from './options';

// Each is also one piece of the tiny test model's vocabulary (scripts/kinds/make-tiny-gguf.py), so
// inputTokens holds there too.
const WORDS = (
  'the of and to in is it you that he was for on are with as his they be at one have this from or had by but what some we ' +
  'can out other were all there when up use your how an she which do their time if will way about many then them ' +
  'would like so these her make thing see him two has look more day could go come did no most people my over know'
).split(' ');

/** Uniform [0, 1) draws from a seeded generator: the same seed gives the same prompts on every run and node. */
export function seededRandom(seed: number): () => number {
  const r = new SeededRandom(seed);
  return () => r.next();
}

export function drawLength(spec: TokenLength, random: () => number): number {
  if (typeof spec === 'number') return spec;
  if (spec.stddev === 0) return Math.max(spec.min, Math.round(spec.mean));
  // Box-Muller: one normal draw.
  const n = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const v = Math.round(spec.mean + spec.stddev * n);
  return Math.min(spec.max ?? Number.MAX_SAFE_INTEGER, Math.max(spec.min, v));
}

export interface PromptSource {
  next(): { prompt: string; maxTokens: number };
}

export function promptSource(o: OpenaiOptions, rank: number): PromptSource {
  const random = seededRandom(o.seed * 1000 + rank);
  if (o.dataset) {
    const prompts = readDataset(o.dataset.path, o.dataset.format);
    let i = rank % prompts.length;
    return { next: () => ({ prompt: prompts[i++ % prompts.length], maxTokens: drawLength(o.outputTokens, random) }) };
  }
  return {
    next: () => {
      const n = drawLength(o.inputTokens, random);
      const words = new Array<string>(n);
      for (let w = 0; w < n; w++) words[w] = WORDS[(random() * WORDS.length) | 0];
      return { prompt: words.join(' '), maxTokens: drawLength(o.outputTokens, random) };
    },
  };
}

export class DatasetError extends Error {
  override name = 'DatasetError';
}

/** Prompts of a JSONL ({"prompt"}) or ShareGPT file: the first human turn of each conversation. */
export function readDataset(file: string, format: 'jsonl' | 'sharegpt'): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new DatasetError(`driver.options.dataset.path: cannot read ${file}: ${(e as Error).message}`);
  }
  const records: unknown[] = [];
  const trimmed = text.trimStart();
  if (format === 'sharegpt' && trimmed.startsWith('[')) records.push(...(JSON.parse(trimmed) as unknown[]));
  else
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      try {
        records.push(JSON.parse(line));
      } catch {
        throw new DatasetError(`${file}:${i + 1}: not a JSON line`);
      }
    });
  const prompts = records.flatMap((r) => {
    const rec = r as { prompt?: unknown; conversations?: { from?: string; value?: unknown }[] };
    if (format === 'jsonl') return typeof rec.prompt === 'string' ? [rec.prompt] : [];
    const turn = rec.conversations?.find((c) => c.from === 'human' || c.from === 'user');
    return typeof turn?.value === 'string' ? [turn.value] : [];
  });
  if (prompts.length === 0) throw new DatasetError(`${file}: no prompts found (format ${format}: ${format === 'jsonl' ? '{"prompt": "..."} per line' : 'conversations with a "human" turn'})`);
  return prompts;
}
