/** Redaction of files already in an experiment folder, and of the recipe text before it is copied in. */
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { knownSecrets, redactText, registerSecrets, secretsIn } from './redact';

/** The recipe text with its secret values replaced; the secrets are remembered for this process' loggers. */
export function redactRecipeText(text: string): string {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return redactText(text, knownSecrets());
  }
  registerSecrets(secretsIn(doc));
  return redactText(text, knownSecrets());
}

const SKIP_DIRS = new Set(['prometheus_data']);
const MAX_BYTES = 64 * 1024 * 1024;

/** Rewrites every text file under `dir` that contains one of `secrets`; returns the files changed. */
export function redactFolder(dir: string, secrets: Iterable<string>): string[] {
  const list = [...secrets];
  const changed: string[] = [];
  if (!list.length) return changed;
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) {
        if (!SKIP_DIRS.has(name)) walk(p);
      } else if (st.isFile() && st.size <= MAX_BYTES && isText(p)) {
        const text = readFileSync(p, 'utf8');
        const clean = redactText(text, list);
        if (clean !== text) {
          writeFileSync(p, clean);
          changed.push(p);
        }
      }
    }
  };
  walk(dir);
  return changed;
}

function isText(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(8192);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return !buf.subarray(0, n).includes(0);
  } finally {
    closeSync(fd);
  }
}
