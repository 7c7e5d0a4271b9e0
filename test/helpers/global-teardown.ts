import type { DevServer } from '../../src/temporal/dev-server';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __benchServer?: DevServer }).__benchServer;
  await server?.stop();
}
