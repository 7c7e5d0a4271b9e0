/**
 * Runs `tick` every `everyMs` until stopped. A failing tick is skipped (a query while the workflow is
 * between tasks, or closed: the caller's result wait decides). stop() resolves once no tick is in
 * flight, so the caller may close the connection right after.
 */
export function pollLoop(tick: () => Promise<void>, everyMs: number): { stop(): Promise<void> } {
  let stopped = false;
  let wake = () => {};
  const done = (async () => {
    while (!stopped) {
      await tick().catch(() => undefined);
      if (stopped) break;
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, everyMs);
      });
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake();
      await done;
    },
  };
}
