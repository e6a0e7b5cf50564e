import type { Queryable } from '../db/client.ts';

/**
 * Queries behind the open-data exports, all keyset-paged (WHERE key > last ORDER BY key LIMIT n)
 * so an export of any size holds one page in memory, on PGlite and PostgreSQL alike.
 */

export interface ExportIncidentRow {
  id: string;
  date_start: string;
  date_end: string;
  date_precision: string;
  place_id: string | null;
  place_text: string | null;
  place_precision: string | null;
  event_type: string | null;
  sub_event_type: string | null;
  cause: string | null;
  actors: Array<{ name: string; role: string }>;
  grade: string;
  notes: string | null;
  source_count: number;
  updated_at: Date;
  /** [outcome, victim_group, low, best, high] per count. */
  counts: Array<[string, string, number, number, number]> | null;
  /** [kinds, pseudonyms, distinct sources] of the sources behind the linked claims (never identities). */
  sources: [string[] | null, string[] | null, number];
}

export interface IncidentExportFilter {
  from: string | null;
  to: string | null;
  grades: string[] | null;
  admin1: string | null;
  /** Only incidents that ended on or before this day (the public view leaves provisional days out). */
  endedBy: string | null;
}

const filterSql = `($1::date IS NULL OR i.date_end >= $1::date)
       AND ($2::date IS NULL OR i.date_start <= $2::date)
       AND ($3::text[] IS NULL OR i.grade = ANY($3::text[]))
       AND ($4::text IS NULL OR i.admin1_id = $4)
       AND ($5::date IS NULL OR i.date_end <= $5::date)`;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const filterParams = (f: IncidentExportFilter) => [f.from, f.to, f.grades, f.admin1, f.endedBy];

/** A page of incidents with their counts and the kinds and pseudonyms of their sources, in one statement. */
export async function pageExportIncidents(
  db: Queryable,
  filter: IncidentExportFilter,
  after: { date_start: string; id: string } | null,
  limit: number,
): Promise<ExportIncidentRow[]> {
  return db.query<ExportIncidentRow>(
    `SELECT i.id, i.date_start, i.date_end, i.date_precision, i.place_id, i.place_text, i.place_precision,
            i.event_type, i.sub_event_type, i.cause, i.actors, i.grade, i.notes, i.source_count, i.updated_at,
            (SELECT json_agg(json_build_array(c.outcome, c.victim_group, c.low, c.best, c.high)
                             ORDER BY c.outcome, c.victim_group)
             FROM incident_count c WHERE c.incident_id = i.id) AS counts,
            (SELECT json_build_array(array_agg(DISTINCT s.kind ORDER BY s.kind),
                                     array_agg(DISTINCT s.pseudonym ORDER BY s.pseudonym), count(DISTINCT s.id))
             FROM incident_claim l
             JOIN claim c ON c.id = l.claim_id
             JOIN report r ON r.id = c.report_id
             JOIN source s ON s.id = r.source_id
             WHERE l.incident_id = i.id) AS sources
     FROM incident i
     WHERE ${filterSql}
       AND (i.date_start, i.id) > ($6::date, $7::uuid)
     ORDER BY i.date_start, i.id
     LIMIT $8`,
    // The first page starts below every key rather than making the key test optional: an
    // "IS NULL OR" keeps the planner off the (date_start, id) index and every page sorted the
    // whole table (3,400 rows/s over a million incidents).
    [...filterParams(filter), after?.date_start ?? '-infinity', after?.id ?? NIL_UUID, limit],
  );
}

export async function countExportIncidents(db: Queryable, filter: IncidentExportFilter): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM incident i WHERE ${filterSql}`,
    filterParams(filter),
  );
  return rows[0]?.n ?? 0;
}

export interface PlaceChainRow {
  start_id: string;
  id: string;
  level: string;
  name_en: string;
  name_ar: string | null;
  country_code: string;
  lat: number | null;
  lon: number | null;
  depth: number;
}

/** Each place with all its ancestors (depth 0 is the place itself). */
export async function placeChains(db: Queryable, ids: string[]): Promise<PlaceChainRow[]> {
  if (ids.length === 0) return [];
  return db.query<PlaceChainRow>(
    `WITH RECURSIVE chain AS (
       SELECT id AS start_id, id, parent_id, level, name_en, name_ar, country_code, lat, lon, 0 AS depth
       FROM place WHERE id = ANY($1::text[])
       UNION ALL
       SELECT chain.start_id, p.id, p.parent_id, p.level, p.name_en, p.name_ar, p.country_code, p.lat, p.lon,
              chain.depth + 1
       FROM place p JOIN chain ON p.id = chain.parent_id
       WHERE chain.depth < 12
     )
     SELECT start_id, id, level, name_en, name_ar, country_code, lat, lon, depth FROM chain
     ORDER BY start_id, depth`,
    [ids],
  );
}

export interface ExportVictimRow {
  id: string;
  list_name: string;
  list_row: string | null;
  name_text: string | null;
  name_ar: string | null;
  name_latin: string | null;
  given_name: string | null;
  father_name: string | null;
  grandfather_name: string | null;
  family_name: string | null;
  sex: string | null;
  age_text: string | null;
  age_min: number | null;
  age_max: number | null;
  status: string;
  date_start: string | null;
  date_end: string | null;
  date_precision: string | null;
  place_text: string | null;
  governorate_text: string | null;
  place_id: string | null;
  cause_text: string | null;
  fully_identified: boolean;
  person_id: string | null;
}

/**
 * Victim records for the published list, without notes or affiliation (see the codebook).
 * Read straight from the victims tables (migrations/0009_victims.sql): the victims capability
 * offers no keyset cursor over every list yet.
 */
export async function pageVictimRecords(
  db: Queryable,
  list: string | null,
  afterId: string | null,
  limit: number,
): Promise<ExportVictimRow[]> {
  return db.query<ExportVictimRow>(
    `SELECT r.id, l.name AS list_name, r.list_row, r.name_text, r.name_ar, r.name_latin, r.given_name,
            r.father_name, r.grandfather_name, r.family_name, r.sex, r.age_text, r.age_min, r.age_max,
            r.status, r.date_start, r.date_end, r.date_precision, r.place_text, r.governorate_text,
            r.place_id, r.cause_text, r.fully_identified, m.person_id
     FROM victim_record r
     JOIN victim_list l ON l.id = r.list_id
     LEFT JOIN person_membership m ON m.victim_record_id = r.id AND m.valid_to IS NULL
     WHERE ($1::text IS NULL OR l.name = $1)
       AND ($2::uuid IS NULL OR r.id > $2::uuid)
     ORDER BY r.id
     LIMIT $3`,
    [list, afterId, limit],
  );
}
