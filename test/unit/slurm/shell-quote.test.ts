import { execFileSync } from 'node:child_process';
import { assertEnvName, shellJoin, shellQuote } from '../../../src/backends/shell-quote';

const NASTY = ['', 'plain', "it's", '$(touch injected)', '`id`', '"dq"', 'a\nb', '\\', "''", '*', '~', '-n', ' lead', 'tab\there', '!x', '#c', '$HOME', 'ü→'];

test('bash reads every quoted word back exactly', () => {
  const out = execFileSync('bash', ['-c', `printf '%s\\0' ${shellJoin(NASTY)}`], { cwd: '/' });
  expect(out.toString().split('\0').slice(0, -1)).toEqual(NASTY);
});

test('safe words stay readable; NUL bytes are refused with the fix', () => {
  expect(shellQuote('redis-server')).toBe('redis-server');
  expect(shellQuote('--port=6379')).toBe('--port=6379');
  expect(() => shellQuote('a\0b')).toThrow(/NUL byte.*remove it/);
});

test('environment variable names must be valid as they are', () => {
  expect(assertEnvName('REDIS_PORT', 'env.REDIS_PORT')).toBe('REDIS_PORT');
  expect(() => assertEnvName('A;touch x', 'env.bad')).toThrow(/env\.bad: .* is not a valid environment variable name/);
  expect(() => assertEnvName('1A', 'env.1A')).toThrow();
});
