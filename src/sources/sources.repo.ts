import type { Queryable } from '../db/client.ts';
import type { SourceKind } from './source.ts';

export interface SourceRow {
  id: string;
  kind: SourceKind;
  pseudonym: string;
  independence_group: string;
  reliability_note: string | null;
  created_at: Date;
}

export async function insertSource(
  tx: Queryable,
  source: Omit<SourceRow, 'created_at'>,
): Promise<SourceRow | undefined> {
  const rows = await tx.query<SourceRow>(
    `INSERT INTO source (id, kind, pseudonym, independence_group, reliability_note)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO NOTHING
     RETURNING *`,
    [source.id, source.kind, source.pseudonym, source.independence_group, source.reliability_note],
  );
  return rows[0];
}

export async function findSource(db: Queryable, id: string): Promise<SourceRow | undefined> {
  const rows = await db.query<SourceRow>('SELECT * FROM source WHERE id = $1', [id]);
  return rows[0];
}

export async function listSources(
  db: Queryable,
  page: { after?: { key: string; id: string } | undefined; limit: number },
): Promise<SourceRow[]> {
  return db.query<SourceRow>(
    `SELECT * FROM source
     WHERE ($1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::uuid))
     ORDER BY created_at, id
     LIMIT $3`,
    [page.after?.key ?? null, page.after?.id ?? null, page.limit + 1],
  );
}

export async function setSourceIdentity(tx: Queryable, id: string, sealed: string): Promise<boolean> {
  const rows = await tx.query('UPDATE source SET identity_sealed = $2 WHERE id = $1 RETURNING id', [
    id,
    sealed,
  ]);
  return rows.length > 0;
}

export async function findSourceIdentity(
  db: Queryable,
  id: string,
): Promise<{ identity_sealed: string | null } | undefined> {
  return (
    await db.query<{ identity_sealed: string | null }>('SELECT identity_sealed FROM source WHERE id = $1', [
      id,
    ])
  )[0];
}
