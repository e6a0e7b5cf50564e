import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../core/actor.ts';
import { notFound, TallyError } from '../core/errors.ts';
import { type Created, newId } from '../core/ids.ts';
import type { Db, Queryable } from '../db/client.ts';
import { levelDepth } from './gazetteer-data.ts';
import type { NewPlace, Place, PlaceWithAncestors, PrefixQuery, ResolveQuery } from './place.ts';
import { searchPrefix } from './place-index.ts';
import { presentPlace, presentPlaceWithAncestors } from './places.present.ts';
import {
  findPlace,
  findPlaceWithAncestors,
  insertPlaces,
  type NewPlaceRow,
  type PlaceRow,
} from './places.repo.ts';
import { ensureGazetteer, type IndexedResolver, loadResolver, type PlaceCandidate } from './resolve.ts';

const unprocessable = (field: string, message: string) =>
  new TallyError('unprocessable', message, { fields: [{ field, message }] });

export const slugify = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['`‘’ʿʾ]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);

/** "Deir Baalbeh" under Homs → sy-homs-deir-baalbeh: readable, and the same on a retry. */
function proposeId(name: string, parent: PlaceRow | undefined, country: string): string {
  const prefix = parent
    ? parent.level === 'country' || parent.level === 'admin1'
      ? parent.id
      : `${parent.country_code.toLowerCase()}-${slugify(parent.name_en)}`
    : country.toLowerCase();
  const slug = slugify(name) || newId().slice(0, 8);
  return `${prefix}-${slug}`.slice(0, 100);
}

/**
 * Adds a place users need and the gazetteer lacks: a neighbourhood, village, checkpoint,
 * hospital or military post. The same id with the same fields is a harmless retry.
 */
export async function createPlace(db: Db, actor: Actor, input: NewPlace): Promise<Created<Place>> {
  // Parents are usually shipped places; a CLI run on a new database may come before any server start.
  await ensureGazetteer(db);
  const created = await db.transaction(async (tx) => {
    const parent = input.parent_id ? await findPlace(tx, input.parent_id) : undefined;
    if (input.parent_id && !parent)
      throw unprocessable('parent_id', `place ${input.parent_id} is not in the gazetteer`);
    if (parent && levelDepth[parent.level] >= levelDepth[input.level]) {
      throw unprocessable('level', `a ${input.level} cannot lie inside a ${parent.level} (${parent.id})`);
    }
    const country = input.country_code ?? parent?.country_code;
    if (!country) throw unprocessable('country_code', 'give country_code or parent_id');
    if (parent && country !== parent.country_code) {
      throw unprocessable(
        'country_code',
        `the parent ${parent.id} is in ${parent.country_code}, not ${country}`,
      );
    }
    const row: NewPlaceRow = {
      id: input.id ?? proposeId(input.name_en, parent, country),
      parent_id: parent?.id ?? null,
      level: input.level,
      kind: input.kind ?? null,
      country_code: country,
      name_en: input.name_en,
      name_ar: input.name_ar ?? null,
      alternates: [...new Set(input.alternates ?? [])],
      lat: input.lat ?? null,
      lon: input.lon ?? null,
      population: null,
      geonames_id: null,
      pcode: input.pcode ?? null,
      origin: 'user',
    };
    const [inserted] = await insertPlaces(tx, [row]);
    const stored = await findPlace(tx, row.id);
    if (!stored) throw new TallyError('internal', `Place ${row.id} vanished during creation`);
    const value = presentPlace(stored);
    if (inserted) {
      await recordAudit(tx, actor, {
        action: 'place.create',
        entity: 'place',
        entityId: row.id,
        after: value,
      });
      return { created: true, value };
    }
    const same = (Object.keys(row) as Array<keyof NewPlaceRow>).every(
      (key) => JSON.stringify(row[key]) === JSON.stringify(stored[key]),
    );
    if (!same) {
      throw new TallyError(
        'conflict',
        `Place ${row.id} already exists with different fields; choose another id`,
        {
          details: { existing: value },
        },
      );
    }
    return { created: false, value };
  });
  if (created.created) forgetResolver(db);
  return created;
}

/** Imports many places in one transaction; ids already present are skipped. */
export async function importPlaces(
  db: Db,
  actor: Actor,
  rows: NewPlaceRow[],
  source: string,
): Promise<{ inserted: number; skipped: number }> {
  await ensureGazetteer(db);
  const inserted = await db.transaction(async (tx) => {
    const parentIds = [...new Set(rows.map((r) => r.parent_id).filter((id): id is string => Boolean(id)))];
    const known = new Set(rows.map((r) => r.id));
    const stored = await tx.query<{ id: string }>('SELECT id FROM place WHERE id = ANY($1::text[])', [
      parentIds,
    ]);
    for (const { id } of stored) known.add(id);
    const missing = parentIds.filter((id) => !known.has(id));
    if (missing.length > 0)
      throw unprocessable('parent_id', `unknown parent places: ${missing.slice(0, 10).join(', ')}`);
    const done = await insertPlaces(tx, rows);
    await recordAudit(tx, actor, {
      action: 'place.import',
      entity: 'place_import',
      entityId: newId(),
      after: { source, inserted: done.map((r) => r.id) },
    });
    return done.length;
  });
  if (inserted > 0) forgetResolver(db);
  return { inserted, skipped: rows.length - inserted };
}

export async function getPlace(db: Queryable, id: string): Promise<PlaceWithAncestors> {
  await ensureGazetteer(db);
  const place = presentPlaceWithAncestors(await findPlaceWithAncestors(db, id));
  if (!place) throw notFound('Place', id);
  return place;
}

// One index per database handle, rebuilt when the table changes (another process may add
// places too, so the row count is checked, at most every few seconds).
const RECHECK_MS = 5_000;
const resolvers = new WeakMap<Db, { resolver: Promise<IndexedResolver>; stamp: string; checkedAt: number }>();

function forgetResolver(db: Db): void {
  resolvers.delete(db);
}

async function tableStamp(db: Queryable): Promise<string> {
  const [row] = await db.query<{ n: number; at: string }>(
    `SELECT count(*)::int AS n, coalesce(max(created_at), 'epoch')::text AS at FROM place`,
  );
  return `${row?.n}:${row?.at}`;
}

/** The resolver over the database's places, loading the shipped gazetteer first if it is missing. */
export async function databaseResolver(db: Db): Promise<IndexedResolver> {
  const cached = resolvers.get(db);
  const now = Date.now();
  if (cached && now - cached.checkedAt < RECHECK_MS) return cached.resolver;
  const stamp = await tableStamp(db);
  if (cached && cached.stamp === stamp) {
    cached.checkedAt = now;
    return cached.resolver;
  }
  const resolver = (async () => {
    if ((await ensureGazetteer(db)) > 0) forgetResolver(db);
    return loadResolver(db);
  })();
  resolvers.set(db, { resolver, stamp, checkedAt: now });
  resolver.catch(() => forgetResolver(db));
  return resolver;
}

export async function resolvePlaces(db: Db, query: ResolveQuery): Promise<PlaceCandidate[]> {
  const resolver = await databaseResolver(db);
  return resolver.resolve(query.q, {
    ...(query.country ? { country: query.country } : {}),
    ...(query.admin1 ? { admin1: query.admin1 } : {}),
    ...(query.lat !== undefined && query.lon !== undefined
      ? { near: { lat: query.lat, lon: query.lon } }
      : {}),
  });
}

/** Autocomplete: places whose name (in either script) starts with the prefix. */
export async function searchPlaces(db: Db, query: PrefixQuery): Promise<Place[]> {
  const resolver = await databaseResolver(db);
  const found = searchPrefix(resolver.index, query.prefix, query.limit, query.country);
  const rows = await db.query<PlaceRow>('SELECT * FROM place WHERE id = ANY($1::text[])', [
    found.map((f) => f.place.id),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return found.flatMap((f) => {
    const row = byId.get(f.place.id);
    return row ? [presentPlace(row)] : [];
  });
}
