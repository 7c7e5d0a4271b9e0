/**
 * Log lines of an experiment as entries: pino JSON lines keep their fields; plain output of services
 * and tools gets its timestamp from the line when it carries one (redis, logfmt, ISO) and otherwise
 * the previous line's, so every file merges by time.
 */
export interface LogEntry {
  time: number;
  level: string;
  component: string;
  instance: string;
  msg: string;
  /** The source file (logs/<name>.log) and the parsed JSON, if the line was JSON. */
  file: string;
  fields?: Record<string, unknown>;
}

const PINO_LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
export const LEVEL_ORDER = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** logs/service-redis.log → component service, instance redis; orchestrator.log → orchestrator. */
export function componentOf(fileBase: string): { component: string; instance: string } {
  const m = /^(service|client|monitor|exporter)-(.+)$/.exec(fileBase);
  return m ? { component: m[1], instance: m[2] } : { component: fileBase, instance: fileBase };
}

export function parseLine(line: string, file: string, previousTime: number): LogEntry | undefined {
  if (!line.trim()) return undefined;
  const { component, instance } = componentOf(file);
  if (line.startsWith('{')) {
    try {
      const j = JSON.parse(line) as Record<string, unknown>;
      const t = typeof j.time === 'number' ? j.time : typeof j.time === 'string' ? Date.parse(j.time) : typeof j.ts === 'string' ? Date.parse(j.ts) : NaN;
      const lvl = typeof j.level === 'number' ? PINO_LEVELS[j.level] ?? String(j.level) : typeof j.level === 'string' ? j.level.toLowerCase() : 'info';
      return {
        time: Number.isFinite(t) ? t : previousTime,
        level: lvl,
        component: typeof j.component === 'string' ? j.component : component,
        instance: typeof j.instance === 'string' ? j.instance : instance,
        msg: String(j.msg ?? j.message ?? line),
        file,
        fields: j,
      };
    } catch {
      // not JSON after all: a plain line
    }
  }
  return { time: plainTime(line) ?? previousTime, level: plainLevel(line), component, instance, msg: line, file };
}

function plainTime(line: string): number | undefined {
  const iso = /(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)/.exec(line);
  if (iso) {
    const t = Date.parse(iso[1]);
    if (Number.isFinite(t)) return t;
  }
  // redis: "12345:M 29 Nov 2026 08:41:58.123 * Ready to accept connections"
  const r = /(\d{1,2}) (\w{3}) (\d{4}) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?/.exec(line);
  if (r && MONTHS.includes(r[2])) {
    return Date.UTC(Number(r[3]), MONTHS.indexOf(r[2]), Number(r[1]), Number(r[4]), Number(r[5]), Number(r[6]), Number((r[7] ?? '0').padEnd(3, '0').slice(0, 3)));
  }
  return undefined;
}

function plainLevel(line: string): string {
  const lf = /\blevel=(\w+)/.exec(line);
  if (lf) return lf[1].toLowerCase();
  if (/\b(error|fatal|panic)\b/i.test(line)) return 'error';
  if (/\b(warn|warning)\b/i.test(line) || / # /.test(line)) return 'warn';
  return 'info';
}
