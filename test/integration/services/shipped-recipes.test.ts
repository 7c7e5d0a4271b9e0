/**
 * Every shipped service-catalog recipe, run end to end with `bench run` on the local backend against
 * the real server, with its load shortened. Each case checks the figures that kind's users look at.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runBench, sandbox } from '../../helpers/bench-cli';
import { survivors } from '../../helpers/processes';
import { shortenedRecipe } from '../../helpers/shortened-recipe';
import type { Summary } from '../../../src/reports/summary-schema';

async function run(recipe: string): Promise<{ summary: Summary; folder: string; metadata: string }> {
  const box = sandbox(path.basename(recipe, '.yaml'));
  const res = await runBench(['run', shortenedRecipe(recipe, box.home), '--json', '--output', box.experiments], box.env, 300_000);
  if (res.code !== 0) {
    const last = res.stdout.trim().split('\n').pop() ?? '';
    const error = last.startsWith('{') ? (JSON.parse(last).summary?.experiment?.error ?? JSON.parse(last).error) : last;
    throw new Error(`bench run ${recipe} exited ${res.code}: ${error}\n${res.stderr.slice(-3000)}`);
  }
  const out = JSON.parse(res.stdout.trim().split('\n').pop()!);
  expect(survivors(box.home, out.experimentId)).toEqual([]);
  return {
    summary: JSON.parse(readFileSync(path.join(out.folder, 'metrics/summary.json'), 'utf8')),
    folder: out.folder,
    metadata: readFileSync(path.join(out.folder, 'metadata.out'), 'utf8'),
  };
}

const group = (s: Summary, name: string) => s.groups.find((g) => g.name === name)!;

describe('shipped catalog recipes, end to end on the local backend', () => {
  it('inference-llama-cpp: streamed tokens with TTFT, ITL, TPOT and tokens/s from the real llama-server', async () => {
    const { summary, metadata } = await run('recipes/inference-llama-cpp.yaml');
    expect(summary.schemaVersion).toBe(3);
    const chat = group(summary, 'chat');
    expect(chat.errors).toBe(0);
    expect(chat.ok).toBeGreaterThan(10);
    for (const m of ['ttft', 'itl', 'tpot'] as const) {
      expect(chat.metrics?.[m]?.unit).toBe('ms');
      expect(chat.metrics![m].p50).toBeGreaterThan(0);
    }
    // ignore_eos with 64 output tokens: every completed request generated exactly 64.
    expect(chat.counts?.output_tokens.total).toBe(chat.ok * 64);
    expect(chat.metrics!.itl.count).toBe(chat.ok * 63);
    expect(metadata).toMatch(/^service_llm_version: llama-cpp b\d+/m);
  });

  it('inference-ollama: the model created and loaded by the probe, streamed with TTFT, ITL and TPOT from the real Ollama', async () => {
    const { summary, metadata } = await run('recipes/inference-ollama.yaml');
    const chat = group(summary, 'chat');
    expect(chat.errors).toBe(0);
    expect(chat.ok).toBeGreaterThan(10);
    for (const m of ['ttft', 'itl', 'tpot'] as const) {
      expect(chat.metrics?.[m]?.unit).toBe('ms');
      expect(chat.metrics![m].p50).toBeGreaterThan(0);
    }
    // No ignore_eos: replies may stop before max_tokens, so only bounds hold (counted from usage).
    expect(chat.counts?.output_tokens.total).toBeGreaterThan(0);
    expect(chat.counts!.output_tokens.total).toBeLessThanOrEqual(chat.ok * 64);
    expect(metadata).toMatch(/^service_llm_version: ollama 0\.17\.4$/m);
  });

  it('postgresql-tpcb: TPC-B transactions against a PostgreSQL initialised for the run', async () => {
    const { summary, metadata } = await run('recipes/postgresql-tpcb.yaml');
    const tpcb = group(summary, 'tpcb');
    expect(tpcb.errors).toBe(0);
    expect(tpcb.ok).toBeGreaterThan(100);
    expect(tpcb.instancesCompleted).toBe(2);
    expect(metadata).toMatch(/^service_db_version: postgresql \d+/m);
  });

  it('nginx-static: the http driver and wrk against a rendered nginx config and sized files', async () => {
    const { summary, metadata } = await run('recipes/nginx-static.yaml');
    for (const name of ['small', 'large']) {
      expect(group(summary, name).errors).toBe(0);
      expect(group(summary, name).ok).toBeGreaterThan(100);
    }
    expect(metadata).toMatch(/^service_web_version: nginx \d+\.\d+/m);
  });

  it('storage-fio: fio random reads in the filesystem service folder', async () => {
    const { summary } = await run('recipes/storage-fio.yaml');
    const g = group(summary, 'randread');
    expect(g.errors).toBe(0);
    expect(g.ok).toBeGreaterThan(1000);
  });

  it('s3-versitygw: a mixed S3 workload with per-operation latencies against the real gateway', async () => {
    const { summary } = await run('recipes/s3-versitygw.yaml');
    const g = summary.groups[0];
    expect(g.errors).toBe(0);
    for (const op of ['get', 'put', 'stat', 'delete']) expect(g.metrics?.[`${op}_latency`]?.count).toBeGreaterThan(0);
    expect(g.counts?.bytes_read.total).toBeGreaterThan(0);
    expect(g.prepare?.phasesMs.upload).toBeGreaterThan(0);
  });

  it.each(['vector-pgvector', 'vector-chroma', 'vector-milvus'])('%s: index built in prepare, top-k queries with recall against the exact answer', async (name) => {
    const { summary } = await run(`recipes/${name}.yaml`);
    const g = summary.groups[0];
    expect(g.errors).toBe(0);
    expect(g.ok).toBeGreaterThan(50);
    expect(g.metrics?.recall.unit).toBe('ratio');
    expect(g.metrics!.recall.mean).toBeGreaterThan(0.5);
    expect(g.metrics!.recall.max).toBeLessThanOrEqual(1);
    expect(Object.keys(g.prepare?.phasesMs ?? {})).toEqual(expect.arrayContaining(['load']));
  });
});
