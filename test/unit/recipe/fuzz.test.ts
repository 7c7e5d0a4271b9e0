/**
 * Fuzzing the validator: a fixed number of seeded random documents (YAML and JSON built from recipe
 * words, and byte-level mutations of the quickstart) through the full check, plug-in option schemas
 * included (checkRecipe). It must never throw: every outcome is
 * a recipe or a list of issues, each with a path and a message.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { checkRecipe as parseRecipe } from '../../../src/recipe/check';
import { prng } from '../../helpers/seeded-random';

const CASES = 2000;
const QUICKSTART = readFileSync(path.join(__dirname, '..', '..', '..', 'recipes', 'quickstart.yaml'), 'utf8');


const WORDS = ['name', 'services', 'workload', 'clients', 'kind', 'redis', 'command', 'driver', 'target', 'instances', 'executor', 'type', 'closed-loop', 'constant-arrival-rate', 'duration', 'warmup', 'healthCheck', 'timeout', 'restart', 'maxRetries', 'backoff', 'ports', 'env', 'args', 'options', 'backend', 'slurm', 'local', 'monitoring', 'timeouts', 'experiment', 'minClientShare', 'rate', 'connections', 'llama-cpp', 'openai', 's3', 'vector', 'pgvector', 'nginx', 'filesystem', 'fio', 'http', 'replicas', 'inputTokens', 'mix', 'engine', 'port', '__proto__', 'constructor', ''];
const SCALARS: unknown[] = [0, -1, 1.5, 1e308, -0, 2 ** 53, '10s', '-5s', '1.5m', 'soon', '', ' ', 'x'.repeat(300), true, false, null, '$(touch x)', '../..', 'a/b', '\u202e', '💥', '0x1F', '~', 'NaN', '.inf'];

function randomValue(rand: () => number, depth: number): unknown {
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const r = rand();
  if (depth > 5 || r < 0.4) return pick(SCALARS);
  if (r < 0.6) return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
  const obj: Record<string, unknown> = {};
  for (let i = Math.floor(rand() * 6); i > 0; i--) obj[rand() < 0.85 ? pick(WORDS) : `k${Math.floor(rand() * 1e6).toString(36)}`] = randomValue(rand, depth + 1);
  return obj;
}

/** A recipe-shaped document with random holes and wrong values. */
function randomRecipe(rand: () => number): unknown {
  const base = { name: 'fuzz', services: [{ name: 'redis', kind: 'redis' }], workload: { clients: [{ name: 'load', driver: 'redis', target: 'redis', executor: { type: 'closed-loop', connections: 1 }, duration: '1s' }] } };
  const doc = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  const paths: string[][] = [['name'], ['services', '0', 'name'], ['services', '0', 'kind'], ['services', '0', 'healthCheck'], ['workload', 'clients', '0', 'instances'], ['workload', 'clients', '0', 'executor'], ['workload', 'clients', '0', 'duration'], ['workload'], ['services'], ['timeouts'], ['workload', 'minClientShare'], ['services', '0', 'options'], ['services', '0', 'replicas'], ['workload', 'clients', '0', 'options'], ['workload', 'clients', '0', 'driver'], ['workload', 'clients', '0', 'port']];
  for (let i = 1 + Math.floor(rand() * 3); i > 0; i--) {
    const p = paths[Math.floor(rand() * paths.length)];
    let node = doc as Record<string, unknown>;
    for (const k of p.slice(0, -1)) {
      if (typeof node[k] !== 'object' || node[k] === null) node[k] = {};
      node = node[k] as Record<string, unknown>;
    }
    node[p.at(-1)!] = randomValue(rand, 2);
  }
  return doc;
}

const NOISE = [':', '-', ' ', '\n', '\t', '[', ']', '{', '}', '&a', '*a', '!!binary ', '!x ', '#', '"', "'", '|', '>', '%YAML 1.1\n', '---\n', '...\n', '? ', ',', '<<: *a', '\\', '\u0000', '\ufeff', '𝕏'];

function mutate(text: string, rand: () => number): string {
  let s = text;
  for (let i = 1 + Math.floor(rand() * 6); i > 0; i--) {
    const at = Math.floor(rand() * (s.length + 1));
    const op = rand();
    if (op < 0.35) s = s.slice(0, at) + NOISE[Math.floor(rand() * NOISE.length)] + s.slice(at);
    else if (op < 0.6) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rand() * 8));
    else if (op < 0.75) s = s.slice(0, at);
    else {
      const lines = s.split('\n');
      const a = Math.floor(rand() * lines.length);
      const b = Math.floor(rand() * lines.length);
      if (op < 0.9) [lines[a], lines[b]] = [lines[b], lines[a]];
      else lines.splice(a, 0, lines[b]);
      s = lines.join('\n');
    }
  }
  return s;
}

function generate(i: number): { kind: string; text: string } {
  const rand = prng(0xbe7c4 + i);
  switch (i % 4) {
    case 0:
      return { kind: 'yaml', text: stringify(randomRecipe(rand)) };
    case 1:
      return { kind: 'json', text: JSON.stringify(rand() < 0.5 ? randomRecipe(rand) : randomValue(rand, 0)) };
    case 2:
      return { kind: 'quickstart-mutation', text: mutate(QUICKSTART, rand) };
    default:
      return { kind: 'yaml-mutation', text: mutate(stringify(randomRecipe(rand)), rand) };
  }
}

describe(`fuzz: ${CASES} seeded random documents through parseRecipe`, () => {
  it('never throws; every failure is a list of issues with a path and a message', () => {
    const outcomes: Record<string, { ok: number; invalid: number }> = {};
    for (let i = 0; i < CASES; i++) {
      const { kind, text } = generate(i);
      let result;
      try {
        result = parseRecipe(text);
      } catch (e) {
        throw new Error(`case ${i} (${kind}) threw ${(e as Error).stack}\n--- input ---\n${text.slice(0, 2000)}`);
      }
      outcomes[kind] ??= { ok: 0, invalid: 0 };
      if (result.ok) {
        outcomes[kind].ok++;
        expect(result.issues).toEqual([]);
      } else {
        outcomes[kind].invalid++;
        expect(result.issues.length).toBeGreaterThan(0);
        for (const issue of result.issues) {
          expect(typeof issue.path).toBe('string');
          expect(typeof issue.message).toBe('string');
          expect(issue.message.length).toBeGreaterThan(0);
        }
      }
    }
    process.stdout.write(`fuzz outcomes: ${JSON.stringify(outcomes)}\n`);
    // The generators reach both sides: some documents are valid, most are not.
    const total = Object.values(outcomes).reduce((n, o) => ({ ok: n.ok + o.ok, invalid: n.invalid + o.invalid }), { ok: 0, invalid: 0 });
    expect(total.ok).toBeGreaterThan(0);
    expect(total.invalid).toBeGreaterThan(CASES / 2);
  });
});
