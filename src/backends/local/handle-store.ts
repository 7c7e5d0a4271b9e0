/**
 * The local backend's memory: one JSON file per launched handle under <state>/local/handles, and a
 * journal of every real spawn. It outlives workers, so a retried launch or a reaper finds what exists.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Handle } from '../backend';
import { writeJsonAtomic } from '../../store/atomic-write';

export interface LocalRef {
  pid: number;
  pgid: number;
  startTime: number;
  exitFile: string;
  stopped?: boolean;
  [key: string]: unknown;
}

export type LocalHandle = Handle & { ref: LocalRef };

export class HandleStore {
  readonly handlesDir: string;
  readonly exitDir: string;
  readonly journalFile: string;

  constructor(readonly stateDir: string) {
    this.handlesDir = path.join(stateDir, 'local', 'handles');
    this.exitDir = path.join(stateDir, 'local', 'exit');
    this.journalFile = path.join(stateDir, 'local', 'launches.jsonl');
    mkdirSync(this.handlesDir, { recursive: true });
    mkdirSync(this.exitDir, { recursive: true });
  }

  private file(id: string): string {
    return path.join(this.handlesDir, `${encodeURIComponent(id)}.json`);
  }

  get(id: string): LocalHandle | undefined {
    const f = this.file(id);
    if (!existsSync(f)) return undefined;
    try {
      return JSON.parse(readFileSync(f, 'utf8')) as LocalHandle;
    } catch {
      return undefined;
    }
  }

  put(handle: LocalHandle): void {
    writeJsonAtomic(this.file(handle.id), handle);
  }

  all(): LocalHandle[] {
    return readdirSync(this.handlesDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => this.get(decodeURIComponent(f.slice(0, -5))))
      .filter((h): h is LocalHandle => h !== undefined);
  }

  exitFileFor(id: string): string {
    return path.join(this.exitDir, `${encodeURIComponent(id)}.${Date.now()}.exit`);
  }

  journal(entry: Record<string, unknown>): void {
    appendFileSync(this.journalFile, JSON.stringify({ at: new Date().toISOString(), ...entry }) + '\n');
  }

  /** Every spawn the journal recorded for an experiment (tests count deployments with this). */
  launches(experiment: string): Record<string, unknown>[] {
    if (!existsSync(this.journalFile)) return [];
    return readFileSync(this.journalFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((e) => (e.labels as { experiment?: string } | undefined)?.experiment === experiment);
  }
}
