import type { Db } from '../src/db/client.ts';

/**
 * Changes rows the way someone who owns the database could, with Tally's triggers switched off
 * for the statement: what `tally audit verify` must still catch.
 */
export async function behindTheAppsBack(db: Db, table: string, sql: string, params: unknown[] = []) {
  await db.transaction(async (tx) => {
    await tx.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    await tx.query(sql, params);
    // Deferred foreign-key checks must run first: a table with pending trigger events cannot be altered.
    await tx.query('SET CONSTRAINTS ALL IMMEDIATE');
    await tx.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
  });
}

/**
 * Edits audit entry #from and recomputes every later link and hash the way the chain trigger
 * computes them, so the chain alone still checks out: only an anchor kept elsewhere can tell.
 */
export async function rewriteChainFrom(db: Db, from: number, reason: string) {
  await db.transaction(async (tx) => {
    await tx.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await tx.query('UPDATE audit_log SET reason = $2 WHERE chain_seq = $1', [from, reason]);
    const [last] = await tx.query<{ n: number }>('SELECT max(chain_seq)::int AS n FROM audit_log');
    for (let seq = from; seq <= (last?.n ?? 0); seq++) {
      await tx.query(
        `UPDATE audit_log SET prev_hash = coalesce((SELECT hash FROM audit_log WHERE chain_seq = $1 - 1), repeat('0', 64))
         WHERE chain_seq = $1`,
        [seq],
      );
      // A separate statement: within one UPDATE, audit_entry_hash(a) would see the old row.
      await tx.query('UPDATE audit_log a SET hash = audit_entry_hash(a) WHERE chain_seq = $1', [seq]);
    }
    await tx.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
  });
}
