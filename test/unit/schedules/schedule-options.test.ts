import { checkScheduleRequest, parseInstant } from '../../../src/schedules/schedule-options';

describe('checkScheduleRequest', () => {
  it('turns --every, --jitter, --timezone and --overlap into a Temporal spec and policies', () => {
    expect(checkScheduleRequest({ every: '1d', jitter: '5m', overlap: 'buffer-one', pauseOnFailure: true })).toEqual({ spec: { intervals: [{ every: 86_400_000 }], jitter: 300_000 }, overlap: 'BUFFER_ONE', pauseOnFailure: true });
    expect(checkScheduleRequest({ cron: '0 3 * * *', timezone: 'Europe/Berlin' })).toEqual({ spec: { cronExpressions: ['0 3 * * *'], timezone: 'Europe/Berlin' }, overlap: 'SKIP', pauseOnFailure: false });
  });

  it.each([
    [{}, 'exactly one of --every'],
    [{ every: '1d', cron: '0 3 * * *' }, 'exactly one of --every'],
    [{ every: 'daily' }, '--every "daily" is not a duration'],
    [{ every: '10ms' }, 'at least 1s'],
    [{ cron: '0 3 *' }, 'is not a cron expression'],
    [{ every: '1h', timezone: 'Mars/Base' }, 'is not an IANA time zone'],
    [{ every: '1h', overlap: 'sometimes' }, 'is not one of skip, buffer-one'],
    [{ every: '1h', jitter: 'lots' }, '--jitter "lots" is not a duration'],
  ])('refuses %j with a hint', (req, message) => {
    expect(() => checkScheduleRequest(req)).toThrow(message);
  });

  it('parses instants for backfill', () => {
    expect(parseInstant('--from', '2026-11-01T03:00:00Z').toISOString()).toBe('2026-11-01T03:00:00.000Z');
    expect(() => parseInstant('--from', 'yesterday')).toThrow('--from "yesterday" is not a date');
  });
});
