import type { Queryable } from '../db/client.ts';

/**
 * The tables of Tally's full export, in the order an import must write them (parents first),
 * each with the unique sort key it is paged by. Rows travel as the database's own JSON
 * (to_jsonb), so microseconds, arrays and jsonb survive unchanged; an import writes them back
 * with jsonb_populate_recordset. Generated and GENERATED ALWAYS identity columns are left out
 * (the database makes them again), and so are the columns listed in `drop`.
 */
export interface FullTable {
  name: string;
  keys: Array<{ column: string; type: string }>;
  /** Never exported: sealed identities, the accounts behind reports. */
  drop?: string[];
}

export const fullTables: FullTable[] = [
  {
    name: 'place',
    keys: [
      { column: 'created_at', type: 'timestamptz' },
      { column: 'id', type: 'text' },
    ],
  },
  { name: 'source', keys: [{ column: 'id', type: 'uuid' }], drop: ['identity_sealed'] },
  {
    name: 'report',
    keys: [
      { column: 'received_at', type: 'timestamptz' },
      { column: 'id', type: 'uuid' },
    ],
    drop: ['submitted_by'],
  },
  { name: 'claim', keys: [{ column: 'seq', type: 'bigint' }] },
  { name: 'incident', keys: [{ column: 'id', type: 'uuid' }] },
  {
    name: 'incident_count',
    keys: [
      { column: 'incident_id', type: 'uuid' },
      { column: 'outcome', type: 'text' },
      { column: 'victim_group', type: 'text' },
    ],
  },
  {
    name: 'incident_claim',
    keys: [
      { column: 'incident_id', type: 'uuid' },
      { column: 'claim_id', type: 'uuid' },
    ],
  },
  { name: 'incident_decision', keys: [{ column: 'id', type: 'bigint' }] },
  {
    name: 'toll_closure',
    keys: [
      { column: 'place_id', type: 'text' },
      { column: 'day', type: 'date' },
    ],
  },
  { name: 'reporting_disruption', keys: [{ column: 'id', type: 'uuid' }] },
  {
    name: 'toll_publication',
    keys: [
      { column: 'published_at', type: 'timestamptz' },
      { column: 'id', type: 'uuid' },
    ],
  },
];

export interface TableColumns {
  /** Columns an INSERT may name. */
  insertable: string[];
  /** Generated columns and GENERATED ALWAYS identities: left out of the export. */
  derived: string[];
}

export async function tableExists(db: Queryable, table: string): Promise<boolean> {
  const rows = await db.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [table]);
  return rows[0]?.found != null;
}

export async function tableColumns(db: Queryable, table: string): Promise<TableColumns> {
  const rows = await db.query<{ column_name: string; derived: boolean }>(
    `SELECT column_name, (is_generated = 'ALWAYS' OR identity_generation = 'ALWAYS') AS derived
     FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1
     ORDER BY ordinal_position`,
    [table],
  );
  return {
    insertable: rows.filter((r) => !r.derived).map((r) => r.column_name),
    derived: rows.filter((r) => r.derived).map((r) => r.column_name),
  };
}

export interface FullPageRow {
  /** The sort key, as text, to pass back for the next page. */
  keys: string[];
  json: string;
}

/** One page of a table as JSON text, after the row whose key is `after` (null: from the start). */
export async function pageTable(
  db: Queryable,
  table: FullTable,
  leaveOut: string[],
  after: string[] | null,
  limit: number,
): Promise<FullPageRow[]> {
  const keyList = table.keys.map((k) => k.column).join(', ');
  const keyText = table.keys.map((k, i) => `${k.column}::text AS k${i}`).join(', ');
  const minus = leaveOut.length > 0 ? ` - ARRAY[${leaveOut.map((c) => `'${c}'`).join(', ')}]` : '';
  const where = after
    ? `WHERE (${keyList}) > (${table.keys.map((k, i) => `$${i + 2}::${k.type}`).join(', ')})`
    : '';
  const rows = await db.query<Record<string, string>>(
    `SELECT ${keyText}, (to_jsonb(t)${minus})::text AS j FROM ${table.name} t ${where}
     ORDER BY ${keyList} LIMIT $1`,
    [limit, ...(after ?? [])],
  );
  return rows.map((row) => ({
    keys: table.keys.map((_, i) => row[`k${i}`] as string),
    json: row.j as string,
  }));
}

/** Writes rows (objects shaped like the table) in one statement; places are upserted over the gazetteer. */
export async function insertTableRows(
  tx: Queryable,
  table: string,
  columns: string[],
  rows: unknown[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const list = columns.join(', ');
  const conflict =
    table === 'place'
      ? `ON CONFLICT (id) DO UPDATE SET ${columns
          .filter((c) => c !== 'id')
          .map((c) => `${c} = EXCLUDED.${c}`)
          .join(', ')}`
      : '';
  const ordered =
    table === 'claim' || table === 'incident_decision' ? 'WITH ORDINALITY ORDER BY ordinality' : '';
  const inserted = await tx.query(
    `INSERT INTO ${table} (${list})
     SELECT ${list} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) ${ordered}
     ${conflict} RETURNING 1`,
    [JSON.stringify(rows)],
  );
  return inserted.length;
}

/** Rows already in the tables a full import fills (it goes only into an empty database). */
export async function occupiedTables(db: Queryable, tables: string[]): Promise<string[]> {
  const occupied: string[] = [];
  for (const table of tables) {
    const rows = await db.query(`SELECT 1 FROM ${table} LIMIT 1`);
    if (rows.length > 0) occupied.push(table);
  }
  return occupied;
}
