import type { Queryable } from '../db/client.ts';

export interface IncidentRow {
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
  country_id?: string | null;
  admin1_id?: string | null;
  admin2_id?: string | null;
  origin?: string;
  grade_reason?: string | null;
  source_count?: number;
  created_at: Date;
  updated_at: Date;
}

export interface IncidentCountRow {
  incident_id: string;
  outcome: string;
  victim_group: string;
  low: number;
  best: number;
  high: number;
  rule: string;
}

export type IncidentFields = Omit<
  IncidentRow,
  | 'id'
  | 'created_at'
  | 'updated_at'
  | 'country_id'
  | 'admin1_id'
  | 'admin2_id'
  | 'origin'
  | 'grade_reason'
  | 'source_count'
>;

const editable = [
  'date_start',
  'date_end',
  'date_precision',
  'place_id',
  'place_text',
  'place_precision',
  'event_type',
  'sub_event_type',
  'cause',
  'actors',
  'grade',
  'notes',
] as const;

const value = (fields: IncidentFields, column: (typeof editable)[number]) =>
  column === 'actors' ? JSON.stringify(fields.actors) : fields[column];

export async function insertIncident(
  tx: Queryable,
  id: string,
  fields: IncidentFields,
): Promise<IncidentRow> {
  const placeholders = editable.map((column, i) => (column === 'actors' ? `$${i + 2}::jsonb` : `$${i + 2}`));
  const rows = await tx.query<IncidentRow>(
    `INSERT INTO incident (id, ${editable.join(', ')}) VALUES ($1, ${placeholders.join(', ')}) RETURNING *`,
    [id, ...editable.map((column) => value(fields, column))],
  );
  return rows[0] as IncidentRow;
}

export async function updateIncident(
  tx: Queryable,
  id: string,
  fields: IncidentFields,
): Promise<IncidentRow> {
  const assignments = editable.map(
    (column, i) => `${column} = $${i + 2}${column === 'actors' ? '::jsonb' : ''}`,
  );
  const rows = await tx.query<IncidentRow>(
    `UPDATE incident SET ${assignments.join(', ')}, updated_at = now() WHERE id = $1 RETURNING *`,
    [id, ...editable.map((column) => value(fields, column))],
  );
  return rows[0] as IncidentRow;
}

/** Locks the row so two concurrent patches cannot both read the same "before". */
export async function findIncidentForUpdate(tx: Queryable, id: string): Promise<IncidentRow | undefined> {
  return (await tx.query<IncidentRow>('SELECT * FROM incident WHERE id = $1 FOR UPDATE', [id]))[0];
}

export async function findIncident(db: Queryable, id: string): Promise<IncidentRow | undefined> {
  return (await db.query<IncidentRow>('SELECT * FROM incident WHERE id = $1', [id]))[0];
}

export async function deleteIncident(tx: Queryable, id: string): Promise<void> {
  await tx.query('DELETE FROM incident WHERE id = $1', [id]);
}

export async function replaceIncidentCounts(
  tx: Queryable,
  incidentId: string,
  counts: Omit<IncidentCountRow, 'incident_id'>[],
): Promise<void> {
  await tx.query('DELETE FROM incident_count WHERE incident_id = $1', [incidentId]);
  for (const c of counts) {
    await tx.query(
      `INSERT INTO incident_count (incident_id, outcome, victim_group, low, best, high, rule)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [incidentId, c.outcome, c.victim_group, c.low, c.best, c.high, c.rule],
    );
  }
}

export async function countsOfIncidents(db: Queryable, ids: string[]): Promise<IncidentCountRow[]> {
  if (ids.length === 0) return [];
  return db.query<IncidentCountRow>(
    'SELECT * FROM incident_count WHERE incident_id = ANY($1::uuid[]) ORDER BY outcome, victim_group',
    [ids],
  );
}

export async function claimLinksOfIncidents(
  db: Queryable,
  ids: string[],
): Promise<Array<{ incident_id: string; claim_id: string; role: string }>> {
  if (ids.length === 0) return [];
  return db.query(
    'SELECT incident_id, claim_id, role FROM incident_claim WHERE incident_id = ANY($1::uuid[]) ORDER BY linked_at, claim_id',
    [ids],
  );
}

/** Links claims; returns the ids that were not linked before. */
export async function linkClaims(
  tx: Queryable,
  incidentId: string,
  claimIds: string[],
  linkedBy: string,
): Promise<string[]> {
  if (claimIds.length === 0) return [];
  const rows = await tx.query<{ claim_id: string }>(
    `INSERT INTO incident_claim (incident_id, claim_id, linked_by)
     SELECT $1, unnest($2::uuid[]), $3
     ON CONFLICT DO NOTHING
     RETURNING claim_id`,
    [incidentId, claimIds, linkedBy],
  );
  return rows.map((row) => row.claim_id);
}

export async function unlinkClaim(tx: Queryable, incidentId: string, claimId: string): Promise<boolean> {
  const rows = await tx.query(
    'DELETE FROM incident_claim WHERE incident_id = $1 AND claim_id = $2 RETURNING claim_id',
    [incidentId, claimId],
  );
  return rows.length > 0;
}

export interface IncidentFilter {
  from?: string | undefined;
  to?: string | undefined;
  placeId?: string | undefined;
  grade?: string | undefined;
  country?: string | undefined;
  admin1?: string | undefined;
  admin2?: string | undefined;
  origin?: string | undefined;
  grades?: string[] | undefined;
  after?: { key: string; id: string } | undefined;
  limit: number;
}

export async function listIncidents(db: Queryable, filter: IncidentFilter): Promise<IncidentRow[]> {
  return db.query<IncidentRow>(
    `SELECT * FROM incident
     WHERE ($1::date IS NULL OR date_end >= $1::date)
       AND ($2::date IS NULL OR date_start <= $2::date)
       AND ($3::text IS NULL OR place_id = $3)
       AND ($4::text IS NULL OR grade = $4)
       AND ($5::date IS NULL OR (date_start, id) > ($5::date, $6::uuid))
       AND ($8::text IS NULL OR admin1_id = $8)
       AND ($9::text IS NULL OR admin2_id = $9)
       AND ($10::text IS NULL OR origin = $10)
       AND ($11::text[] IS NULL OR grade = ANY($11::text[]))
       AND ($12::text IS NULL OR country_id = $12)
     ORDER BY date_start, id
     LIMIT $7`,
    [
      filter.from ?? null,
      filter.to ?? null,
      filter.placeId ?? null,
      filter.grade ?? null,
      filter.after?.key ?? null,
      filter.after?.id ?? null,
      filter.limit + 1,
      filter.admin1 ?? null,
      filter.admin2 ?? null,
      filter.origin ?? null,
      filter.grades ?? null,
      filter.country ?? null,
    ],
  );
}
