/** `bench serve` as its own process on a free port, ready once it says where it listens. */
import { spawn } from 'node:child_process';
import { BENCH, ROOT } from '../../helpers/bench-cli';
import { waitFor } from '../../helpers/wait-for';
import { freePort } from '../../../src/activities/free-port';

export interface ServeProcess {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startServe(env: NodeJS.ProcessEnv, args: string[] = []): Promise<ServeProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [BENCH, 'serve', '--port', String(port), ...args], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await waitFor('bench serve to listen', () => {
    if (child.exitCode !== null) throw new Error(`bench serve exited: ${out}`);
    return out.includes('listening on');
  }, 60_000);
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
