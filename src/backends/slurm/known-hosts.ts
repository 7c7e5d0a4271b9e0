import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The name a known_hosts line uses for a host: `host`, or `[host]:port` off port 22. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function patternMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [salt, hash] = pattern.slice(3).split('|');
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(name);
}

/** Base64 host keys the known_hosts file lists for this host (hashed entries and wildcards included; @revoked excluded). */
export function knownKeysFor(knownHostsText: string, host: string, port: number): { keys: string[]; revoked: string[] } {
  const name = knownHostsName(host, port);
  const keys: string[] = [];
  const revoked: string[] = [];
  for (const raw of knownHostsText.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    let fields = line.split(/\s+/);
    let marker = '';
    if (fields[0].startsWith('@')) [marker, ...fields] = fields;
    if (marker === '@cert-authority' || fields.length < 3) continue;
    const patterns = fields[0].split(',');
    if (patterns.some((p) => p.startsWith('!') && patternMatches(p.slice(1), name))) continue;
    if (!patterns.some((p) => patternMatches(p, name))) continue;
    (marker === '@revoked' ? revoked : keys).push(fields[2]);
  }
  return { keys, revoked };
}

export class HostKeyError extends Error {
  override readonly name = 'HostKeyError';
}

/**
 * Checks the key a server presented against the known_hosts file; returns an error that says
 * what to do, or undefined when the key is known.
 */
export function checkHostKey(knownHostsPath: string, host: string, port: number, presentedKey: Buffer): HostKeyError | undefined {
  let text: string;
  try {
    text = readFileSync(knownHostsPath, 'utf8');
  } catch (err) {
    return new HostKeyError(
      `cannot read known_hosts file ${knownHostsPath} (${(err as Error).message}); add the login node's key with: ssh-keyscan -p ${port} ${host} >> ${knownHostsPath} (and check its fingerprint)`,
    );
  }
  const presented = presentedKey.toString('base64');
  const { keys, revoked } = knownKeysFor(text, host, port);
  const name = knownHostsName(host, port);
  if (revoked.includes(presented)) return new HostKeyError(`host key of ${name} is marked @revoked in ${knownHostsPath}; refusing to connect`);
  if (keys.includes(presented)) return undefined;
  if (keys.length === 0) {
    return new HostKeyError(
      `host ${name} is not in ${knownHostsPath}; verify its fingerprint and add it with: ssh-keyscan -p ${port} ${host} >> ${knownHostsPath}`,
    );
  }
  return new HostKeyError(
    `HOST KEY MISMATCH for ${name}: the server's key is not the one recorded in ${knownHostsPath}. Someone may be intercepting the connection, or the host was reinstalled. If the change is expected, remove the old line (ssh-keygen -R '${name}' -f ${knownHostsPath}) and add the new key.`,
  );
}
