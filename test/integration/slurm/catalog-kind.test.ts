import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runBench, sandbox } from '../../helpers/bench-cli';
import { ensureSlurmCluster, slurmCli, type Connection } from '../../helpers/slurm-cluster';
import type { Summary } from '../../../src/reports/summary-schema';

describe('a catalog kind beyond Redis on the real SLURM test cluster', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await ensureSlurmCluster();
  });

  it('runs llama-server as a job and the openai driver as a two-task client job, with token metrics', async () => {
    const box = sandbox('slurm-llama');
    const res = await runBench(['run', 'recipes/inference-llama-cpp-slurm.yaml', '--json', '--output', box.experiments], box.env, 300_000);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout.trim().split('\n').pop()!);
    const summary: Summary = JSON.parse(readFileSync(path.join(out.folder, 'metrics/summary.json'), 'utf8'));
    expect(summary.experiment.backend).toBe('slurm');
    const chat = summary.groups[0];
    expect(chat.instancesCompleted).toBe(2);
    expect(chat.errors).toBe(0);
    expect(chat.metrics?.ttft.count).toBe(chat.ok);
    expect(chat.counts?.output_tokens.total).toBe(chat.ok * 32);
    expect(readFileSync(path.join(out.folder, 'metadata.out'), 'utf8')).toMatch(/^service_llm_version: llama-cpp b\d+/m);
    expect(readFileSync(path.join(out.folder, 'logs/service-llm.log'), 'utf8')).toMatch(/listening on http/);
    expect(await slurmCli(conn, 'squeue', ['-h', '-o', '%j'])).not.toContain(out.experimentId);
  });
});
