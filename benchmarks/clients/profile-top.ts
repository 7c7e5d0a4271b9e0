/**
 * `npx tsx benchmarks/clients/profile-top.ts FILE.cpuprofile... [--top N]`: the functions with the
 * most self time in V8 CPU profiles (as written by `node --cpu-prof`, e.g. by
 * `npm run bench:clients -- --only redis --cpu-prof DIR`), summed over the files, with their share
 * of the samples that were not idle. Not a test.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const TOP = topAt >= 0 ? Number(args[topAt + 1]) : 25;
const files = args.filter((a, i) => a.endsWith('.cpuprofile') && i !== topAt + 1);

const selfUs = new Map<string, number>();
let totalUs = 0;
let idleUs = 0;
for (const f of files) {
  const p = JSON.parse(readFileSync(f, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  for (let i = 0; i < p.samples.length; i++) {
    const n = byId.get(p.samples[i]);
    const dt = p.timeDeltas[i] ?? 0;
    if (!n) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === '(idle)') {
      idleUs += dt;
      continue;
    }
    totalUs += dt;
    const key = `${functionName || '(anonymous)'} ${url ? `${basename(url)}:${lineNumber + 1}` : ''}`.trim();
    selfUs.set(key, (selfUs.get(key) ?? 0) + dt);
  }
}
const rows = [...selfUs.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP);
process.stdout.write(`${files.length} profile(s): ${(totalUs / 1e6).toFixed(2)} s busy, ${(idleUs / 1e6).toFixed(2)} s idle\n`);
for (const [k, us] of rows) process.stdout.write(`${((us / totalUs) * 100).toFixed(1).padStart(5)} %  ${(us / 1e3).toFixed(0).padStart(7)} ms  ${k}\n`);
