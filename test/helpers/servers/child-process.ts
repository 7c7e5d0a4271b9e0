import { spawn, type ChildProcess } from 'node:child_process';

export interface StartedProcess {
  child: ChildProcess;
  /** Everything the process printed, for error messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it exited. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  /** Run as this user (needs root), e.g. PostgreSQL refuses to run as root. */
  uid?: number;
  gid?: number;
}

export function startProcess(command: string, args: string[], o: StartOptions = {}): StartedProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: o.env ?? process.env, uid: o.uid, gid: o.gid });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    child.once('exit', () => resolve());
    child.once('error', (err) => {
      out += `\n${err.message}`;
      resolve();
    });
  });
  return {
    child,
    output: () => out,
    async stop(graceMs = 5000) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
