/**
 * `bench --help` lists the commands from main.ts's table without loading their modules: the table
 * must say exactly what each module registers, and name every module in src/cli/commands/.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');

interface Line {
  name: string;
  term: string;
  summary: string;
}
interface Probe {
  table: Line[];
  registered: Line[];
  loadsItsOwn: { name: string; registers: string[] }[];
  lazyHelp: string;
  eagerHelp: string;
  selected: { validateOptions: string[]; runOptions: number; runArguments: number };
  commandNamed: (string | null)[];
}

const byName = (a: Line, b: Line) => a.name.localeCompare(b.name);

describe('the command table in src/cli/main.ts', () => {
  let probe: Probe;
  beforeAll(() => {
    const out = execFileSync(process.execPath, ['-r', 'tsx/cjs', path.join(__dirname, 'command-table-probe.ts')], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, COLUMNS: '100' } });
    probe = JSON.parse(out) as Probe;
  });

  it('has one line per command the modules in src/cli/commands/ register, with their usage and description', () => {
    expect([...probe.table].sort(byName)).toEqual([...probe.registered].sort(byName));
  });

  it('each line loads the register function of its own command', () => {
    for (const { name, registers } of probe.loadsItsOwn) expect(registers).toEqual([name]);
  });

  it('`bench --help` is the same text as with every module loaded, and lists every command', () => {
    expect(probe.lazyHelp).toBe(probe.eagerHelp);
    for (const { name, summary } of probe.table) {
      expect(probe.lazyHelp).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
      expect(probe.lazyHelp.replace(/\s+/g, ' ')).toContain(summary.replace(/\s+/g, ' '));
    }
  });

  it('`bench <command> ...` registers that command from its module and only stubs the others', () => {
    expect(probe.selected.validateOptions).toContain('--json');
    expect(probe.selected.runOptions).toBe(0);
    expect(probe.selected.runArguments).toBe(0);
  });

  it('finds the command in argv: after program options, and after `help`', () => {
    expect(probe.commandNamed).toEqual([null, null, 'run', 'validate', 'schedule', null]);
  });
});
