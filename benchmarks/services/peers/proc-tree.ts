/**
 * CPU and memory of a client's whole process tree (GuideLLM and AIPerf fork worker processes), sampled
 * from /proc while it runs, so a measured window can be cut out of the series afterwards.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SEC = 100;
const PAGE_BYTES = 4096;

export interface TreeSample {
  /** Epoch ms. */
  t: number;
  /** CPU seconds of the tree so far: each live process's utime+stime plus its reaped children's. */
  cpuS: number;
  rssBytes: number;
  processes: number;
}

interface Stat {
  ppid: number;
  cpuTicks: number;
  rssPages: number;
}

function stat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm) ": state ppid ... utime(14) stime(15) cutime(16) cstime(17) ... rss(24).
    const f = text.slice(text.lastIndexOf(') ') + 2).split(' ');
    return { ppid: Number(f[1]), cpuTicks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]), rssPages: Number(f[21]) };
  } catch {
    return undefined;
  }
}

/** One reading of the tree under root. A reaped child's time is in its parent's cutime, so live processes sum it exactly. */
export function sampleTree(root: number): TreeSample | undefined {
  const all = new Map<number, Stat>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const s = stat(pid);
    if (s) all.set(pid, s);
  }
  if (!all.has(root)) return undefined;
  const children = new Map<number, number[]>();
  for (const [pid, s] of all) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  let ticks = 0;
  let pages = 0;
  let processes = 0;
  const todo = [root];
  while (todo.length) {
    const pid = todo.pop() as number;
    const s = all.get(pid);
    if (!s) continue;
    ticks += s.cpuTicks;
    pages += s.rssPages;
    processes++;
    todo.push(...(children.get(pid) ?? []));
  }
  return { t: Date.now(), cpuS: ticks / TICKS_PER_SEC, rssBytes: pages * PAGE_BYTES, processes };
}

export class TreeSampler {
  readonly samples: TreeSample[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly root: number,
    everyMs = 200,
  ) {
    this.take();
    this.timer = setInterval(() => this.take(), everyMs);
  }

  private take(): void {
    const s = sampleTree(this.root);
    if (s) this.samples.push(s);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** CPU seconds spent between two epoch-ms instants (the samples nearest inside them). */
  cpuBetween(fromMs: number, toMs: number): { cpuS: number; spanS: number } {
    const inside = this.samples.filter((s) => s.t >= fromMs && s.t <= toMs);
    if (inside.length < 2) return { cpuS: NaN, spanS: NaN };
    const a = inside[0];
    const b = inside[inside.length - 1];
    return { cpuS: b.cpuS - a.cpuS, spanS: (b.t - a.t) / 1000 };
  }

  peakRssBytes(fromMs = 0, toMs = Infinity): number {
    return Math.max(0, ...this.samples.filter((s) => s.t >= fromMs && s.t <= toMs).map((s) => s.rssBytes));
  }

  peakProcesses(): number {
    return Math.max(0, ...this.samples.map((s) => s.processes));
  }

  totalCpuS(): number {
    return this.samples.length ? this.samples[this.samples.length - 1].cpuS : NaN;
  }
}
