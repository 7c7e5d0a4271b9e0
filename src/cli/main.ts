import { Command, CommanderError } from 'commander';
import { registerCancel } from './commands/cancel';
import { registerClient } from './commands/client';
import { registerCompare } from './commands/compare';
import { registerSchedule } from './commands/schedule';
import { registerBaseline } from './commands/baseline';
import { registerTrend } from './commands/trend';
import { registerServe } from './commands/serve';
import { registerExport } from './commands/export';
import { registerLogs } from './commands/logs';
import { registerReport } from './commands/report';
import { registerList } from './commands/list';
import { registerReaper } from './commands/reaper';
import { registerRun } from './commands/run';
import { registerSchema } from './commands/schema';
import { registerServer } from './commands/server';
import { registerStart } from './commands/start';
import { registerStatus } from './commands/status';
import { registerValidate } from './commands/validate';
import { registerWorker } from './commands/worker';
import { registerKinds } from './commands/kinds';
import { registerSetup } from './commands/setup';
import { CliError, EXIT, EXIT_CODES_HELP } from './exit-codes';

const program = new Command('bench')
  .description('Benchmark services on real clusters; every experiment is a durable Temporal workflow.')
  .version(require('../../package.json').version)
  .addHelpText('after', `${EXIT_CODES_HELP}

Temporal connection: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_PROFILE
(Temporal's standard env/profile configuration). Default: localhost:7233, started on demand by \`bench run\`.`)
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

for (const register of [registerRun, registerStart, registerStatus, registerList, registerCancel, registerValidate, registerSchema, registerWorker, registerServer, registerClient, registerReaper]) {
  register(program);
}
registerCompare(program);
registerSchedule(program);
registerBaseline(program);
registerTrend(program);
registerServe(program);
registerReport(program);
registerLogs(program);
registerExport(program);
registerKinds(program);
registerSetup(program);
for (const cmd of program.commands) cmd.exitOverride();

async function main(): Promise<number> {
  try {
    await program.parseAsync(process.argv);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? EXIT.ok : EXIT.badInput;
    }
    if (e instanceof CliError) {
      if (e.message) process.stderr.write(`bench: ${e.message}\n`);
      return e.exitCode;
    }
    process.stderr.write(`bench: ${(e as Error).message ?? String(e)}\n`);
    if (process.env.BENCH_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    else process.stderr.write('(set BENCH_DEBUG=1 for the stack trace)\n');
    return EXIT.experimentFailed;
  }
}

main().then((code) => {
  process.exitCode = code;
  // A command that left handles open (a closing gRPC channel) must not hold the shell.
  setTimeout(() => process.exit(code), 200).unref();
});
