/**
 * Bearer-token authentication for `bench serve`. The token comes from BENCH_API_TOKEN or a file; without
 * one the server only binds to loopback (and says so loudly). Browsers get a cookie from /login.
 */
import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const TOKEN_COOKIE = 'bench_token';

export function isLoopback(host: string): boolean {
  return ['127.0.0.1', '::1', 'localhost'].includes(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export class AuthConfigError extends Error {
  override name = 'AuthConfigError';
}

/** The token to require, or undefined for none (only allowed on loopback). */
export function resolveToken(opts: { host: string; tokenFile?: string; env?: NodeJS.ProcessEnv }): string | undefined {
  const env = opts.env ?? process.env;
  let token: string | undefined;
  if (opts.tokenFile) {
    try {
      token = readFileSync(opts.tokenFile, 'utf8').trim();
    } catch (e) {
      throw new AuthConfigError(`cannot read --token-file ${opts.tokenFile}: ${(e as Error).message}`);
    }
    if (!token) throw new AuthConfigError(`--token-file ${opts.tokenFile} is empty`);
  } else if (env.BENCH_API_TOKEN) {
    token = env.BENCH_API_TOKEN.trim();
  }
  if (token !== undefined && token.length < 16) throw new AuthConfigError('the API token must be at least 16 characters (e.g. `openssl rand -hex 24`)');
  if (token === undefined && !isLoopback(opts.host)) {
    throw new AuthConfigError(`refusing to serve on ${opts.host} without authentication: set BENCH_API_TOKEN or --token-file, or bind to 127.0.0.1`);
  }
  return token;
}

export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a request presents: `Authorization: Bearer …`, else the login cookie. */
export function presentedToken(headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7).trim();
  const cookie = typeof headers.cookie === 'string' ? headers.cookie : '';
  for (const part of cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === TOKEN_COOKIE) return decodeURIComponent(v.join('='));
  }
  return undefined;
}
