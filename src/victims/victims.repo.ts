import type { Queryable } from '../db/client.ts';

/** Victim lists, records, persons and memberships: plain SQL only. */
export interface VictimRecordRow {
  id: string;
  list_id: string;
  list_name: string;
  list_row: string | null;
  name_text: string | null;
  name_ar: string | null;
  name_latin: string | null;
  given_name: string | null;
  father_name: string | null;
  grandfather_name: string | null;
  family_name: string | null;
  sex: 'male' | 'female' | null;
  age_text: string | null;
  age_min: number | null;
  age_max: number | null;
  age_precision: 'exact' | 'estimated' | 'group' | null;
  status: 'civilian' | 'combatant' | 'unknown';
  affiliation: string | null;
  date_text: string | null;
  date_start: string | null;
  date_end: string | null;
  date_precision: 'day' | 'month' | 'year' | null;
  place_text: string | null;
  governorate_text: string | null;
  place_id: string | null;
  place_precision: 'country' | 'admin1' | 'admin2' | 'admin3' | 'locality' | 'neighbourhood' | null;
  cause_text: string | null;
  notes: string | null;
  fully_identified: boolean;
  person_id: string | null;
  created_at: Date;
}

export type VictimRecordInsert = Omit<
  VictimRecordRow,
  'list_name' | 'fully_identified' | 'person_id' | 'created_at'
>;

export const RECORD_COLUMNS = [
  'id',
  'list_id',
  'list_row',
  'name_text',
  'name_ar',
  'name_latin',
  'given_name',
  'father_name',
  'grandfather_name',
  'family_name',
  'sex',
  'age_text',
  'age_min',
  'age_max',
  'age_precision',
  'status',
  'affiliation',
  'date_text',
  'date_start',
  'date_end',
  'date_precision',
  'place_text',
  'governorate_text',
  'place_id',
  'place_precision',
  'cause_text',
  'notes',
] as const;

export const SELECT_RECORD = `
  SELECT r.*, l.name AS list_name, m.person_id
  FROM victim_record r
  JOIN victim_list l ON l.id = r.list_id
  LEFT JOIN person_membership m ON m.victim_record_id = r.id AND m.valid_to IS NULL`;

export async function findOrCreateList(tx: Queryable, id: string, name: string): Promise<string> {
  await tx.query('INSERT INTO victim_list (id, name) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
    id,
    name,
  ]);
  const rows = await tx.query<{ id: string }>('SELECT id FROM victim_list WHERE name = $1', [name]);
  return rows[0]!.id;
}

/**
 * Inserts records in one statement (arrays unnested column by column); rows whose id or
 * (list, list_row) is already stored are skipped. Returns the ids inserted.
 */
export async function insertRecords(tx: Queryable, records: VictimRecordInsert[]): Promise<string[]> {
  if (records.length === 0) return [];
  const types: Record<string, string> = {
    id: 'uuid',
    list_id: 'uuid',
    age_min: 'int',
    age_max: 'int',
    date_start: 'date',
    date_end: 'date',
  };
  const columns = RECORD_COLUMNS.map((column, k) => `$${k + 1}::${types[column] ?? 'text'}[]`).join(', ');
  const params = RECORD_COLUMNS.map((column) => records.map((record) => record[column]));
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO victim_record (${RECORD_COLUMNS.join(', ')})
     SELECT * FROM unnest(${columns})
     ON CONFLICT DO NOTHING
     RETURNING id`,
    params,
  );
  return rows.map((row) => row.id);
}

export async function insertPersons(tx: Queryable, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.query('INSERT INTO person (id) SELECT unnest($1::uuid[])', [ids]);
}

/** A new person for each record, with the record as its first member. */
export async function createSingletonPersons(
  tx: Queryable,
  pairs: Array<{ record: string; person: string }>,
  actor: string,
  reason: string,
  linkRunId: string | null = null,
): Promise<void> {
  if (pairs.length === 0) return;
  await insertPersons(
    tx,
    pairs.map((p) => p.person),
  );
  await openMemberships(tx, pairs, actor, reason, linkRunId);
}

export async function openMemberships(
  tx: Queryable,
  pairs: Array<{ record: string; person: string }>,
  actor: string,
  reason: string,
  linkRunId: string | null,
): Promise<void> {
  if (pairs.length === 0) return;
  await tx.query(
    `INSERT INTO person_membership (victim_record_id, person_id, opened_by, open_reason, link_run_id)
     SELECT r, p, $3, $4, $5 FROM unnest($1::uuid[], $2::uuid[]) AS t(r, p)`,
    [pairs.map((p) => p.record), pairs.map((p) => p.person), actor, reason, linkRunId],
  );
}

export async function closeMemberships(
  tx: Queryable,
  records: string[],
  actor: string,
  reason: string,
): Promise<void> {
  if (records.length === 0) return;
  await tx.query(
    `UPDATE person_membership SET valid_to = clock_timestamp(), closed_by = $2, close_reason = $3
     WHERE victim_record_id = ANY($1::uuid[]) AND valid_to IS NULL`,
    [records, actor, reason],
  );
}

export async function findRecord(db: Queryable, id: string): Promise<VictimRecordRow | undefined> {
  const rows = await db.query<VictimRecordRow>(`${SELECT_RECORD} WHERE r.id = $1`, [id]);
  return rows[0];
}

export interface RecordFilter {
  after?: { key: string; id: string } | undefined;
  limit: number;
  list?: string | undefined;
  /** Part of the name; Arabic alef and final-letter variants match each other. */
  name?: string | undefined;
  diedFrom?: string | undefined;
  diedTo?: string | undefined;
}

const foldArabic = (sql: string) => `translate(lower(${sql}), 'أإآٱىة', 'اااايه')`;

export async function listRecords(db: Queryable, filter: RecordFilter): Promise<VictimRecordRow[]> {
  return db.query<VictimRecordRow>(
    `${SELECT_RECORD}
     WHERE ($1::timestamptz IS NULL OR (r.created_at, r.id) > ($1::timestamptz, $2::uuid))
       AND ($4::text IS NULL OR l.name = $4)
       AND ($5::text IS NULL OR strpos(${foldArabic('r.name_text')}, ${foldArabic('$5::text')}) > 0)
       -- A record dated only by month or year may fall in the span, so it is kept.
       AND ($6::date IS NULL OR coalesce(r.date_end, r.date_start) >= $6::date)
       AND ($7::date IS NULL OR r.date_start <= $7::date)
     ORDER BY r.created_at, r.id
     LIMIT $3`,
    [
      filter.after?.key ?? null,
      filter.after?.id ?? null,
      filter.limit + 1,
      filter.list ?? null,
      filter.name ?? null,
      filter.diedFrom ?? null,
      filter.diedTo ?? null,
    ],
  );
}

export async function recordsOfPersons(db: Queryable, personIds: string[]): Promise<VictimRecordRow[]> {
  return db.query<VictimRecordRow>(
    `${SELECT_RECORD} WHERE m.person_id = ANY($1::uuid[]) ORDER BY r.created_at, r.id`,
    [personIds],
  );
}

export interface PersonRow {
  id: string;
  created_at: Date;
}

export async function findPerson(db: Queryable, id: string): Promise<PersonRow | undefined> {
  return (await db.query<PersonRow>('SELECT * FROM person WHERE id = $1', [id]))[0];
}

export async function listPersons(
  db: Queryable,
  page: { after?: { key: string; id: string } | undefined; limit: number },
): Promise<PersonRow[]> {
  return db.query<PersonRow>(
    `SELECT p.* FROM person p
     WHERE EXISTS (SELECT 1 FROM person_membership m WHERE m.person_id = p.id AND m.valid_to IS NULL)
       AND ($1::timestamptz IS NULL OR (p.created_at, p.id) > ($1::timestamptz, $2::uuid))
     ORDER BY p.created_at, p.id
     LIMIT $3`,
    [page.after?.key ?? null, page.after?.id ?? null, page.limit + 1],
  );
}

export interface MembershipRow {
  victim_record_id: string;
  person_id: string;
  valid_from: Date;
  valid_to: Date | null;
  opened_by: string;
  open_reason: string;
  closed_by: string | null;
  close_reason: string | null;
  link_run_id: string | null;
}

/** Every membership, current or closed, of the records a person has ever held. */
export async function membershipHistory(db: Queryable, personId: string): Promise<MembershipRow[]> {
  return db.query<MembershipRow>(
    `SELECT victim_record_id, person_id, valid_from, valid_to, opened_by, open_reason, closed_by, close_reason, link_run_id
     FROM person_membership
     WHERE victim_record_id IN (SELECT victim_record_id FROM person_membership WHERE person_id = $1)
     ORDER BY valid_from, id`,
    [personId],
  );
}

/** Current person of every record (for the linkage job). */
export async function currentMemberships(
  db: Queryable,
): Promise<Array<{ victim_record_id: string; person_id: string }>> {
  return db.query('SELECT victim_record_id, person_id FROM person_membership WHERE valid_to IS NULL');
}

/** Records in the form the victims linkage preset reads. */
export async function recordsForLinkage(db: Queryable): Promise<
  Array<{
    id: string;
    list: string;
    name: string | null;
    sex: string | null;
    age_min: number | null;
    age_precision: string | null;
    date_start: string | null;
    date_precision: string | null;
    place_text: string | null;
    governorate_text: string | null;
    cause_text: string | null;
  }>
> {
  return db.query(
    `SELECT r.id, l.name AS list, r.name_text AS name, r.sex, r.age_min, r.age_precision, r.date_start,
            r.date_precision, r.place_text, r.governorate_text, r.cause_text
     FROM victim_record r JOIN victim_list l ON l.id = r.list_id
     ORDER BY r.created_at, r.id`,
  );
}
