import type { ServiceKind } from './service-kind';

/** Any program: the recipe gives the argv and ports; readiness is a TCP connect unless told otherwise. */
export const command: ServiceKind = {
  kind: 'command',
  description: 'Any program given as argv in `command`, probed by TCP on its first port',
  defaultPorts: {},
  command(service) {
    if (!service.command) throw new Error(`service ${service.name}: kind command needs a command (argv list)`);
    return [...service.command, ...(service.args ?? [])];
  },
  defaultProbe: (service) => ({ type: 'tcp', port: Object.keys(service.ports ?? {})[0] ?? 'main' }),
};
