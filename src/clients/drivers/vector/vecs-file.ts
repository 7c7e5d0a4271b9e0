/**
 * The TEXMEX "vecs" formats of the SIFT/GIST sets (and ann-benchmarks exports): each vector is a
 * little-endian int32 dimension followed by that many components: float32 (.fvecs), uint8 (.bvecs)
 * or int32 (.ivecs, neighbour ids).
 */
import { closeSync, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';

export interface VecsFile {
  dimension: number;
  count: number;
  /** count × dimension components, row after row. */
  values: Float32Array | Int32Array;
}

const COMPONENT_BYTES = { fvecs: 4, bvecs: 1, ivecs: 4 } as const;
type VecsKind = keyof typeof COMPONENT_BYTES;

export function vecsKind(file: string): VecsKind {
  const ext = /\.(fvecs|bvecs|ivecs)$/.exec(file)?.[1];
  if (!ext) throw new Error(`${file}: not a .fvecs, .bvecs or .ivecs file`);
  return ext as VecsKind;
}

/** Reads the first `limit` vectors (default all), only those bytes; `field` names the option in errors. */
export function readVecs(file: string, field: string, limit = Infinity): VecsFile {
  const kind = vecsKind(file);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new Error(`${field}: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(4);
    if (size < 4 || readSync(fd, head, 0, 4, 0) !== 4) throw new Error(`${field}: ${file} is empty`);
    const dimension = head.readInt32LE(0);
    const record = 4 + dimension * COMPONENT_BYTES[kind];
    if (dimension <= 0 || size % record !== 0) {
      throw new Error(`${field}: ${file} is not a ${kind} file (first dimension ${dimension}, size ${size} is not a multiple of ${record} bytes)`);
    }
    const count = Math.min(size / record, limit);
    const buf = Buffer.alloc(count * record);
    for (let at = 0; at < buf.length; ) {
      const n = readSync(fd, buf, at, Math.min(buf.length - at, 1 << 30), at);
      if (n <= 0) throw new Error(`${field}: ${file} ended early`);
      at += n;
    }
    return { dimension, count, values: decode(buf, kind, dimension, count, `${field}: ${file}`) };
  } finally {
    closeSync(fd);
  }
}

function decode(buf: Buffer, kind: VecsKind, dimension: number, count: number, where: string): Float32Array | Int32Array {
  const record = 4 + dimension * COMPONENT_BYTES[kind];
  const values = kind === 'ivecs' ? new Int32Array(count * dimension) : new Float32Array(count * dimension);
  for (let i = 0; i < count; i++) {
    const at = i * record;
    if (buf.readInt32LE(at) !== dimension) throw new Error(`${where}: vector ${i} has dimension ${buf.readInt32LE(at)}, the first has ${dimension}`);
    const row = i * dimension;
    for (let j = 0; j < dimension; j++) {
      values[row + j] = kind === 'fvecs' ? buf.readFloatLE(at + 4 + 4 * j) : kind === 'ivecs' ? buf.readInt32LE(at + 4 + 4 * j) : buf[at + 4 + j];
    }
  }
  return values;
}

/** A TEXMEX vecs file: per vector an int32 dimension, then the components (float32 or int32). */
export function writeVecs(file: string, values: Float32Array | Int32Array, dimension: number): string {
  const rows = values.length / dimension;
  const buf = Buffer.alloc(rows * (4 + 4 * dimension));
  for (let i = 0; i < rows; i++) {
    const at = i * (4 + 4 * dimension);
    buf.writeInt32LE(dimension, at);
    for (let j = 0; j < dimension; j++) {
      if (values instanceof Float32Array) buf.writeFloatLE(values[i * dimension + j], at + 4 + 4 * j);
      else buf.writeInt32LE(values[i * dimension + j], at + 4 + 4 * j);
    }
  }
  writeFileSync(file, buf);
  return file;
}
