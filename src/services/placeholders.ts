import type { LaunchContext } from './service-kind';

/**
 * `{port}` (the first port), `{port.NAME}`, `{host}` (the bind address) and `{workDir}` in a
 * user-given argv, for kinds that run the user's own command (command, openai).
 */
export function fillPlaceholders(argv: string[], ctx: LaunchContext): string[] {
  const first = Object.values(ctx.ports)[0];
  return argv.map((a) =>
    a
      .replace(/\{port\.([A-Za-z0-9_-]+)\}/g, (m, name: string) => (ctx.ports[name] !== undefined ? String(ctx.ports[name]) : m))
      .replace(/\{port\}/g, first !== undefined ? String(first) : '{port}')
      .replace(/\{host\}/g, ctx.bindAddress)
      .replace(/\{workDir\}/g, ctx.workDir),
  );
}
