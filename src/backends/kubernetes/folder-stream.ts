/**
 * copyFrom for images without tar (the minimal ones hold only sh, cat and base64): a POSIX sh walk
 * prints each folder and each file (base64) between marker lines, and a Writable on the worker
 * recreates them under a local folder.
 */
import { mkdirSync, openSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';

/** Argument: the folder. Folders and regular files only (symlinks and devices are skipped). */
export const FOLDER_WALK = [
  'root=$1',
  `[ -d "$root" ] || { echo "no such folder: $root" >&2; exit 2; }`,
  'walk() {',
  '  for f in "$1"/* "$1"/.[!.]* "$1"/..?*; do',
  '    [ -e "$f" ] || continue',
  '    [ -L "$f" ] && continue',
  '    rel=${f#"$root"/}',
  `    if [ -d "$f" ]; then printf '@@bench-dir %s\\n' "$rel"; walk "$f" || return 1`,
  `    elif [ -f "$f" ]; then printf '@@bench-file %s\\n' "$rel"; base64 < "$f" || return 1; printf '@@bench-end\\n'`,
  '    fi',
  '  done',
  '}',
  'walk "$root"',
].join('\n');

export function folderWalkCommand(dir: string): string[] {
  return ['/bin/sh', '-c', FOLDER_WALK, 'bench-copy', dir.replace(/\/+$/, '') || '/'];
}

/** Writes what FOLDER_WALK prints into `localDir`; refuses paths that would leave it. */
export function folderWriter(localDir: string): Writable {
  let pending = '';
  let fd: number | undefined;
  let b64 = '';
  const target = (raw: string) => {
    const rel = Buffer.from(raw, 'latin1').toString('utf8');
    const p = path.resolve(localDir, rel);
    if (path.isAbsolute(rel) || (p !== localDir && !p.startsWith(localDir + path.sep))) throw new Error(`copyFrom: ${JSON.stringify(rel)} would leave ${localDir}`);
    return p;
  };
  const flush = (final: boolean) => {
    // base64 decodes in groups of 4 characters: keep the remainder for the next line.
    const cut = final ? b64.length : b64.length - (b64.length % 4);
    if (fd !== undefined && cut > 0) writeSync(fd, Buffer.from(b64.slice(0, cut), 'base64'));
    b64 = b64.slice(cut);
  };
  const line = (l: string) => {
    if (fd !== undefined) {
      if (l === '@@bench-end') {
        flush(true);
        closeSync(fd);
        fd = undefined;
      } else {
        b64 += l.trim();
        if (b64.length > 1 << 16) flush(false);
      }
    } else if (l.startsWith('@@bench-dir ')) {
      mkdirSync(target(l.slice(12)), { recursive: true });
    } else if (l.startsWith('@@bench-file ')) {
      const p = target(l.slice(13));
      mkdirSync(path.dirname(p), { recursive: true });
      fd = openSync(p, 'w');
    }
  };
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      try {
        pending += chunk.toString('latin1');
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const l of lines) line(l);
        cb();
      } catch (e) {
        cb(e as Error);
      }
    },
    final(cb) {
      try {
        if (pending) line(pending);
        if (fd !== undefined) closeSync(fd);
        cb();
      } catch (e) {
        cb(e as Error);
      }
    },
  });
}
