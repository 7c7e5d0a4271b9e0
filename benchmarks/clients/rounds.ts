import type { ToolRate } from './http-vs-tools';

/** One comparison run as alternated rounds: ours, peer, ours, peer... each ratio paired within its round. */
export interface Comparison {
  ours: ToolRate[];
  peer: ToolRate[];
}

export interface RatioStats {
  median: number;
  min: number;
  max: number;
  /** ours / peer of each round, in order. */
  rounds: number[];
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const r3 = (n: number) => Math.round(n * 1000) / 1000;

export function stats(xs: number[]): RatioStats {
  return { median: r3(median(xs)), min: r3(Math.min(...xs)), max: r3(Math.max(...xs)), rounds: xs.map(r3) };
}

/** Round by round: ours / peer of throughput and of throughput per client CPU-second. */
export function ratios(c: Comparison): { rps: RatioStats; perCpu: RatioStats } {
  return {
    rps: stats(c.ours.map((o, i) => o.rps / c.peer[i].rps)),
    perCpu: stats(c.ours.map((o, i) => o.rpsPerCpu / c.peer[i].rpsPerCpu)),
  };
}

/** Runs `rounds` rounds of ours, then the peer: ours, peer, ours, peer... */
export async function alternated(rounds: number, ours: () => Promise<ToolRate>, peer: () => Promise<ToolRate>, onRound?: (i: number, o: ToolRate, p: ToolRate) => void): Promise<Comparison> {
  const c: Comparison = { ours: [], peer: [] };
  for (let i = 0; i < rounds; i++) {
    const o = await ours();
    const p = await peer();
    c.ours.push(o);
    c.peer.push(p);
    onRound?.(i, o, p);
  }
  return c;
}
