import { expandHostlist } from '../../../src/backends/slurm/hostlist';
import { jobNameFor, jobNamePrefixFor } from '../../../src/backends/slurm/job-name';

test.each([
  ['n1', ['n1']],
  ['n[1-2]', ['n1', 'n2']],
  ['n[1-3,5],gpu07', ['n1', 'n2', 'n3', 'n5', 'gpu07']],
  ['gpu[08-10]', ['gpu08', 'gpu09', 'gpu10']],
  ['rack[1-2]-n[1-2]', ['rack1-n1', 'rack1-n2', 'rack2-n1', 'rack2-n2']],
  ['', []],
  ['(null)', []],
])('expandHostlist(%j)', (list, names) => expect(expandHostlist(list)).toEqual(names));

test('job names: bench-<experiment>.<id>, stable, safe, distinct', () => {
  expect(jobNameFor('exp1.service.redis.0', 'exp1')).toBe('bench-exp1.service.redis.0');
  expect(jobNameFor('service.redis.0', 'exp1')).toBe('bench-exp1.service.redis.0');
  const a = jobNameFor('exp1.service.a b.0', 'exp1');
  const b = jobNameFor('exp1.service.a_b.0', 'exp1');
  expect(a).toMatch(/^bench-exp1\.service\.a_b\.0~[0-9a-f]{10}$/);
  expect(a).not.toBe(b);
  expect(jobNameFor('exp1.service.a b.0', 'exp1')).toBe(a);
  expect(jobNameFor(`exp1.${'x'.repeat(300)}`, 'exp1').length).toBeLessThanOrEqual(120);
  expect(jobNameFor('exp1.$(touch x)', 'exp1')).toMatch(/^[A-Za-z0-9._~-]+$/);
  expect(a.startsWith(jobNamePrefixFor('exp1'))).toBe(true);
});
