/**
 * Local processes: each launch is a detached process group running the argv directly (no shell
 * parsing of recipe values); a tiny sh wrapper only records the exit code to a file, so a worker that
 * restarts can still tell exited from crashed.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { writeFileAtomic } from '../../store/atomic-write';
import path from 'node:path';
import type { Backend, Endpoint, Handle, Labels, LaunchSpec, Status } from '../backend';
import { HandleStore, LocalHandle } from './handle-store';
import { isSameProcessAlive, processGroupMembers, processStartTime } from './process-info';

// "$@" keeps every argument a separate word: recipe values are never parsed by a shell.
const EXIT_RECORDER = '"$@"; code=$?; echo "$code" > "$BENCH_EXIT_FILE"; exit "$code"';

export interface LocalBackendOptions {
  stateDir: string;
  /** How long stop waits after SIGTERM before SIGKILL. */
  stopGraceMs?: number;
  /** How long stop waits for the group to vanish after SIGKILL before it reports that it could not stop it. */
  killWaitMs?: number;
}

export class LocalBackend implements Backend {
  readonly kind = 'local' as const;
  readonly store: HandleStore;
  private readonly stopGraceMs: number;
  private readonly killWaitMs: number;

  constructor(opts: LocalBackendOptions) {
    this.store = new HandleStore(opts.stateDir);
    this.stopGraceMs = opts.stopGraceMs ?? 5000;
    this.killWaitMs = opts.killWaitMs ?? 10_000;
  }

  workspace(_experimentId: string, experimentDir: string): string {
    return experimentDir;
  }

  async writeFile(_handle: Handle, file: string, content: string): Promise<void> {
    writeLocal(file, content);
  }

  async readFile(_handle: Handle, file: string): Promise<string | undefined> {
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  }

  async close(): Promise<void> {}

  async launch(spec: LaunchSpec): Promise<Handle> {
    const existing = this.store.get(spec.id);
    if (existing && !existing.ref.stopped && isSameProcessAlive(existing.ref.pid, existing.ref.startTime)) {
      return existing;
    }
    if (spec.command.length === 0) throw new Error(`launch ${spec.id}: empty command`);
    for (const file of spec.files ?? []) writeLocal(file.path, file.content);
    mkdirSync(path.dirname(spec.logFile), { recursive: true });
    if (spec.cwd) mkdirSync(spec.cwd, { recursive: true });
    const exitFile = this.store.exitFileFor(spec.id);
    const log = openSync(spec.logFile, 'a');
    let child;
    try {
      child = spawn('/bin/sh', ['-c', EXIT_RECORDER, 'bench-local', ...spec.command], {
        cwd: spec.cwd,
        env: { ...process.env, ...spec.env, BENCH_EXIT_FILE: exitFile },
        stdio: ['ignore', log, log],
        detached: true,
      });
    } finally {
      closeSync(log);
    }
    const pid = child.pid;
    if (pid === undefined) throw new Error(`launch ${spec.id}: could not start ${spec.command[0]}`);
    child.unref();
    const startTime = processStartTime(pid) ?? 0;
    const handle: LocalHandle = {
      backend: 'local',
      id: spec.id,
      labels: spec.labels,
      ref: { pid, pgid: pid, startTime, exitFile },
      ports: spec.ports ?? {},
      logFile: spec.logFile,
      launchedAt: new Date().toISOString(),
    };
    this.store.put(handle);
    this.store.journal({ event: 'launch', id: spec.id, labels: spec.labels, pid, command: spec.command });
    return handle;
  }

  async status(handle: Handle): Promise<Status> {
    const h = (this.store.get(handle.id) ?? handle) as LocalHandle;
    if (h.ref.pid !== (handle as LocalHandle).ref.pid) return { state: 'stopped', reason: 'replaced by a newer launch' };
    if (existsSync(h.ref.exitFile)) {
      // An exit code on file wins over a later stop: the process had already finished by itself.
      const code = Number(readFileSync(h.ref.exitFile, 'utf8').trim());
      return code === 0 ? { state: 'exited', exitCode: 0, nodes: ['localhost'] } : { state: 'failed', exitCode: code, reason: `exited with code ${code}` };
    }
    if (isSameProcessAlive(h.ref.pid, h.ref.startTime)) return { state: 'running', nodes: ['localhost'] };
    if (h.ref.stopped) return { state: 'stopped' };
    return { state: 'lost', reason: 'the process group is gone without an exit code (killed by a signal?)' };
  }

  async endpoints(handle: Handle): Promise<Endpoint> {
    return { host: '127.0.0.1', ports: handle.ports };
  }

  async logs(handle: Handle, tailBytes?: number): Promise<string> {
    if (!existsSync(handle.logFile)) return '';
    const size = statSync(handle.logFile).size;
    const buf = readFileSync(handle.logFile);
    return tailBytes && size > tailBytes ? buf.subarray(size - tailBytes).toString('utf8') : buf.toString('utf8');
  }

  async stop(handle: Handle): Promise<void> {
    const h = (this.store.get(handle.id) ?? handle) as LocalHandle;
    const { pgid } = h.ref;
    if (!h.ref.stopped) this.store.put({ ...h, ref: { ...h.ref, stopped: true } });
    if (processGroupMembers(pgid).length === 0) return;
    signalGroup(pgid, 'SIGTERM');
    const deadline = Date.now() + this.stopGraceMs;
    while (Date.now() < deadline && processGroupMembers(pgid).length > 0) await sleep(50);
    if (processGroupMembers(pgid).length > 0) {
      signalGroup(pgid, 'SIGKILL');
      this.store.journal({ event: 'kill', id: h.id, labels: h.labels, pgid });
      const killDeadline = Date.now() + this.killWaitMs;
      while (processGroupMembers(pgid).length > 0) {
        // Only a process in uninterruptible sleep (state D: hung I/O, a frozen cgroup) outlives SIGKILL.
        if (Date.now() > killDeadline) throw new Error(`process group ${pgid} survived SIGKILL for ${this.killWaitMs / 1000} s (pids ${processGroupMembers(pgid).join(', ')}; uninterruptible, state D?)`);
        await sleep(20);
      }
    }
    this.store.journal({ event: 'stop', id: h.id, labels: h.labels, pgid });
  }

  async list(labels: Partial<Labels>): Promise<Handle[]> {
    return this.store.all().filter((h) => {
      const matches = Object.entries(labels).every(([k, v]) => v === undefined || h.labels[k as keyof Labels] === v);
      return matches && processGroupMembers(h.ref.pgid).length > 0;
    });
  }
}

function writeLocal(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, content);
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
