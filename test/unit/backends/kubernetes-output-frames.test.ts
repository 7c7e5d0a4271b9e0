import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { outputFromLog, parseOutputFrames, wrapWithOutputs } from '../../../src/backends/kubernetes/output-frames';

// The wrapper runs under /bin/sh in the pods; dash is what the test images have.
const SH = spawnSync('sh', ['-c', 'command -v dash']).stdout.toString().trim() || '/bin/sh';

function run(argv: string[], env: Record<string, string> = {}) {
  const [, ...rest] = argv;
  const r = spawnSync(SH, rest, { env: { PATH: process.env.PATH!, ...env } });
  return { code: r.status, out: r.stdout.toString() };
}

describe('kubernetes output frames', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-k8s-frames-'));

  it('runs the command with its own arguments, keeps its exit code and frames each output', () => {
    const weird = path.join(dir, "it's $(odd) `name` {rank}.json");
    const written = weird.replace('{rank}', '2');
    // Like `bench client --out`, the command writes the rank's own file.
    const argv = wrapWithOutputs(['sh', '-c', 'printf "%s|" "$@"; printf \'{"rank":%s}\' "$BENCH_CLIENT_RANK" > "$0"; exit 3', written, 'a b', '$HOME', '"q"'], [weird, path.join(dir, 'none')]);
    expect(argv.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    const { code, out } = run(argv, { BENCH_CLIENT_RANK: '2' });
    expect(code).toBe(3);
    // The command saw its arguments verbatim; the output path came back with {rank} replaced.
    expect(out.startsWith('a b|$HOME|"q"|')).toBe(true);
    const frames = parseOutputFrames(out);
    expect(frames.get(written)).toBe('{"rank":2}');
    expect(frames.has(path.join(dir, 'none'))).toBe(true);
    expect(frames.get(path.join(dir, 'none'))).toBeUndefined();
    expect(outputFromLog(out, path.join(dir, 'other'))).toBeUndefined();
  });

  it('frames binary-safe content of any size, the last frame winning', () => {
    const f = path.join(dir, 'big.json');
    const content = JSON.stringify({ data: 'x\n\u00e9'.repeat(50_000) });
    writeFileSync(f, content);
    const { code, out } = run(wrapWithOutputs(['true'], [f, f]));
    expect(code).toBe(0);
    expect(outputFromLog(`noise without newline${out}`, f)).toBe(content);
    expect(outputFromLog(out.slice(0, out.length - 40), f)).toBe(content); // first frame complete, second cut off
  });

  it('forwards SIGTERM to the command and still frames its outputs', async () => {
    const f = path.join(dir, 'stopped.json');
    const argv = wrapWithOutputs(['sh', '-c', `trap 'echo done > "$0"; exit 143' TERM; while :; do sleep 0.1; done`, f], [f]);
    const child = spawn(SH, argv.slice(1));
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGTERM');
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(143);
    expect(outputFromLog(out, f)).toBe('done\n');
  });

  it('ignores incomplete frames', () => {
    expect(parseOutputFrames('@@bench-output-begin /x\nYWJj\n').size).toBe(0);
  });
});
