import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseLine } from '../../../src/logs/log-entry';
import { parseSince, readLogs } from '../../../src/logs/read-logs';
import { REDACTED, redactText, secretsIn } from '../../../src/logs/redact';

describe('secret redaction', () => {
  it('finds values under secret-looking keys and after secret flags, and redacts them', () => {
    const recipe = {
      services: [{ name: 'db', env: { PGPASSWORD: 'pw-123456', PLAIN: 'visible' }, args: ['--requirepass', 'rp-987654', '--port', '6379'] }],
      workload: { clients: [{ options: { password: 'pw-123456', apiKey: 'ak-5555', keySpace: 1000, token: 'x' } }] },
      monitoring: { targets: [{ name: 'app', address: 'h:1' }] },
    };
    const secrets = secretsIn(recipe);
    expect([...secrets].sort()).toEqual(['ak-5555', 'pw-123456', 'rp-987654']);
    expect(redactText('auth pw-123456 then "rp-987654" visible', secrets)).toBe(`auth ${REDACTED} then "${REDACTED}" visible`);
  });
});

describe('log entries and merging', () => {
  it('parses pino JSON (numeric or label level), redis lines and logfmt', () => {
    expect(parseLine('{"level":40,"time":"2026-01-02T03:04:05.000Z","component":"orchestrator","msg":"hi"}', 'orchestrator', 0)).toMatchObject({ level: 'warn', time: Date.parse('2026-01-02T03:04:05Z'), msg: 'hi' });
    expect(parseLine('123:M 02 Jan 2026 03:04:06.500 * Ready to accept connections', 'service-redis', 0)).toMatchObject({ component: 'service', instance: 'redis', time: Date.parse('2026-01-02T03:04:06.500Z') });
    expect(parseLine('ts=2026-01-02T03:04:07Z level=error msg="boom"', 'exporter-redis', 0)).toMatchObject({ level: 'error', component: 'exporter' });
  });

  it('merges files by time and filters by component, level, grep and since', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-logs-'));
    writeFileSync(path.join(dir, 'orchestrator.log'), ['{"level":"info","time":"2026-01-02T03:04:01.000Z","msg":"prepared"}', '{"level":"warn","time":"2026-01-02T03:04:04.000Z","msg":"restart"}'].join('\n') + '\n');
    writeFileSync(path.join(dir, 'service-redis.log'), '1:M 02 Jan 2026 03:04:02.000 * started\nno timestamp here\n');
    expect(readLogs(dir).map((e) => e.msg)).toEqual(['prepared', '1:M 02 Jan 2026 03:04:02.000 * started', 'no timestamp here', 'restart']);
    expect(readLogs(dir, { component: ['service'] })).toHaveLength(2);
    expect(readLogs(dir, { level: 'warn' }).map((e) => e.msg)).toEqual(['restart']);
    expect(readLogs(dir, { grep: /START/i }).map((e) => e.msg)).toEqual(['1:M 02 Jan 2026 03:04:02.000 * started', 'restart']);
    expect(readLogs(dir, { sinceMs: Date.parse('2026-01-02T03:04:03Z') }).map((e) => e.msg)).toEqual(['restart']);
    expect(parseSince('10m', 1_000_000)).toBe(400_000);
    expect(() => parseSince('yesterday')).toThrow(/--since/);
  });
});
