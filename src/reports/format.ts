/** How the report writes numbers, milliseconds, bytes and ratios. */

export function formatNumber(n: number): string {
  if (Math.abs(n) >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (Math.abs(n) >= 1e4) return `${Math.round(n).toLocaleString('en-US')}`;
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms < 10 ? ms.toFixed(3) : ms.toFixed(1)} ms`;
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) (n /= 1024), i++;
  return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
}

/** A 0..1 measurement (recall) as a plain number: 0.852. */
export function formatRatio(r: number): string {
  return r.toFixed(3);
}
