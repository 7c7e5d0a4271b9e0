/**
 * The one quoting function every value from a recipe goes through before it reaches a shell
 * (job scripts, remote commands). POSIX single quotes: nothing inside is special, not even
 * newlines; an embedded single quote closes, escapes and reopens.
 */
export function shellQuote(value: string): string {
  if (value.includes('\0')) throw new Error(`value ${JSON.stringify(value)} contains a NUL byte, which no shell can pass; remove it`);
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** An argv as one shell command line, each word quoted on its own. */
export function shellJoin(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/** Environment variable names cannot be quoted, so they must be valid as they are. */
export function assertEnvName(name: string, field: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new Error(`${field}: ${JSON.stringify(name)} is not a valid environment variable name; use letters, digits and _ (not starting with a digit)`);
  }
  return name;
}
