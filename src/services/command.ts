import { z } from 'zod';
import { fillPlaceholders } from './placeholders';
import type { ServiceKind } from './service-kind';

/** Any program: the recipe gives the argv and ports; readiness is a TCP connect unless told otherwise. */
export const command: ServiceKind<Record<string, never>> = {
  kind: 'command',
  description: 'Any program given as argv in `command`, probed by TCP on its first port',
  options: z.strictObject({}),
  defaultPorts: {},
  protocols: ['tcp', 'http', 'redis', 'postgresql', 'openai', 's3', 'vector'],
  launch(service, _o, ctx) {
    if (!service.command) throw new Error(`service ${service.name}: kind command needs a command (argv list; {port}, {port.NAME}, {host} and {workDir} are filled in)`);
    return { command: fillPlaceholders([...service.command, ...(service.args ?? [])], ctx) };
  },
  defaultProbe: (service) => ({ type: 'tcp', port: Object.keys(service.ports ?? {})[0] ?? 'main' }),
  install: { hint: 'the program named in services[].command must be on PATH where the service runs' },
};
