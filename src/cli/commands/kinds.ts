import type { Command } from 'commander';
import { z } from 'zod';
import { allDrivers } from '../../clients/drivers/catalog';
import { allServiceKinds, findServiceKind } from '../../services/catalog';
import { CliError, EXIT } from '../exit-codes';
import { table } from '../format';

/** The options of a plug-in schema as rows: name, type, default, description. */
function optionRows(schema: z.ZodType): string[][] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { type?: string; default?: unknown; description?: string; enum?: unknown[] }>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, p]) => [
    name + (json.required?.includes(name) ? ' (required)' : ''),
    p.enum ? p.enum.join('|') : (p.type ?? 'see schema'),
    p.default === undefined ? '' : JSON.stringify(p.default),
    p.description ?? '',
  ]);
}

export function registerKinds(program: Command): void {
  program
    .command('kinds')
    .description('the service kinds and drivers this bench knows; with a name, its options, ports, probe and install hint')
    .argument('[name]', 'a service kind or driver')
    .action((name?: string) => {
      if (!name) {
        process.stdout.write(table(allServiceKinds().map((k) => [k.kind, k.protocols.join(', '), k.description]), ['kind', 'speaks', 'what']) + '\n\n');
        process.stdout.write(table(allDrivers().map((d) => [d.kind, d.protocols.join(', '), d.description]), ['driver', 'speaks', 'what']) + '\n');
        return;
      }
      const kind = findServiceKind(name);
      const driver = allDrivers().find((d) => d.kind === name);
      if (!kind && !driver) throw new CliError(`no service kind or driver named "${name}"; \`bench kinds\` lists them`, EXIT.badInput);
      if (kind) {
        const ports = Object.entries(kind.defaultPorts).map(([p, n]) => `${p} (${n})`).join(', ') || 'none';
        process.stdout.write(`service kind ${kind.kind}: ${kind.description}\nports: ${ports}\nspeaks: ${kind.protocols.join(', ')}\ninstall: ${kind.install.hint}\n${kind.image ? `image: ${kind.image}\n` : ''}\noptions:\n`);
        process.stdout.write(table(optionRows(kind.options), ['option', 'type', 'default', 'meaning']) + '\n');
      }
      if (driver) {
        process.stdout.write(`${kind ? '\n' : ''}driver ${driver.kind}: ${driver.description}\nspeaks: ${driver.protocols.join(', ')}\n`);
        for (const [m, info] of Object.entries(driver.measurements ?? {})) process.stdout.write(`measures ${m}: ${info.description}\n`);
        for (const [c, what] of Object.entries(driver.counts ?? {})) process.stdout.write(`counts ${c}: ${what}\n`);
        process.stdout.write('\noptions:\n' + table(optionRows(driver.options), ['option', 'type', 'default', 'meaning']) + '\n');
      }
    });
}
