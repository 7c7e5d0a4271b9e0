import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Comparison } from '../../../src/reports/compare';
import { runBench, sandbox } from '../../helpers/bench-cli';

const ROOT = path.resolve(__dirname, '../../..');
const SERVER = path.join(ROOT, 'test/fixtures/servers/delay-http.js');

/**
 * The same closed-loop HTTP load against a server that holds each reply about `delayMs` (± 30 %, as
 * real service times vary: with a fixed hold the connections stay in lockstep, the per-second counts
 * follow a beat pattern such as 24, 24, 28, 28, 24, and their autocorrelation leaves too few
 * independent seconds to test; CI saw that once).
 *
 * Sized for a machine whose load changes during a run (CI runs three lanes beside this test): with
 * holds of 200 ms a few ms of scheduling delay are about 1 % of each request, below the per-second
 * noise of 16 connections, so a load ramp does not turn into a trend; and 30 s leave room for the
 * autocorrelation that remains. With 50 ms holds, 4 connections and 15 s, a ramp of busy loops made
 * the baseline untestable on every metric here, as it did in CI.
 */
function recipe(delayMs: number): string {
  return `name: significance
services:
  - name: api
    kind: command
    command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(SERVER)}, --port, "{port.http}", --delay-ms, "${delayMs}", --jitter-pct, "30"]
    ports: {http: 0}
workload:
  clients:
    - name: load
      driver: http
      target: api
      executor: {type: closed-loop, connections: 16}
      warmup: 1s
      # Per-second samples are autocorrelated: 30 s leave enough independent seconds to test.
      duration: 30s
reporting:
  # Wide enough for the noise of a busy 2-core machine: the verdict must come from significance there.
  thresholds: {p99IncreasePct: 100, throughputDecreasePct: 20}
`;
}

/*
 * Real runs, no crafted summaries: the same recipe twice must not be called a change, the same load
 * against a service three times slower must be flagged, and both verdicts say which test decided.
 */
describe('bench compare on real runs: noise is not a regression, a throttled service is', () => {
  const box = sandbox('significance');
  const run = async (id: string, delayMs: number) => {
    const file = path.join(box.home, `${id}.yaml`);
    writeFileSync(file, recipe(delayMs));
    const res = await runBench(['run', file, '--json', '--output', box.experiments, '--id', id], box.env, 180_000);
    expect(res.code).toBe(0);
  };
  const compare = async (a: string, b: string) => {
    const res = await runBench(['compare', a, b, '--json', '--output', box.experiments], box.env, 60_000);
    return { code: res.code, comparison: JSON.parse(res.stdout) as Comparison };
  };

  beforeAll(async () => {
    await run('same-a', 200);
    await run('same-b', 200);
    await run('throttled', 600);
  }, 600_000);

  it('two runs of the same recipe: no regression, per-second throughput tested with Mann-Whitney', async () => {
    const { code, comparison } = await compare('same-a', 'same-b');
    const r = comparison.runs[0];
    process.stdout.write(`same recipe: ${r.deltas.map((d) => `${d.metric} ${d.deltaPct}% p=${d.pValue}${d.pValue === null ? ` (${d.reason})` : ''}`).join(', ')}\n`);
    expect(code).toBe(0);
    expect(comparison.regression).toBe(false);
    expect(r.regressions).toEqual([]);
    expect(r.sampling).toBe('per-second');
    const throughput = r.deltas.find((d) => d.metric === 'throughput')!;
    expect(throughput.significant).not.toBeNull();
    expect(Math.abs(throughput.deltaPct!)).toBeLessThan(20);
  });

  it('the same load against a service three times slower: throughput flagged as significant, p99 up, exit 1', async () => {
    const { code, comparison } = await compare('same-a', 'throttled');
    const r = comparison.runs[0];
    process.stdout.write(`throttled: ${r.deltas.map((d) => `${d.metric} ${d.deltaPct}% p=${d.pValue}${d.pValue === null ? ` (${d.reason})` : ''}`).join(', ')}\n`);
    expect(code).toBe(1);
    expect(comparison.regression).toBe(true);
    const throughput = r.deltas.find((d) => d.metric === 'throughput')!;
    expect(throughput).toMatchObject({ regression: true, significant: true, basis: 'threshold+significance' });
    expect(throughput.deltaPct!).toBeLessThan(-50);
    // p99 is beyond its threshold too. Its per-second series can be untestable on a loaded machine (CI:
    // a cluster of slow seconds in the baseline, τ ≈ 17 s): then the threshold alone decides, and says so.
    const p99 = r.deltas.find((d) => d.metric === 'p99')!;
    expect(p99.regression).toBe(true);
    if (p99.significant === null) expect(p99).toMatchObject({ basis: 'threshold-only', reason: expect.stringMatching(/autocorrelated|too few/) });
    else expect(p99).toMatchObject({ significant: true, basis: 'threshold+significance' });
  });
});
