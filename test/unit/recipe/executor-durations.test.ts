import { parseClientSpec } from '../../../src/clients/parse-client-spec';
import { parseRecipe } from '../../../src/recipe/load';

// A recipe's durations become milliseconds once; the client spec must not read them as seconds again.
describe('executor durations from recipe to client spec', () => {
  const recipe = (executor: string) =>
    parseRecipe(`name: t
services: [{name: r, kind: redis}]
workload:
  clients:
    - {name: c, driver: redis, target: r, duration: 10s, executor: ${executor}}
`);

  it.each([
    ['{type: closed-loop, connections: 2, thinkTime: 5ms}', (e: any) => e.thinkTime, 5],
    ['{type: ramping-users, stages: [{duration: 2s, target: 4}], thinkTime: 250ms}', (e: any) => e.stages[0].duration, 2000],
    ['{type: ramping-arrival-rate, stages: [{duration: 1.5m, target: 100}]}', (e: any) => e.stages[0].duration, 90_000],
  ])('%s', (executor, pick, expectedMs) => {
    const parsed = recipe(executor);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const group = parsed.recipe.workload.clients[0];
    expect(pick(group.executor)).toBe(expectedMs);
    const spec = parseClientSpec(JSON.parse(JSON.stringify({ experiment: 'e', instance: 'c-0', driver: { kind: 'redis', target: { host: '127.0.0.1', port: 1 } }, executor: group.executor, durationMs: group.duration })));
    expect(pick(spec.executor)).toBe(expectedMs);
  });
});
