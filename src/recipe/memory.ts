/** resources.memory ("512Mi", "2Gi", "512M", "1G", or bytes) in MiB, rounded up. Pure. */
const UNIT_BYTES: Record<string, number> = { '': 1, K: 1000, M: 1000 ** 2, G: 1000 ** 3, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 };

export function memoryMiB(text: string): number {
  const m = /^(\d+)(Ki|Mi|Gi|K|M|G)?$/.exec(text);
  if (!m) throw new Error(`resources.memory: "${text}" is not a size like 512Mi or 2Gi`);
  return Math.ceil((Number(m[1]) * UNIT_BYTES[m[2] ?? '']) / 1024 ** 2);
}
