import type { Command } from 'commander';
import { AuthConfigError, isLoopback, resolveToken } from '../../api/auth';
import { buildServer } from '../../api/server';
import { connectClient } from '../../temporal/connection';
import { temporalConfig } from '../../temporal/config';
import { taskQueue } from '../../temporal/task-queue';
import { CliError, EXIT } from '../exit-codes';
import { experimentsRoot } from '../start-experiment';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('the HTTP API (OpenAPI at /openapi.json) and the results web UI; bearer-token auth (BENCH_API_TOKEN or --token-file), none only on loopback')
    .option('--port <n>', 'port (8090: the compose file gives 8080 to the Temporal UI)', '8090')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--token-file <file>', 'file holding the API token (else BENCH_API_TOKEN)')
    .option('--output <dir>', 'experiments folder (default: $BENCH_EXPERIMENTS_DIR, else ./experiments)')
    .action(async (opts: { port: string; host: string; tokenFile?: string; output?: string }) => {
      let token: string | undefined;
      try {
        token = resolveToken({ host: opts.host, tokenFile: opts.tokenFile });
      } catch (e) {
        if (e instanceof AuthConfigError) throw new CliError(e.message, EXIT.badInput);
        throw e;
      }
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port ${opts.port} is not a port number`, EXIT.badInput);
      const cfg = temporalConfig();
      const conn = await connectClient(cfg).catch((e) => {
        throw new CliError(`cannot connect to Temporal at ${cfg.address}: ${(e as Error).message} (start one with \`bench server\`, or set TEMPORAL_ADDRESS)`, EXIT.environment);
      });
      const app = await buildServer({ client: conn.client, temporal: cfg, root: experimentsRoot(opts.output), taskQueue: taskQueue() }, { token });
      const address = await app.listen({ port, host: opts.host }).catch(async (e) => {
        await conn.close();
        throw new CliError(`cannot listen on ${opts.host}:${port}: ${(e as Error).message}`, EXIT.environment);
      });
      if (!token) {
        const bar = '!'.repeat(72);
        process.stderr.write(`${bar}\n!! bench serve: NO AUTHENTICATION. Anyone who can reach ${opts.host} can start and cancel experiments.\n!! Allowed only because ${opts.host} is loopback${isLoopback(opts.host) ? '' : ' (?)'}. Set BENCH_API_TOKEN or --token-file to require a token.\n${bar}\n`);
      }
      process.stdout.write(`bench serve: listening on ${address} (web UI ${address}/, API ${address}/api, OpenAPI ${address}/openapi.json)${token ? '; bearer token required' : ''}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await app.close();
      await conn.close();
    });
}
