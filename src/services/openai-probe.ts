/** What OpenAI-compatible servers say about themselves: llama-server's /props build_info, else the first model's owner. */
export async function openaiVersion(host: string, port: number): Promise<string | undefined> {
  const get = async (p: string) => {
    const res = await fetch(`http://${host}:${port}${p}`, { signal: AbortSignal.timeout(2000) });
    return res.ok ? ((await res.json()) as Record<string, unknown>) : undefined;
  };
  const props = await get('/props').catch(() => undefined);
  if (props && typeof props.build_info === 'string') return props.build_info;
  const version = await get('/version').catch(() => undefined);
  if (version && typeof version.version === 'string') return version.version;
  return undefined;
}
