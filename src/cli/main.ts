/**
 * The `bench` program. A command's module is loaded only when that command runs or its help is
 * asked for: `bench --help` lists every command from the table below, so it starts without
 * Temporal, the Kubernetes client or puppeteer. Each line must say what its module registers
 * (test/unit/cli/command-table.test.ts checks the name, usage and description).
 */
import { Command, CommanderError, Help } from 'commander';
import { CliError, EXIT, EXIT_CODES_HELP } from './exit-codes';

type Register = (program: Command) => void;

export interface CommandEntry {
  name: string;
  /** What `bench --help` shows after the name: commander's term for the registered command ('[options] <recipe>'). */
  usage: string;
  /** The command's description, as its module registers it. */
  summary: string;
  load(): Register;
  /** A module not in every checkout yet: listed and loaded only when its file is present. */
  optional?: boolean;
}

/* eslint-disable @typescript-eslint/no-require-imports */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'run', usage: '[options] <recipe>', summary: 'start an experiment and follow it to the end with live progress; prints the summary and the folder', load: () => (require('./commands/run') as typeof import('./commands/run')).registerRun },
  { name: 'start', usage: '[options] <recipe>', summary: 'start an experiment (or a sweep) and return at once (needs a running server and `bench worker`); prints the id and Web UI link', load: () => (require('./commands/start') as typeof import('./commands/start')).registerStart },
  { name: 'sweep', usage: '', summary: 'plan and run parameter sweeps (a recipe with a sweep: block; `bench run` runs one too)', load: () => (require('./commands/sweep') as { registerSweep: Register }).registerSweep },
  { name: 'status', usage: '[options] <id>', summary: "an experiment's (or a sweep's) state, live progress, and summary when it has one", load: () => (require('./commands/status') as typeof import('./commands/status')).registerStatus },
  { name: 'list', usage: '[options]', summary: 'list experiments or sweeps (a Temporal visibility query over their search attributes)', load: () => (require('./commands/list') as typeof import('./commands/list')).registerList },
  { name: 'cancel', usage: '[options] <id>', summary: 'cancel an experiment; its teardown runs and everything it launched is stopped', load: () => (require('./commands/cancel') as typeof import('./commands/cancel')).registerCancel },
  { name: 'validate', usage: '[options] <recipes...>', summary: 'check recipes; prints every problem with its YAML path, line and a hint; exit 2 when any is invalid', load: () => (require('./commands/validate') as typeof import('./commands/validate')).registerValidate },
  { name: 'schema', usage: '', summary: "print the recipe's JSON Schema (editors with a YAML language server validate recipes against it)", load: () => (require('./commands/schema') as typeof import('./commands/schema')).registerSchema },
  { name: 'worker', usage: '[options]', summary: 'run a worker that executes experiments (connects with the standard Temporal env/profile config)', load: () => (require('./commands/worker') as typeof import('./commands/worker')).registerWorker },
  { name: 'server', usage: '[options]', summary: 'run a Temporal dev server with the Web UI and bench search attributes; history kept in .bench/temporal.sqlite', load: () => (require('./commands/server') as typeof import('./commands/server')).registerServer },
  { name: 'client', usage: '[options]', summary: 'run one load-client instance from a spec file (what backends launch on nodes and pods)', load: () => (require('./commands/client') as typeof import('./commands/client')).registerClient },
  { name: 'reaper', usage: '', summary: 'find and stop what closed or terminated experiments left running (by backend labels)', load: () => (require('./commands/reaper') as typeof import('./commands/reaper')).registerReaper },
  { name: 'compare', usage: '[options] <ids...>', summary: 'compare runs with a baseline (the first id): per-metric deltas with 95 % intervals and p-values; a gated metric regresses when its delta is beyond the threshold and significant; exit 1 on a regression (CI gating)', load: () => (require('./commands/compare') as typeof import('./commands/compare')).registerCompare },
  { name: 'schedule', usage: '', summary: 'recurring benchmarks on Temporal Schedules (the Temporal CLI and UI show the same schedules); each run is an experiment tagged BenchSchedule', load: () => (require('./commands/schedule') as typeof import('./commands/schedule')).registerSchedule },
  { name: 'baseline', usage: '', summary: "a schedule's baseline: the run later runs are compared with (stored in <experiments>/.schedules/<id>/baseline.json)", load: () => (require('./commands/baseline') as typeof import('./commands/baseline')).registerBaseline },
  { name: 'trend', usage: '[options] <schedule>', summary: "a schedule's history of headline metrics; writes trend.html (chart) and trend.csv under <experiments>/.schedules/<id>/", load: () => (require('./commands/trend') as typeof import('./commands/trend')).registerTrend },
  { name: 'serve', usage: '[options]', summary: 'the HTTP API (OpenAPI at /openapi.json) and the results web UI; bearer-token auth (BENCH_API_TOKEN or --token-file), none only on loopback', load: () => (require('./commands/serve') as typeof import('./commands/serve')).registerServe },
  { name: 'report', usage: '[options] <id>', summary: '(re)generate reports/report.html and reports/report.pdf from an experiment folder', load: () => (require('./commands/report') as typeof import('./commands/report')).registerReport },
  { name: 'logs', usage: '[options] <id>', summary: "an experiment's logs (services, clients, monitor, orchestrator) merged by time", load: () => (require('./commands/logs') as typeof import('./commands/logs')).registerLogs },
  { name: 'export', usage: '[options] <id>', summary: 'write a tarball (.tar.gz) of the whole experiment folder: recipe, metadata, metrics, logs, reports', load: () => (require('./commands/export') as typeof import('./commands/export')).registerExport },
  { name: 'kinds', usage: '[name]', summary: 'the service kinds and drivers this bench knows; with a name, its options, ports, probe and install hint', load: () => (require('./commands/kinds') as typeof import('./commands/kinds')).registerKinds },
  { name: 'setup', usage: '[options] [kinds...]', summary: 'install what service kinds need on this machine (apt packages; pinned builds and venvs cached in ~/.cache/bench, or $BENCH_CACHE)', load: () => (require('./commands/setup') as typeof import('./commands/setup')).registerSetup },
];
/* eslint-enable @typescript-eslint/no-require-imports */

/** The commands this checkout has (an optional one only when its module is present). */
export function availableCommands(): CommandEntry[] {
  return COMMANDS.filter((c) => {
    if (!c.optional) return true;
    try {
      require.resolve(`./commands/${c.name}`);
      return true;
    } catch {
      return false;
    }
  });
}

/** The command `args` (argv after the script) runs or asks help for: `bench [-h|-V] <command>`, `bench help <command>`. */
export function commandNamed(args: readonly string[]): string | undefined {
  const i = args.findIndex((a) => !a.startsWith('-'));
  if (i < 0) return undefined;
  return args[i] === 'help' ? args[i + 1] : args[i];
}

/** The `bench` program without its commands. */
export function newProgram(): Command {
  return new Command('bench')
    .description('Benchmark services on real clusters; every experiment is a durable Temporal workflow.')
    .version((require('../../package.json') as { version: string }).version)
    .addHelpText('after', `${EXIT_CODES_HELP}

Temporal connection: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_PROFILE
(Temporal's standard env/profile configuration). Default: localhost:7233, started on demand by \`bench run\`.`)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
}

/**
 * The program for one invocation: the named command registered by its module, every other one a
 * stub with the table's usage and description (enough for `bench --help` and did-you-mean errors).
 */
export function buildProgram(args: readonly string[]): Command {
  const stubs = new Map<Command, CommandEntry>();
  const help = new Help();
  const program = newProgram().configureHelp({
    subcommandTerm: (cmd: Command) => {
      const stub = stubs.get(cmd);
      return stub ? [stub.name, stub.usage].filter(Boolean).join(' ') : help.subcommandTerm(cmd);
    },
  });
  const wanted = commandNamed(args);
  for (const entry of availableCommands()) {
    if (entry.name === wanted) entry.load()(program);
    else stubs.set(program.command(entry.name).description(entry.summary), entry);
  }
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/** Runs `bench` with process.argv; sets the exit code (exit-codes.ts). */
export async function runCli(argv: readonly string[] = process.argv): Promise<number> {
  const code = await run(argv);
  process.exitCode = code;
  // A command that left handles open (a closing gRPC channel) must not hold the shell.
  setTimeout(() => process.exit(code), 200).unref();
  return code;
}

async function run(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram(argv.slice(2)).parseAsync([...argv]);
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

// Run directly (`tsx src/cli/main.ts ...`) as well as from bin/bench.js.
if (require.main === module) void runCli();
