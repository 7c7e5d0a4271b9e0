import type { Command } from 'commander';
import { startDevServer } from '../../temporal/dev-server';
import { splitAddress, temporalConfig } from '../../temporal/config';

export function registerServer(program: Command): void {
  const [, defaultPort] = splitAddress(temporalConfig().address);
  program
    .command('server')
    .description('run a Temporal dev server with the Web UI and bench search attributes; history kept in .bench/temporal.sqlite')
    .option('--port <n>', 'gRPC port', String(defaultPort || 7233))
    .option('--ui-port <n>', 'Web UI port (default: port + 1000)')
    .option('--headless', 'no Web UI')
    .option('--state-dir <dir>', 'folder for the SQLite file and server log (env BENCH_HOME)')
    .action(async (opts: { port: string; uiPort?: string; headless?: boolean; stateDir?: string }) => {
      const server = await startDevServer({ port: Number(opts.port), uiPort: opts.uiPort ? Number(opts.uiPort) : undefined, headless: opts.headless, stateDir: opts.stateDir });
      process.stderr.write(`Temporal dev server at ${server.address}${server.uiUrl ? `, Web UI ${server.uiUrl}` : ''}\nhistory: ${server.dbFile}, log: ${server.logFile}\nCtrl-C stops it.\n`);
      const stop = () => void server.stop();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await new Promise((r) => server.process.once('exit', r));
    });
}
