import { connectClient, type BenchClient } from '../temporal/connection';
import { temporalConfig } from '../temporal/config';
import { CliError, EXIT } from './exit-codes';

/** Connects with the standard Temporal configuration, runs `f`, closes the connection. */
export async function withClient<T>(f: (c: BenchClient) => Promise<T>): Promise<T> {
  const cfg = temporalConfig();
  const conn = await connectClient(cfg).catch((e) => {
    throw new CliError(`cannot connect to Temporal at ${cfg.address}: ${(e as Error).message} (start one with \`bench server\`, or set TEMPORAL_ADDRESS)`, EXIT.environment);
  });
  try {
    return await f(conn);
  } finally {
    await conn.close();
  }
}
