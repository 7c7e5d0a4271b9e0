/**
 * Which of this instance's object keys exist, so a mixed run never reads what it deleted.
 * GET/STAT read only live keys; DELETE takes a live key no request is reading, out of the live set
 * before it is sent; PUT writes only keys that are not live (deleted ones first, then new ones), so
 * no read ever races a delete or an overwrite of the same key.
 */
export class KeyPool {
  private readonly live: number[] = [];
  /** Position of each live key in `live`, for O(1) removal. */
  private readonly at = new Map<number, number>();
  private readonly readers = new Map<number, number>();
  private readonly free: number[] = [];
  private next = 0;

  /** Keys 0..n-1 exist (uploaded by prepare). */
  constructor(existing = 0) {
    for (let k = 0; k < existing; k++) this.addLive(k);
    this.next = existing;
  }

  get liveCount(): number {
    return this.live.length;
  }

  /** A random live key, held until `readDone`; undefined when none exists. */
  read(): number | undefined {
    if (this.live.length === 0) return undefined;
    const k = this.live[(Math.random() * this.live.length) | 0];
    this.readers.set(k, (this.readers.get(k) ?? 0) + 1);
    return k;
  }

  readDone(k: number): void {
    const n = (this.readers.get(k) ?? 1) - 1;
    if (n > 0) this.readers.set(k, n);
    else this.readers.delete(k);
  }

  /** A live key nobody is reading, no longer live from now; undefined when none was found. */
  delete(): number | undefined {
    for (let attempt = 0; attempt < 8 && this.live.length > 0; attempt++) {
      const k = this.live[(Math.random() * this.live.length) | 0];
      if (this.readers.has(k)) continue;
      this.removeLive(k);
      return k;
    }
    return undefined;
  }

  /** A failed delete may have left the object or not: either way only a PUT may touch it again. */
  deleteDone(k: number): void {
    this.free.push(k);
  }

  /** A key that is not live: one deleted before, else a new one. */
  put(): number {
    return this.free.pop() ?? this.next++;
  }

  putDone(k: number, ok: boolean): void {
    if (ok) this.addLive(k);
    else this.free.push(k);
  }

  private addLive(k: number): void {
    this.at.set(k, this.live.length);
    this.live.push(k);
  }

  private removeLive(k: number): void {
    const i = this.at.get(k);
    if (i === undefined) return;
    const last = this.live.pop() as number;
    if (last !== k) {
      this.live[i] = last;
      this.at.set(last, i);
    }
    this.at.delete(k);
  }
}
