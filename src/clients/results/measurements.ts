/**
 * A driver's named measurements (time to first token, inter-token latency, recall) and counts
 * (output tokens, bytes) for one client instance. Each measurement is an HDR histogram plus an exact
 * sum, so instances merge exactly; counts keep a per-second series for the report's rate charts.
 */
import type { MeasurementInfo, MeasurementSink } from '../drivers/driver';
import { clampLatencyUs, createLatencyHistogram, encodeHistogram, type LatencyHistogram } from './histogram';

/** Ratios (0..1) are stored as integers at this scale: 4 decimals. */
export const RATIO_SCALE = 10_000;

export interface EncodedMeasurement {
  unit: MeasurementInfo['unit'];
  /** Base64 HDR histogram; 'us' values in microseconds, 'ratio' values × RATIO_SCALE. */
  histogram: string;
  count: number;
  /** Exact sum of the recorded values in the measurement's unit (µs, or the ratio itself). */
  sum: number;
}

export class Measurements implements MeasurementSink {
  private readonly histograms = new Map<string, { unit: MeasurementInfo['unit']; h: LatencyHistogram; count: number; sum: number }>();
  readonly totals: Record<string, number> = {};
  private second: Record<string, number> = {};
  /** Off during warm-up and after the window: only measured work counts. */
  active = false;

  constructor(private readonly declared: Record<string, MeasurementInfo> = {}) {}

  private readonly ignore = { record: () => undefined, count: () => undefined };
  private readonly always = { record: (name: string, value: number) => this.add(name, value), count: (name: string, n: number) => this.addCount(name, n) };

  forRequest(measured = this.active): Pick<MeasurementSink, 'record' | 'count'> {
    return measured ? this.always : this.ignore;
  }

  record(name: string, value: number): void {
    if (this.active) this.add(name, value);
  }

  count(name: string, n: number): void {
    if (this.active) this.addCount(name, n);
  }

  private add(name: string, value: number): void {
    if (!Number.isFinite(value)) return;
    let m = this.histograms.get(name);
    if (!m) {
      m = { unit: this.declared[name]?.unit ?? 'us', h: createLatencyHistogram(), count: 0, sum: 0 };
      this.histograms.set(name, m);
    }
    m.h.recordValue(m.unit === 'ratio' ? Math.max(1, Math.round(value * RATIO_SCALE)) : clampLatencyUs(value));
    m.count++;
    m.sum += value;
  }

  private addCount(name: string, n: number): void {
    this.totals[name] = (this.totals[name] ?? 0) + n;
    this.second[name] = (this.second[name] ?? 0) + n;
  }

  /** The counts of the second just ended (undefined when there are none), and a fresh second. */
  closeSecond(): Record<string, number> | undefined {
    const s = this.second;
    this.second = {};
    return Object.keys(s).length ? s : undefined;
  }

  encode(): Record<string, EncodedMeasurement> | undefined {
    if (this.histograms.size === 0) return undefined;
    const out: Record<string, EncodedMeasurement> = {};
    for (const [name, m] of this.histograms) out[name] = { unit: m.unit, histogram: encodeHistogram(m.h), count: m.count, sum: m.sum };
    return out;
  }
}
