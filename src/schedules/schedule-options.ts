/** What `bench schedule create` (and the API) accept, checked and turned into a Temporal ScheduleSpec and policies. Pure. */
import type { ScheduleOverlapPolicy, ScheduleSpec } from '@temporalio/client';
import { parseDuration } from '../recipe/duration';

export const OVERLAP_POLICIES = { skip: 'SKIP', 'buffer-one': 'BUFFER_ONE', 'buffer-all': 'BUFFER_ALL', 'cancel-other': 'CANCEL_OTHER', 'terminate-other': 'TERMINATE_OTHER', 'allow-all': 'ALLOW_ALL' } as const satisfies Record<string, ScheduleOverlapPolicy>;
export type OverlapName = keyof typeof OVERLAP_POLICIES;

export interface ScheduleRequest {
  /** "1d", "20s", "6h": an interval (Temporal's IntervalSpec). */
  every?: string;
  /** A cron expression, e.g. "0 3 * * *" (Temporal's cron syntax). */
  cron?: string;
  jitter?: string;
  timezone?: string;
  overlap?: string;
  pauseOnFailure?: boolean;
  /** Fail a run whose comparison with the baseline finds a regression (so pause-on-failure can stop the schedule). */
  failOnRegression?: boolean;
}

export interface CheckedSchedule {
  spec: ScheduleSpec;
  overlap: ScheduleOverlapPolicy;
  pauseOnFailure: boolean;
}

export class ScheduleOptionError extends Error {
  override name = 'ScheduleOptionError';
}

export function checkScheduleRequest(r: ScheduleRequest): CheckedSchedule {
  if (!r.every === !r.cron) throw new ScheduleOptionError('give exactly one of --every DURATION (e.g. 1d, 6h, 20s) or --cron "EXPR" (e.g. "0 3 * * *")');
  const spec: ScheduleSpec = {};
  if (r.every) {
    const ms = parseDuration(r.every);
    if (!ms || ms < 1000) throw new ScheduleOptionError(`--every "${r.every}" is not a duration of at least 1s; write it like 20s, 30m, 6h or 1d`);
    spec.intervals = [{ every: ms }];
  }
  if (r.cron) {
    const fields = r.cron.trim().split(/\s+/);
    if (!(fields.length >= 5 && fields.length <= 7) && !r.cron.trim().startsWith('@')) throw new ScheduleOptionError(`--cron "${r.cron}" is not a cron expression; write five fields like "0 3 * * *" (03:00 daily) or a shorthand like @daily`);
    spec.cronExpressions = [r.cron.trim()];
  }
  if (r.jitter !== undefined) {
    const ms = parseDuration(r.jitter);
    if (ms === undefined) throw new ScheduleOptionError(`--jitter "${r.jitter}" is not a duration; write it like 30s or 10m`);
    spec.jitter = ms;
  }
  if (r.timezone) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: r.timezone });
    } catch {
      throw new ScheduleOptionError(`--timezone "${r.timezone}" is not an IANA time zone; write it like UTC, Europe/Berlin or America/New_York`);
    }
    spec.timezone = r.timezone;
  }
  const overlapName = (r.overlap ?? 'skip') as OverlapName;
  const overlap = OVERLAP_POLICIES[overlapName];
  if (!overlap) throw new ScheduleOptionError(`--overlap "${r.overlap}" is not one of ${Object.keys(OVERLAP_POLICIES).join(', ')}`);
  return { spec, overlap, pauseOnFailure: Boolean(r.pauseOnFailure) };
}

/** "2026-11-29", "2026-11-29T03:00:00Z" → Date, or a clear error. */
export function parseInstant(name: string, value: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new ScheduleOptionError(`${name} "${value}" is not a date; write it like 2026-11-01 or 2026-11-01T03:00:00Z`);
  return d;
}
