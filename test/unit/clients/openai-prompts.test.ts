import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openaiOptionsSchema } from '../../../src/clients/drivers/openai/options';
import { drawLength, promptSource, readDataset, seededRandom } from '../../../src/clients/drivers/openai/prompts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-prompts-'));
const file = (name: string, text: string) => {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
};

describe('openai driver prompts', () => {
  it('reads JSONL prompts and ShareGPT conversations (JSON array or JSONL), first human turn each', () => {
    expect(readDataset(file('p.jsonl', '{"prompt":"one"}\n\n{"prompt":"two"}\n{"other":1}\n'), 'jsonl')).toEqual(['one', 'two']);
    const conv = { conversations: [{ from: 'system', value: 's' }, { from: 'human', value: 'hi there' }, { from: 'gpt', value: 'hello' }] };
    expect(readDataset(file('s.json', JSON.stringify([conv, conv])), 'sharegpt')).toEqual(['hi there', 'hi there']);
    expect(readDataset(file('s.jsonl', JSON.stringify(conv) + '\n'), 'sharegpt')).toEqual(['hi there']);
  });

  it('says which line is broken and what a file must hold', () => {
    expect(() => readDataset(file('bad.jsonl', '{"prompt":"a"}\nnot json\n'), 'jsonl')).toThrow(/bad\.jsonl:2: not a JSON line/);
    expect(() => readDataset(file('none.jsonl', '{"text":"a"}\n'), 'jsonl')).toThrow(/no prompts found .*\{"prompt": "\.\.\."\} per line/);
    expect(() => readDataset(path.join(dir, 'missing.jsonl'), 'jsonl')).toThrow(/driver\.options\.dataset\.path: cannot read/);
  });

  it('draws token lengths from a clamped normal distribution, reproducibly', () => {
    const spec = { mean: 100, stddev: 20, min: 50, max: 130 };
    const a = Array.from({ length: 2000 }, ((r) => () => drawLength(spec, r))(seededRandom(3)));
    const b = Array.from({ length: 2000 }, ((r) => () => drawLength(spec, r))(seededRandom(3)));
    expect(a).toEqual(b);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(50);
    expect(Math.max(...a)).toBeLessThanOrEqual(130);
    const mean = a.reduce((x, y) => x + y, 0) / a.length;
    expect(Math.abs(mean - 100)).toBeLessThan(3);
    expect(drawLength(64, Math.random)).toBe(64);
  });

  it('cycles a dataset from a rank-dependent start and builds synthetic prompts of the asked word count', () => {
    const o = openaiOptionsSchema.parse({ dataset: { path: file('c.jsonl', '{"prompt":"a"}\n{"prompt":"b"}\n{"prompt":"c"}\n') }, outputTokens: 16 });
    const r1 = promptSource(o, 1);
    expect([r1.next(), r1.next(), r1.next(), r1.next()].map((p) => p.prompt)).toEqual(['b', 'c', 'a', 'b']);
    const synthetic = promptSource(openaiOptionsSchema.parse({ inputTokens: 40, outputTokens: 8 }), 0).next();
    expect(synthetic.prompt.split(' ')).toHaveLength(40);
    expect(synthetic.maxTokens).toBe(8);
  });
});
