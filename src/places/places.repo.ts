import type { Queryable } from '../db/client.ts';

/** Which of these place ids the gazetteer holds. */
export async function findExistingPlaceIds(db: Queryable, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.query<{ id: string }>('SELECT id FROM place WHERE id = ANY($1::text[])', [ids]);
  return new Set(rows.map((row) => row.id));
}
