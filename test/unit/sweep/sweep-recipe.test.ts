import { parse } from 'yaml';
import { planSweepText } from '../../../src/activities/sweep/plan-sweep';
import { checkRecipe } from '../../../src/recipe/check';
import { parseSweepPath, setAtPath, type PathStep } from '../../../src/recipe/sweep-path';
import { sweepPoints } from '../../../src/recipe/sweep-plan';

const base = (sweep: string) => `name: sweep-test
services:
  - name: redis
    kind: redis
workload:
  clients:
    - name: load
      driver: redis
      target: redis
      executor:
        type: closed-loop
        connections: 1
      duration: 2s
      options:
        command: get
sweep:
${sweep}`;

describe('sweep paths', () => {
  it('reads fields, indexes and names', () => {
    const p = parseSweepPath('workload.clients[load].executor.connections');
    expect(p).toEqual({ ok: true, steps: [{ key: 'workload' }, { key: 'clients' }, { name: 'load' }, { key: 'executor' }, { key: 'connections' }] });
    expect(parseSweepPath('services[0].options.maxmemory')).toEqual({ ok: true, steps: [{ key: 'services' }, { index: 0 }, { key: 'options' }, { key: 'maxmemory' }] });
    expect(parseSweepPath('a..b')).toMatchObject({ ok: false });
    expect(parseSweepPath('')).toMatchObject({ ok: false });
  });

  const steps = (path: string): PathStep[] => {
    const p = parseSweepPath(path);
    if (!p.ok) throw new Error(p.message);
    return p.steps;
  };

  it('sets values, creating a missing options mapping but never a missing list item', () => {
    const raw = { services: [{ name: 'redis' }], workload: { clients: [{ name: 'load' }] } } as Record<string, unknown>;
    expect(setAtPath(raw, steps('services[redis].options.maxmemory'), '1gb')).toEqual({ ok: true, at: ['services', 0, 'options', 'maxmemory'] });
    expect((raw.services as { options: unknown }[])[0].options).toEqual({ maxmemory: '1gb' });
    const missing = setAtPath(raw, steps('workload.clients[other].duration'), 1);
    expect(missing).toEqual({ ok: false, message: 'workload.clients has no item named "other"; names: load' });
    const outOfRange = setAtPath(raw, steps('workload.clients[3].duration'), 1);
    expect(outOfRange).toEqual({ ok: false, message: 'workload.clients has 1 item, so [3] does not exist' });
  });
});

describe('sweep points', () => {
  it('are the cartesian product in recipe order, less exclude, plus include', () => {
    const points = sweepPoints({
      parameters: { a: [1, 2], b: ['x', 'y'] },
      exclude: [{ a: 2, b: 'y' }],
      include: [{ a: 3, b: 'x' }, { a: 1, b: 'x' }],
    });
    expect(points.map((p) => p.values)).toEqual([{ a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 2, b: 'x' }, { a: 3, b: 'x' }]);
    expect(points.map((p) => p.index)).toEqual([0, 1, 2, 3]);
    expect(points[1].label).toBe('a=1 b=y');
  });

  it('label with the whole path when two parameters end alike', () => {
    const [p] = sweepPoints({ parameters: { 'services[0].options.size': [1], 'workload.clients[0].options.size': [2] }, exclude: [], include: [] });
    expect(p.label).toBe('services[0].options.size=1 workload.clients[0].options.size=2');
  });
});

describe('sweep validation (parse time, with lines)', () => {
  it('accepts a sound sweep; each point becomes a whole recipe without sweep:', () => {
    const text = base(`  parameters:
    workload.clients[load].executor.connections: [1, 4]
    workload.clients[load].options.valueSize: [64, 1024]
  repetitions: 2`);
    expect(checkRecipe(text).ok).toBe(true);
    const planned = planSweepText(text);
    if (!planned.ok) throw new Error(JSON.stringify(planned.issues));
    expect(planned.plan.points).toHaveLength(4);
    expect(planned.plan.repetitions).toBe(2);
    expect(planned.plan.loadMsPerRun).toBe(2000);
    const last = planned.plan.points[3];
    expect(last.values).toEqual({ 'workload.clients[load].executor.connections': 4, 'workload.clients[load].options.valueSize': 1024 });
    const point = parse(last.recipeText);
    expect(point.sweep).toBeUndefined();
    expect(point.workload.clients[0].executor.connections).toBe(4);
    expect(point.workload.clients[0].options).toEqual({ command: 'get', valueSize: 1024 });
    expect(checkRecipe(last.recipeText).ok).toBe(true);
  });

  it('names every bad point, path and key with its line', () => {
    const text = base(`  parameters:
    workload.clients[load].executor.connections: [1, 0, -3]
    workload.clients[lod].options.valueSize: [64]
    workload.clients[load].options.valueSzie: [64]
  exclude:
    - services[0].kind: redis`);
    const r = checkRecipe(text);
    expect(r.ok).toBe(false);
    const byPath = Object.fromEntries(r.issues.map((i) => [i.path, i]));
    expect(byPath['sweep.parameters.workload.clients[load].executor.connections']).toMatchObject({ line: 18, message: expect.stringMatching(/^at 2 points \(connections=0 .*\), \(connections=-3 .*\): Too small/) });
    expect(byPath['sweep.parameters.workload.clients[lod].options.valueSize']).toMatchObject({ line: 19, message: expect.stringContaining('workload.clients has no item named "lod"; names: load') });
    expect(byPath['sweep.parameters.workload.clients[load].options.valueSzie']).toMatchObject({ line: 20, message: expect.stringMatching(/^at every point \(3\): unknown option "valueSzie"/), hint: 'did you mean "valueSize"?' });
    expect(byPath['sweep.exclude[0].services[0].kind']).toMatchObject({ line: 22, message: '"services[0].kind" is not a swept parameter' });
    expect(r.issues).toHaveLength(4);
  });

  it('refuses an accidental explosion of runs', () => {
    const values = JSON.stringify(Array.from({ length: 40 }, (_, i) => i + 1));
    const r = checkRecipe(base(`  parameters:
    workload.clients[load].executor.connections: ${values}
    workload.clients[load].options.valueSize: ${values}`));
    expect(r.ok).toBe(false);
    expect(r.issues[0].message).toBe('the sweep would run 1600 experiments; at most 1000');
  });

  it('checks a search: limit with its unit, high above low, not mixed with parameters, the rate path valid at both ends', () => {
    const bad = checkRecipe(base(`  parameters:
    workload.clients[load].executor.connections: [1]
  search:
    parameter: workload.clients[load].executor.rate
    low: 100
    high: 50
    metric: p99
    below: 10`));
    expect(bad.ok).toBe(false);
    const messages = bad.issues.map((i) => `${i.path}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'sweep.search: a search varies one rate by itself: use either search or parameters, not both',
        'sweep.search.below: 10 is not a latency limit',
        'sweep.search.high: high (50) must be above low (100)',
      ]),
    );
    // closed-loop has no rate: the point recipes are invalid, and the error says where.
    const wrongExecutor = checkRecipe(base(`  search:
    parameter: workload.clients[load].executor.rate
    low: 100
    metric: p99
    below: 10ms`));
    expect(wrongExecutor.ok).toBe(false);
    expect(wrongExecutor.issues[0].path).toBe('sweep.search.parameter');
    expect(wrongExecutor.issues[0].message).toMatch(/^at every point \(2\): /);
  });

  it('plans a search over an open-loop rate with its limit in ms', () => {
    const text = base(`  search:
    parameter: workload.clients[load].executor.rate
    low: 100
    metric: p99
    below: 10ms
    precision: 10%`).replace('type: closed-loop\n        connections: 1', 'type: constant-arrival-rate\n        rate: 50');
    const planned = planSweepText(text);
    if (!planned.ok) throw new Error(JSON.stringify(planned.issues));
    expect(planned.plan.search).toEqual({ parameter: 'workload.clients[load].executor.rate', low: 100, high: 1000, metric: 'p99', limit: 10, precision: 0.1, maxRuns: 20 });
    expect(planned.plan.points).toEqual([]);
  });
});
