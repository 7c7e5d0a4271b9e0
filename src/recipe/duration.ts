import { z } from 'zod';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION_RE = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;

/** Parses "500ms", "10s", "1.5m", "2h", "1d" or a plain number of seconds into milliseconds. */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  const m = DURATION_RE.exec(value.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNIT_MS[m[2]];
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms >= 3_600_000) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** A duration field: accepts "10s"-style strings or seconds, yields milliseconds. */
export const duration = () =>
  z
    .union([z.number().nonnegative('a duration cannot be negative; write it like 500ms, 10s, 5m or a number of seconds'), z.string()])
    .transform((v, ctx) => {
      const ms = parseDuration(v);
      if (ms === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `"${v}" is not a duration; write it like 500ms, 10s, 5m, 2h or a number of seconds`,
        });
        return z.NEVER;
      }
      return ms;
    })
    .meta({ description: 'A duration: "500ms", "10s", "5m", "2h", "1d", or a number of seconds.' });
