import type { Queryable } from '../db/client.ts';

/** Tables that hold Tally's record: every table in the public schema but the migration ledger. */
export async function backedUpTables(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migration'
     ORDER BY table_name`,
  );
  return rows.map((row) => row.name);
}

/** The next rows of an open cursor, as JSON. */
export async function readTablePage(tx: Queryable, cursor: string, limit: number): Promise<unknown[]> {
  const rows = await tx.query<{ row: unknown }>(`FETCH ${Number(limit)} FROM ${cursor}`);
  return rows.map((r) => r.row);
}

/** A digest of a table's content that is the same on PGlite and PostgreSQL for the same rows. */
export async function tableDigest(db: Queryable, table: string): Promise<{ rows: number; sha256: string }> {
  const rows = await db.query<{ rows: number; sha256: string }>(
    `SELECT count(*)::int AS rows,
            encode(sha256(convert_to(coalesce(string_agg(to_jsonb(t)::text, E'\\n' ORDER BY to_jsonb(t)::text), ''), 'UTF8')), 'hex') AS sha256
     FROM "${table}" t`,
  );
  return rows[0] as { rows: number; sha256: string };
}

export async function insertTableRows(tx: Queryable, table: string, rows: unknown[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO "${table}" OVERRIDING SYSTEM VALUE SELECT * FROM jsonb_populate_recordset(NULL::"${table}", $1::jsonb)`,
    [JSON.stringify(rows)],
  );
}

/** Identity columns continue after the restored rows rather than colliding with them. */
export async function restartIdentities(tx: Queryable): Promise<void> {
  const columns = await tx.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = 'public' AND is_identity = 'YES'`,
  );
  for (const { table_name: table, column_name: column } of columns) {
    const max = (
      await tx.query<{ m: number | null }>(`SELECT max("${column}")::bigint AS m FROM "${table}"`)
    )[0]?.m;
    await tx.exec(`ALTER TABLE "${table}" ALTER COLUMN "${column}" RESTART WITH ${Number(max ?? 0) + 1}`);
  }
}

export async function countRecords(db: Queryable): Promise<number> {
  const rows = await db.query<{ n: number }>(
    'SELECT (SELECT count(*) FROM report) + (SELECT count(*) FROM source) AS n',
  );
  return Number(rows[0]?.n ?? 0);
}
