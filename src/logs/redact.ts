/**
 * Secret redaction: values under secret-looking keys anywhere in a recipe (password, token, secret,
 * apiKey, key, credentials...) and values of secret-looking environment variables are replaced by
 * [REDACTED] before anything is written to an experiment folder.
 */
export const REDACTED = '[REDACTED]';

const SECRET_KEY = /(pass(word|wd|phrase)?|token|secret|api[-_]?key|^key$|[-_]key$|private[-_]?key|credentials?|auth)$/i;
const SECRET_ENV = /(PASS(WORD|WD)?|TOKEN|SECRET|API_?KEY|PRIVATE_?KEY|CREDENTIALS?)$/i;
/** Values shorter than this are not redacted: "a" or "1" would shred every log line. */
const MIN_LENGTH = 4;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Secret values found in a parsed recipe (or any JSON-like value). */
export function secretsIn(value: unknown, underSecretKey = false, out: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string' || typeof value === 'number') {
    if (underSecretKey && String(value).length >= MIN_LENGTH) out.add(String(value));
  } else if (Array.isArray(value)) {
    for (const v of value) secretsIn(v, underSecretKey, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) secretsIn(v, underSecretKey || isSecretKey(k), out);
  }
  // argv like ["--requirepass", "s3cret"]: the word after a secret-looking flag is a secret.
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      const next = value[i + 1];
      if (typeof v === 'string' && typeof next === 'string' && /^--?[\w-]+$/.test(v) && isSecretKey(v.replace(/^-+/, '').replace(/-/g, '_').replace(/^require/, '')) && next.length >= MIN_LENGTH) out.add(next);
    });
  }
  return out;
}

/** Secret values among environment variables (TEMPORAL_API_KEY, PGPASSWORD, ...). */
export function secretsInEnv(env: NodeJS.ProcessEnv = process.env): Set<string> {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(env)) if (v && v.length >= MIN_LENGTH && SECRET_ENV.test(k)) out.add(v);
  return out;
}

export function redactText(text: string, secrets: Iterable<string>): string {
  let out = text;
  // Longest first, so a secret containing another is replaced whole.
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
    if (out.includes(s)) out = out.split(s).join(REDACTED);
    const escaped = JSON.stringify(s).slice(1, -1);
    if (escaped !== s && out.includes(escaped)) out = out.split(escaped).join(REDACTED);
  }
  return out;
}

const registered = new Set<string>();

/** Secrets this process has seen (from recipes its activities handled, and its environment). */
export function registerSecrets(values: Iterable<string>): void {
  for (const v of values) registered.add(v);
}

export function knownSecrets(): Set<string> {
  return new Set([...registered, ...secretsInEnv()]);
}
