/** Object sizes: "64KiB"-style strings, and a sampler for a fixed size or a uniform {min, max}. */
import { z } from 'zod';

const UNITS: Record<string, number> = { '': 1, B: 1, KB: 1e3, MB: 1e6, GB: 1e9, KIB: 1024, MIB: 1024 ** 2, GIB: 1024 ** 3 };

/** Bytes of "64KiB", "1.5 MiB", "4KB" or "512" (KB/MB/GB are decimal, KiB/MiB/GiB binary); undefined when unreadable. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMG]i?B|B)?\s*$/i.exec(text);
  if (!m) return undefined;
  const factor = UNITS[(m[2] ?? '').toUpperCase()];
  return factor === undefined ? undefined : Math.round(Number(m[1]) * factor);
}

/** One PUT's body is a slice of one buffer held in memory, and multipart uploads are not used. */
export const MAX_OBJECT_BYTES = 256 * 1024 ** 2;

const rawSize = z.union([z.number(), z.string()]);

/** Bytes of one size value, or an issue naming what to write instead. */
function toBytes(v: number | string, path: string[], ctx: z.RefinementCtx): number | undefined {
  const bytes = typeof v === 'number' ? v : parseSize(v);
  if (bytes === undefined || !Number.isInteger(bytes) || bytes < 0) {
    ctx.addIssue({ code: 'custom', path, message: `"${v}" is not a size: write bytes (65536) or a string like "64KiB", "1MiB", "4KB"` });
    return undefined;
  }
  if (bytes > MAX_OBJECT_BYTES) {
    ctx.addIssue({ code: 'custom', path, message: `${bytes} bytes is above the 256 MiB limit of single PUTs here (multipart uploads are not supported)` });
    return undefined;
  }
  return bytes;
}

export const objectSizeSchema = z.union([rawSize, z.strictObject({ min: rawSize, max: rawSize })]).transform((v, ctx): number | { min: number; max: number } => {
  if (typeof v !== 'object') return toBytes(v, [], ctx) ?? z.NEVER;
  const min = toBytes(v.min, ['min'], ctx);
  const max = toBytes(v.max, ['max'], ctx);
  if (min === undefined || max === undefined) return z.NEVER;
  if (min > max) {
    ctx.addIssue({ code: 'custom', path: ['min'], message: `objectSize.min (${min} bytes) must not exceed objectSize.max (${max} bytes)` });
    return z.NEVER;
  }
  return { min, max };
});
export type ObjectSize = z.output<typeof objectSizeSchema>;

export function maxSize(size: ObjectSize): number {
  return typeof size === 'number' ? size : size.max;
}

/** A size drawn per PUT: the fixed size, or uniform over [min, max]. */
export function sizeSampler(size: ObjectSize): () => number {
  if (typeof size === 'number') return () => size;
  const { min, max } = size;
  return () => min + Math.floor(Math.random() * (max - min + 1));
}
