import type { Client } from 'pg';

/** pgbench's TPC-B-like tables and transaction, so the postgresql driver needs no pgbench -i. */
export const TPCB_ACCOUNTS_PER_BRANCH = 100_000;
export const TPCB_TELLERS_PER_BRANCH = 10;

export async function tpcbTablesExist(client: Client): Promise<boolean> {
  const r = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM information_schema.tables WHERE table_name IN ('pgbench_branches','pgbench_tellers','pgbench_accounts','pgbench_history')`,
  );
  return Number(r.rows[0].n) === 4;
}

/** Creates and fills the four tables at `scale` (like `pgbench -i -s scale`), replacing any old ones. */
export async function initTpcb(client: Client, scale: number): Promise<void> {
  await client.query(`
    DROP TABLE IF EXISTS pgbench_history, pgbench_tellers, pgbench_accounts, pgbench_branches;
    CREATE TABLE pgbench_branches (bid int PRIMARY KEY, bbalance int, filler char(88)) WITH (fillfactor=100);
    CREATE TABLE pgbench_tellers (tid int PRIMARY KEY, bid int, tbalance int, filler char(84)) WITH (fillfactor=100);
    CREATE TABLE pgbench_accounts (aid int PRIMARY KEY, bid int, abalance int, filler char(84)) WITH (fillfactor=100);
    CREATE TABLE pgbench_history (tid int, bid int, aid int, delta int, mtime timestamp, filler char(22));
    INSERT INTO pgbench_branches SELECT b, 0, '' FROM generate_series(1, ${scale}) b;
    INSERT INTO pgbench_tellers SELECT t, (t - 1) / ${TPCB_TELLERS_PER_BRANCH} + 1, 0, '' FROM generate_series(1, ${scale * TPCB_TELLERS_PER_BRANCH}) t;
    INSERT INTO pgbench_accounts SELECT a, (a - 1) / ${TPCB_ACCOUNTS_PER_BRANCH} + 1, 0, '' FROM generate_series(1, ${scale * TPCB_ACCOUNTS_PER_BRANCH}) a;
  `);
  // VACUUM refuses to run inside the implicit transaction of a multi-statement query.
  await client.query('VACUUM ANALYZE pgbench_branches, pgbench_tellers, pgbench_accounts, pgbench_history');
}

/**
 * One TPC-B transaction as a single simple-protocol round trip. Only generated integers are
 * interpolated, never user input, and sending it whole keeps each request one atomic transaction
 * even when several requests queue on the same connection.
 */
export function tpcbTransaction(scale: number, random: () => number = Math.random): string {
  const aid = 1 + Math.floor(random() * scale * TPCB_ACCOUNTS_PER_BRANCH);
  const bid = 1 + Math.floor(random() * scale);
  const tid = 1 + Math.floor(random() * scale * TPCB_TELLERS_PER_BRANCH);
  const delta = Math.floor(random() * 10_001) - 5000;
  return (
    'BEGIN;' +
    `UPDATE pgbench_accounts SET abalance = abalance + ${delta} WHERE aid = ${aid};` +
    `SELECT abalance FROM pgbench_accounts WHERE aid = ${aid};` +
    `UPDATE pgbench_tellers SET tbalance = tbalance + ${delta} WHERE tid = ${tid};` +
    `UPDATE pgbench_branches SET bbalance = bbalance + ${delta} WHERE bid = ${bid};` +
    `INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (${tid}, ${bid}, ${aid}, ${delta}, CURRENT_TIMESTAMP);` +
    'END;'
  );
}
