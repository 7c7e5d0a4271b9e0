import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isLoopback, presentedToken, resolveToken, tokenMatches } from '../../../src/api/auth';

describe('API authentication', () => {
  it('needs a token off loopback, and allows none only on loopback', () => {
    expect(resolveToken({ host: '127.0.0.1', env: {} })).toBeUndefined();
    expect(resolveToken({ host: '::1', env: {} })).toBeUndefined();
    expect(() => resolveToken({ host: '0.0.0.0', env: {} })).toThrow('refusing to serve on 0.0.0.0 without authentication');
    expect(resolveToken({ host: '0.0.0.0', env: { BENCH_API_TOKEN: 'a'.repeat(20) } })).toBe('a'.repeat(20));
    expect(() => resolveToken({ host: '0.0.0.0', env: { BENCH_API_TOKEN: 'short' } })).toThrow('at least 16 characters');
    expect([isLoopback('127.0.0.2'), isLoopback('10.0.0.1'), isLoopback('localhost')]).toEqual([true, false, true]);
  });

  it('reads --token-file before the environment', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-token-')), 'token');
    writeFileSync(file, 'from-file-0123456789\n');
    expect(resolveToken({ host: '0.0.0.0', tokenFile: file, env: { BENCH_API_TOKEN: 'from-env-0123456789' } })).toBe('from-file-0123456789');
    expect(() => resolveToken({ host: '127.0.0.1', tokenFile: `${file}.missing`, env: {} })).toThrow('cannot read --token-file');
  });

  it('takes the bearer header or the login cookie, compared in constant time', () => {
    expect(presentedToken({ authorization: 'Bearer abc' })).toBe('abc');
    expect(presentedToken({ cookie: 'x=1; bench_token=t%3Dk' })).toBe('t=k');
    expect(presentedToken({ authorization: 'Basic abc' })).toBeUndefined();
    expect([tokenMatches('secret-token', 'secret-token'), tokenMatches('secret-token', 'secret-tokeX'), tokenMatches('secret-token', 'short'), tokenMatches('secret-token', undefined)]).toEqual([true, false, false, false]);
  });
});
