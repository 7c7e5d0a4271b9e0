import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { TreeSampler } from './proc-tree';

export interface TreeRun {
  sampler: TreeSampler;
  startedAt: number;
  endedAt: number;
}

/** Runs argv to its end with its output in logFile, sampling its process tree's CPU and RSS. */
export function runTree(argv: string[], o: { env?: NodeJS.ProcessEnv; cwd?: string; logFile: string; timeoutMs: number }): Promise<TreeRun> {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(o.logFile);
    const startedAt = Date.now();
    const child = spawn(argv[0], argv.slice(1), { cwd: o.cwd, env: o.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const sampler = new TreeSampler(child.pid as number);
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    // detached: its own process group, so a timeout ends the workers too.
    const timer = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), o.timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      sampler.stop();
      log.end();
      if (code === 0) resolve({ sampler, startedAt, endedAt: Date.now() });
      else reject(new Error(`${argv.slice(0, 3).join(' ')} ... exited ${code ?? signal}; see ${o.logFile}`));
    });
  });
}
