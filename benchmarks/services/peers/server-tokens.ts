/**
 * llama-server's own token counters on /metrics, read once a second: the tokens/s the server generated in
 * each client's window (a check on what each client reports) and the prompt tokens it had to evaluate
 * (fewer when a client's prompts share prefixes the server's prompt cache reuses).
 */
interface Sample {
  t: number;
  predicted: number;
  prompt: number;
}

export class ServerTokens {
  private readonly samples: Sample[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly url: string) {
    this.timer = setInterval(() => void this.take(), 1000);
  }

  private async take(): Promise<void> {
    try {
      const text = await (await fetch(this.url, { signal: AbortSignal.timeout(900) })).text();
      const value = (name: string) => Number(new RegExp(`^llamacpp:${name}\\s+(\\S+)`, 'm').exec(text)?.[1] ?? NaN);
      this.samples.push({ t: Date.now(), predicted: value('tokens_predicted_total'), prompt: value('prompt_tokens_total') });
    } catch {
      // a missed second only widens the span between the samples used
    }
  }

  /** Generated and evaluated-prompt tokens per second between two epoch-ms instants. */
  between(fromMs: number, toMs: number): { predictedPerSec: number; promptPerSec: number } {
    const inside = this.samples.filter((s) => s.t >= fromMs && s.t <= toMs);
    if (inside.length < 2) return { predictedPerSec: NaN, promptPerSec: NaN };
    const a = inside[0];
    const b = inside[inside.length - 1];
    const secs = (b.t - a.t) / 1000;
    return { predictedPerSec: (b.predicted - a.predicted) / secs, promptPerSec: (b.prompt - a.prompt) / secs };
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
