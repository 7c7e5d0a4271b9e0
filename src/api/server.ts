/** `bench serve`: the HTTP API (OpenAPI at /openapi.json) and the results web UI, on one fastify server. */
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { presentedToken, tokenMatches, TOKEN_COOKIE } from './auth';
import { HttpError, type ApiContext } from './context';
import { experimentRoutes } from './experiment-routes';
import { scheduleRoutes } from './schedule-routes';
import { sweepRoutes } from './sweep-routes';
import { webRoutes } from '../web/routes';

export interface ServerOptions {
  /** Require this bearer token (or the login cookie); undefined: no authentication (loopback only). */
  token?: string;
  logger?: boolean;
}

/** Paths anyone may fetch: the API description, a health check, the login form and static assets. */
const PUBLIC = [/^\/openapi\.json$/, /^\/healthz$/, /^\/login$/, /^\/assets\//];

export async function buildServer(ctx: ApiContext, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 2 * 1024 * 1024 });

  await app.register(swagger, {
    openapi: {
      info: { title: 'bench API', version: require('../../package.json').version, description: 'Start, follow, compare and schedule benchmark experiments. Every experiment is a Temporal workflow.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'BENCH_API_TOKEN (or the --token-file) of `bench serve`' } } },
      security: opts.token ? [{ bearer: [] }] : [],
    },
  });

  app.addHook('onRequest', async (req, reply) => {
    if (!opts.token) return;
    const url = req.url.split('?')[0];
    if (PUBLIC.some((re) => re.test(url))) return;
    if (tokenMatches(opts.token, presentedToken(req.headers))) return;
    if (!url.startsWith('/api/') && req.method === 'GET') return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`);
    return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'authentication required: send Authorization: Bearer <token>' });
  });

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof HttpError) return reply.code(err.status).send({ error: err.message, ...(err.details ?? {}) });
    const e = err as { validation?: unknown; statusCode?: number; message: string };
    if (e.validation) return reply.code(400).send({ error: e.message });
    if (e.statusCode && e.statusCode < 500) return reply.code(e.statusCode).send({ error: e.message });
    req.log.error(err);
    return reply.code(500).send({ error: `internal error: ${e.message}` });
  });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));

  app.get('/login', { schema: { hide: true } }, async (req, reply) => {
    const next = safeNext((req.query as { next?: string }).next);
    return reply.type('text/html; charset=utf-8').send(`<!doctype html><html><head><meta charset="utf-8"><title>bench: sign in</title></head><body style="font-family:sans-serif;max-width:30em;margin:4em auto">
<h1>bench</h1><form method="post" action="/login"><input type="hidden" name="next" value="${next.replace(/"/g, '&quot;')}"><label>API token <input type="password" name="token" autofocus></label> <button>Sign in</button></form></body></html>`);
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
  app.post('/login', { schema: { hide: true } }, async (req, reply) => {
    const b = (req.body ?? {}) as { token?: string; next?: string };
    if (opts.token && !tokenMatches(opts.token, b.token)) return reply.code(401).type('text/html').send('wrong token; <a href="/login">try again</a>');
    reply.header('set-cookie', `${TOKEN_COOKIE}=${encodeURIComponent(b.token ?? '')}; HttpOnly; SameSite=Strict; Path=/`);
    return reply.redirect(safeNext(b.next));
  });

  experimentRoutes(app, ctx);
  scheduleRoutes(app, ctx);
  sweepRoutes(app, ctx);
  webRoutes(app, ctx);
  await app.ready();
  return app;
}

/** Only local paths after login: never an open redirect. */
function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.includes('\\') ? next : '/';
}
