/**
 * Run by command-table.test.ts in a Node process of its own (commander is ESM-only, which Jest's
 * module loader cannot require): prints, as JSON, what main.ts's table says and what the modules
 * in src/cli/commands/ really register.
 */
import { Command, Help } from 'commander';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { availableCommands, buildProgram, commandNamed, newProgram } from '../../../src/cli/main';

const COMMANDS_DIR = path.join(__dirname, '..', '..', '..', 'src', 'cli', 'commands');
const help = new Help();
const term = (c: Command) => help.subcommandTerm(c);

// Every top-level command of every register* export of every module.
const all = new Command('bench');
for (const file of readdirSync(COMMANDS_DIR).filter((f) => f.endsWith('.ts'))) {
  const mod = require(path.join(COMMANDS_DIR, file)) as Record<string, unknown>;
  for (const [name, fn] of Object.entries(mod)) if (name.startsWith('register') && typeof fn === 'function') (fn as (p: Command) => void)(all);
}

const eager = newProgram();
for (const entry of availableCommands()) entry.load()(eager);

const selected = buildProgram(['validate', 'recipes/quickstart.yaml', '--json']);
const cmd = (p: Command, name: string) => p.commands.find((c) => c.name() === name) as Command;

process.stdout.write(
  JSON.stringify({
    table: availableCommands().map((e) => ({ name: e.name, term: [e.name, e.usage].filter(Boolean).join(' '), summary: e.summary })),
    registered: all.commands.map((c) => ({ name: c.name(), term: term(c), summary: c.description() })),
    loadsItsOwn: availableCommands().map((e) => {
      const p = new Command('bench');
      e.load()(p);
      return { name: e.name, registers: p.commands.map((c) => c.name()) };
    }),
    lazyHelp: buildProgram([]).helpInformation(),
    eagerHelp: eager.helpInformation(),
    selected: {
      validateOptions: cmd(selected, 'validate').options.map((o) => o.long),
      runOptions: cmd(selected, 'run').options.length,
      runArguments: cmd(selected, 'run').registeredArguments.length,
    },
    commandNamed: [[], ['--help'], ['run', 'r.yaml'], ['-h', 'validate'], ['help', 'schedule'], ['help']].map((a) => commandNamed(a) ?? null),
  }) + '\n',
);
