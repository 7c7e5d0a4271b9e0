import { parseClientSpec, ClientSpecError } from '../../../src/clients/runner';

const valid = {
  experiment: 'e',
  instance: 'c0',
  driver: { kind: 'redis', target: { host: '127.0.0.1', port: 6379 } },
  executor: { type: 'closed-loop', connections: 4, thinkTime: '5ms' },
  durationMs: 1000,
};

describe('parseClientSpec', () => {
  it('applies defaults and turns durations into milliseconds', () => {
    const spec = parseClientSpec(valid);
    expect(spec.executor).toEqual({ type: 'closed-loop', connections: 4, thinkTime: 5 });
    expect(spec.warmupMs).toBe(0);
    expect(spec.driver.options).toEqual({});
  });

  it('lists every field problem at once', () => {
    const bad = { ...valid, instance: 3, driver: { kind: 'redis', target: { host: 'h', port: 'x' } }, executor: { type: 'closed-loop', connections: -1 } };
    let error: unknown;
    try {
      parseClientSpec(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClientSpecError);
    const problems = (error as ClientSpecError).problems.join('\n');
    expect(problems).toMatch(/^instance: /m);
    expect(problems).toMatch(/^driver\.target\.port: /m);
    expect(problems).toMatch(/^executor\.connections: /m);
  });

  it('asks for an end when a non-staged run has neither duration nor request count', () => {
    const { durationMs: _omit, ...noEnd } = valid;
    expect(() => parseClientSpec(noEnd)).toThrow(/durationMs: a closed-loop run needs an end: set durationMs, requests, or both/);
  });

  it('a field it does not know (a spec from a newer worker) says to update this installation', () => {
    expect(() => parseClientSpec({ ...valid, fieldFromTheFuture: 1 })).toThrow(/Unrecognized key[\s\S]*hint: the worker runs a newer bench than this node's \(.+\); update it where the nodes run it, e\.g\. bash scripts\/install-on-cluster\.sh /);
  });
});
