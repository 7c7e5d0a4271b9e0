/** Timing of one streamed completion: first token, gaps between tokens, and the per-request figures derived from them. */
import { performance } from 'node:perf_hooks';

export class RequestTiming {
  readonly sentAt = performance.now();
  firstTokenAt = 0;
  lastTokenAt = 0;
  chunks = 0;
  /** Gaps between consecutive content chunks, in µs. */
  readonly gapsUs: number[] = [];

  token(now = performance.now()): void {
    if (this.chunks === 0) this.firstTokenAt = now;
    else this.gapsUs.push((now - this.lastTokenAt) * 1000);
    this.lastTokenAt = now;
    this.chunks++;
  }

  get ttftUs(): number {
    return (this.firstTokenAt - this.sentAt) * 1000;
  }

  /** Time per output token after the first: (end − first token) / (tokens − 1), as vLLM defines TPOT. */
  tpotUs(outputTokens: number, endAt: number): number | undefined {
    return outputTokens > 1 && this.chunks > 0 ? ((endAt - this.firstTokenAt) * 1000) / (outputTokens - 1) : undefined;
  }
}
