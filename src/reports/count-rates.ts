/** Per-second rate charts of the drivers' counts (raw_results.csv columns count_<name>), summed over a group's instances. */
import type { Series } from './report-data';

export interface RateChart {
  title: string;
  yTitle: string;
  series: Series[];
}

export const COUNT_COLUMN_PREFIX = 'count_';

/** How a count reads: byte counts as MiB, anything else in its own last word (tokens, ops, requests). */
export function countUnit(name: string): { key: string; yTitle: string; scale: number; label: string; bytes: boolean } {
  const words = name.split('_').filter(Boolean);
  if (words.includes('bytes')) {
    const rest = words.filter((w) => w !== 'bytes').join(' ');
    return { key: 'bytes', yTitle: 'MiB/s', scale: 1 / 2 ** 20, label: `${rest ? `${rest} ` : ''}MiB/s`, bytes: true };
  }
  const unit = words[words.length - 1] ?? name;
  return { key: unit, yTitle: `${unit}/s`, scale: 1, label: `${words.join(' ')}/s`, bytes: false };
}

/** One chart per unit (all byte counts together, all token counts together...), a line per count and group. `order` sorts count names. */
export function countRates(raw: Record<string, string>[], t0: number, order: (names: string[]) => string[] = (n) => n): RateChart[] {
  if (!raw.length) return [];
  const names = order(Object.keys(raw[0]).filter((c) => c.startsWith(COUNT_COLUMN_PREFIX)).map((c) => c.slice(COUNT_COLUMN_PREFIX.length)));
  const second = (r: Record<string, string>) => Math.round((Date.parse(r.timestamp) - t0) / 1000);
  const seconds = [...new Set(raw.map(second))].sort((a, b) => a - b);
  const groups = [...new Set(raw.map((r) => r.group))];
  const charts = new Map<string, RateChart>();
  for (const name of names) {
    const unit = countUnit(name);
    const col = `${COUNT_COLUMN_PREFIX}${name}`;
    const withData = groups.filter((g) => raw.some((r) => r.group === g && Number(r[col]) > 0));
    for (const group of withData) {
      const sums = new Map<number, number>();
      for (const r of raw) if (r.group === group) sums.set(second(r), (sums.get(second(r)) ?? 0) + (Number(r[col]) || 0));
      const chart = charts.get(unit.key) ?? charts.set(unit.key, { title: '', yTitle: unit.yTitle, series: [] }).get(unit.key)!;
      chart.series.push({
        label: withData.length > 1 || groups.length > 1 ? `${group}: ${unit.label}` : unit.label,
        points: seconds.map((x) => ({ x, y: Math.round((sums.get(x) ?? 0) * unit.scale * 1000) / 1000 })),
      });
    }
  }
  for (const [key, chart] of charts) {
    const what = chart.series.length === 1 ? chart.series[0].label : `${key === 'bytes' ? 'MiB' : key[0].toUpperCase() + key.slice(1)} per second`;
    chart.title = `${what} (summed over instances)`;
  }
  return [...charts.values()];
}
