import type { Queryable } from '../db/client.ts';
import { type GazetteerPlace, levelDepth } from './gazetteer-data.ts';
import type { PlaceLevel } from './place.ts';

export type PlaceOrigin = 'gazetteer' | 'user' | 'import';

export interface PlaceRow extends GazetteerPlace {
  pcode: string | null;
  origin: PlaceOrigin;
  created_at: Date;
}

export type NewPlaceRow = Omit<PlaceRow, 'created_at'>;

const COLUMNS = [
  'id',
  'parent_id',
  'level',
  'country_code',
  'name_en',
  'name_ar',
  'alternates',
  'lat',
  'lon',
  'population',
  'geonames_id',
  'kind',
  'pcode',
  'origin',
] as const;

/** Which of these place ids the gazetteer holds. */
export async function findExistingPlaceIds(db: Queryable, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.query<{ id: string }>('SELECT id FROM place WHERE id = ANY($1::text[])', [ids]);
  return new Set(rows.map((row) => row.id));
}

export async function findPlace(db: Queryable, id: string): Promise<PlaceRow | undefined> {
  const rows = await db.query<PlaceRow>('SELECT * FROM place WHERE id = $1', [id]);
  return rows[0];
}

/** A place and its ancestors, the place first and the country last. */
export async function findPlaceWithAncestors(db: Queryable, id: string): Promise<PlaceRow[]> {
  return db.query<PlaceRow>(
    `WITH RECURSIVE chain AS (
       SELECT place.*, 0 AS depth FROM place WHERE id = $1
       UNION ALL
       SELECT parent.*, chain.depth + 1 FROM place parent JOIN chain ON parent.id = chain.parent_id
       WHERE chain.depth < 10
     )
     SELECT * FROM chain ORDER BY depth`,
    [id],
  );
}

export async function listAllPlaces(db: Queryable): Promise<PlaceRow[]> {
  return db.query<PlaceRow>('SELECT * FROM place');
}

export async function countPlacesByOrigin(db: Queryable, origin: PlaceOrigin): Promise<number> {
  const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM place WHERE origin = $1', [
    origin,
  ]);
  return rows[0]?.n ?? 0;
}

/** Inserts rows, parents first, in multi-row statements; rows whose id exists are skipped. Returns rows inserted. */
export async function insertPlaces(
  tx: Queryable,
  rows: NewPlaceRow[],
  batchSize = 400,
): Promise<NewPlaceRow[]> {
  const ordered = [...rows].sort((a, b) => levelDepth[a.level] - levelDepth[b.level]);
  const inserted: NewPlaceRow[] = [];
  const byId = new Map(ordered.map((row) => [row.id, row]));
  for (let offset = 0; offset < ordered.length; offset += batchSize) {
    const batch = ordered.slice(offset, offset + batchSize);
    const params: unknown[] = [];
    const tuples = batch.map((row) => {
      const base = params.length;
      params.push(...COLUMNS.map((column) => row[column]));
      return `(${COLUMNS.map((column, i) => `$${base + i + 1}${column === 'alternates' ? '::text[]' : ''}`).join(', ')})`;
    });
    const result = await tx.query<{ id: string }>(
      `INSERT INTO place (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      params,
    );
    for (const { id } of result) {
      const row = byId.get(id);
      if (row) inserted.push(row);
    }
  }
  return inserted;
}

/** The shipped gazetteer into `place`. Cheap when already loaded: one count query. */
export async function insertBundledPlaces(db: Queryable, places: GazetteerPlace[]): Promise<number> {
  if ((await countPlacesByOrigin(db, 'gazetteer')) >= places.length) return 0;
  const rows = places.map((place): NewPlaceRow => ({ ...place, pcode: null, origin: 'gazetteer' }));
  return (await insertPlaces(db, rows)).length;
}

export async function updatePlaceRow(
  tx: Queryable,
  id: string,
  changes: Partial<
    Pick<PlaceRow, 'name_en' | 'name_ar' | 'alternates' | 'lat' | 'lon' | 'kind' | 'pcode' | 'parent_id'>
  >,
): Promise<PlaceRow | undefined> {
  const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return findPlace(tx, id);
  const sets = entries.map(
    ([column], i) => `${column} = $${i + 2}${column === 'alternates' ? '::text[]' : ''}`,
  );
  const rows = await tx.query<PlaceRow>(`UPDATE place SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, [
    id,
    ...entries.map(([, value]) => value),
  ]);
  return rows[0];
}

export async function listChildren(db: Queryable, parentId: string, level?: PlaceLevel): Promise<PlaceRow[]> {
  return db.query<PlaceRow>(
    'SELECT * FROM place WHERE parent_id = $1 AND ($2::text IS NULL OR level = $2) ORDER BY name_en, id',
    [parentId, level ?? null],
  );
}
