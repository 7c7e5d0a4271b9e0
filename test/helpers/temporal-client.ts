import { Client, Connection } from '@temporalio/client';

/** A client to the test run's Temporal (or the given address); close it in afterAll. */
export async function testClient(address = process.env.TEMPORAL_ADDRESS!): Promise<{ client: Client; close: () => Promise<void> }> {
  const connection = await Connection.connect({ address });
  return { client: new Client({ connection }), close: () => connection.close() };
}
