import type { Queryable } from '../db/client.ts';
import type { SequenceState } from './backup.ts';

/** Tables that hold Tally's record: every table in the public schema but the migration ledger. */
export async function backedUpTables(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migration'
     ORDER BY table_name`,
  );
  return rows.map((row) => row.name);
}

export interface BackupColumn {
  name: string;
  /** Generated columns are computed again by the database: never inserted. */
  generated: boolean;
  /** 64-bit integers and numerics go as JSON strings: a JS number would round them past 2^53. */
  asText: 'no' | 'scalar' | 'array';
}

export async function backupColumns(db: Queryable, table: string): Promise<BackupColumn[]> {
  const rows = await db.query<{ name: string; is_generated: string; data_type: string; udt_name: string }>(
    `SELECT column_name AS name, is_generated, data_type, udt_name FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => ({
    name: r.name,
    generated: r.is_generated === 'ALWAYS',
    asText: ['int8', 'numeric'].includes(r.udt_name)
      ? 'scalar'
      : ['_int8', '_numeric'].includes(r.udt_name)
        ? 'array'
        : 'no',
  }));
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Opens a cursor over a table's rows, each as the text of its JSON with wide numbers as strings. */
export async function declareRowsCursor(
  tx: Queryable,
  cursor: string,
  table: string,
  columns: BackupColumn[],
): Promise<void> {
  const wide = columns.filter((c) => c.asText !== 'no');
  const overlay =
    wide.length === 0
      ? ''
      : ` || jsonb_build_object(${wide
          .map(
            (c) =>
              `'${c.name.replaceAll("'", "''")}', ${c.asText === 'scalar' ? `t.${quote(c.name)}::text` : `t.${quote(c.name)}::text[]`}`,
          )
          .join(', ')})`;
  await tx.exec(
    `DECLARE ${quote(cursor)} NO SCROLL CURSOR FOR SELECT (to_jsonb(t)${overlay})::text AS row FROM ${quote(table)} t`,
  );
}

/** The next rows of an open cursor, as JSON text exactly as the database wrote it. */
export async function readTextPage(tx: Queryable, cursor: string, limit: number): Promise<string[]> {
  const rows = await tx.query<{ row: string }>(`FETCH ${Number(limit)} FROM ${quote(cursor)}`);
  return rows.map((r) => r.row);
}

/** A digest of a table's content that is the same on PGlite and PostgreSQL for the same rows. */
export async function tableDigest(db: Queryable, table: string): Promise<{ rows: number; sha256: string }> {
  const rows = await db.query<{ rows: number; sha256: string }>(
    `SELECT count(*)::int AS rows,
            encode(sha256(convert_to(coalesce(string_agg(to_jsonb(t)::text, E'\\n' ORDER BY to_jsonb(t)::text), ''), 'UTF8')), 'hex') AS sha256
     FROM ${quote(table)} t`,
  );
  return rows[0] as { rows: number; sha256: string };
}

/** Every sequence of the schema (identity columns' too) and where it stands. */
export async function sequenceStates(db: Queryable): Promise<SequenceState[]> {
  const names = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'S' AND n.nspname = 'public' ORDER BY c.relname`,
  );
  const states: SequenceState[] = [];
  for (const { name } of names) {
    const [row] = await db.query<{ last_value: string; is_called: boolean }>(
      `SELECT last_value::text AS last_value, is_called FROM ${quote(name)}`,
    );
    if (row) states.push({ name, ...row });
  }
  return states;
}

export async function setSequences(tx: Queryable, states: SequenceState[]): Promise<void> {
  for (const s of states) {
    await tx.query(`SELECT setval(format('%I', $1::text)::regclass, $2::bigint, $3::boolean)`, [
      s.name,
      s.last_value,
      s.is_called,
    ]);
  }
}

/**
 * Inserts rows given as the text of a JSON array, which the database parses itself, so no
 * value passes through a JS number. Identity values are the backed-up ones (OVERRIDING
 * SYSTEM VALUE); generated columns are left to the database.
 */
export async function insertRowsText(
  tx: Queryable,
  table: string,
  columns: string[],
  rowsJson: string,
): Promise<number> {
  const list = columns.map(quote).join(', ');
  const rows = await tx.query<{ n: number }>(
    `WITH added AS (
       INSERT INTO ${quote(table)} (${list}) OVERRIDING SYSTEM VALUE
       SELECT ${list} FROM jsonb_populate_recordset(NULL::${quote(table)}, $1::jsonb) RETURNING 1)
     SELECT count(*)::int AS n FROM added`,
    [rowsJson],
  );
  return rows[0]?.n ?? 0;
}

/** Tables among `tables` that hold at least one row. */
export async function occupiedTables(db: Queryable, tables: string[]): Promise<string[]> {
  const occupied: string[] = [];
  for (const table of tables) {
    const rows = await db.query(`SELECT 1 FROM ${quote(table)} LIMIT 1`);
    if (rows.length > 0) occupied.push(table);
  }
  return occupied;
}

/** The shipped gazetteer that `tally serve` loads on start: the backup brings its own places. */
export async function clearGazetteer(tx: Queryable): Promise<void> {
  await tx.exec('DELETE FROM place');
}

export async function appliedMigrations(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ name: string }>('SELECT name FROM schema_migration ORDER BY name');
  return rows.map((r) => r.name);
}

/**
 * Within the restore transaction only (SET LOCAL), triggers and foreign-key checks are off:
 * the rows are the backup's own, audit entries keep their chain hashes instead of being
 * chained again, and toll facts are restored as they were rather than derived twice. The
 * restore then verifies every table digest and the audit chain before it commits.
 */
export async function disableTriggersForTransaction(tx: Queryable): Promise<void> {
  await tx.exec("SET LOCAL session_replication_role = replica; SET LOCAL TIME ZONE 'UTC'");
}
