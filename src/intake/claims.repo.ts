import type { Queryable } from '../db/client.ts';
import type { ClaimStatus, Outcome } from './claim.ts';

/** A claim as stored: one flat row. */
export interface ClaimRow {
  id: string;
  seq: number;
  report_id: string;
  outcome: Outcome;
  count_text: string | null;
  count_qualifier: string;
  count_min: number | null;
  count_best: number | null;
  count_max: number | null;
  victim_text: string | null;
  victim_group: string;
  victim_affiliation: string | null;
  place_text: string | null;
  place_id: string | null;
  place_precision: string | null;
  date_text: string | null;
  date_start: string | null;
  date_end: string | null;
  date_precision: string | null;
  cause_text: string | null;
  cause: string | null;
  perpetrator: string | null;
  attributed_to_text: string | null;
  attributed_to_name: string | null;
  cumulative: boolean;
  part_of_id: string | null;
  supersedes_id: string | null;
  span_start: number | null;
  span_end: number | null;
  status: ClaimStatus;
  created_at: Date;
}

export type ClaimInsert = Omit<ClaimRow, 'seq' | 'created_at'>;

/** The audit entry of a claim stored already accepted or rejected (intake writes it with the claim). */
export interface SubmittedReview {
  claim_id: string;
  action: 'claim.accept' | 'claim.reject';
  after: { status: ClaimStatus };
  reason: string;
}

/** Every column a claim is written with; its audit content hash covers exactly these. */
export const claimInsertColumns: ReadonlyArray<keyof ClaimInsert> = [
  'id',
  'report_id',
  'outcome',
  'count_text',
  'count_qualifier',
  'count_min',
  'count_best',
  'count_max',
  'victim_text',
  'victim_group',
  'victim_affiliation',
  'place_text',
  'place_id',
  'place_precision',
  'date_text',
  'date_start',
  'date_end',
  'date_precision',
  'cause_text',
  'cause',
  'perpetrator',
  'attributed_to_text',
  'attributed_to_name',
  'cumulative',
  'part_of_id',
  'supersedes_id',
  'span_start',
  'span_end',
  'status',
];

export const claimColumns = claimInsertColumns.join(', ');

/**
 * Inserts a batch of claims in one statement, in batch order. The rows travel
 * as one JSON array shaped like the table, so the statement has one parameter
 * however many claims there are.
 */
export async function insertClaims(tx: Queryable, claims: ClaimInsert[]): Promise<ClaimRow[]> {
  if (claims.length === 0) return [];
  return tx.query<ClaimRow>(
    `INSERT INTO claim (${claimColumns})
     SELECT ${claimColumns} FROM jsonb_populate_recordset(NULL::claim, $1::jsonb) WITH ORDINALITY ORDER BY ordinality
     RETURNING *`,
    [JSON.stringify(claims)],
  );
}

export async function listClaimsOfReport(db: Queryable, reportId: string): Promise<ClaimRow[]> {
  return db.query<ClaimRow>('SELECT * FROM claim WHERE report_id = $1 ORDER BY seq', [reportId]);
}

export async function findClaims(db: Queryable, ids: string[]): Promise<ClaimRow[]> {
  if (ids.length === 0) return [];
  return db.query<ClaimRow>('SELECT * FROM claim WHERE id = ANY($1::uuid[])', [ids]);
}

/** Locks the claim so two reviewers cannot both read the same "before". */
export async function findClaimForUpdate(tx: Queryable, id: string): Promise<ClaimRow | undefined> {
  return (await tx.query<ClaimRow>('SELECT * FROM claim WHERE id = $1 FOR UPDATE', [id]))[0];
}

/** Rewrites a claim's content columns; its id, report and position never change. */
export async function updateClaim(tx: Queryable, row: ClaimInsert): Promise<ClaimRow> {
  const editable = claimInsertColumns.filter((column) => column !== 'id' && column !== 'report_id');
  const rows = await tx.query<ClaimRow>(
    `UPDATE claim c SET (${editable.join(', ')}) = (SELECT ${editable.join(', ')} FROM jsonb_populate_record(NULL::claim, $2::jsonb))
     WHERE c.id = $1 RETURNING c.*`,
    [row.id, JSON.stringify(row)],
  );
  return rows[0] as ClaimRow;
}

export interface ClaimFilter {
  status?: string | undefined;
  reportId?: string | undefined;
  afterSeq?: number | undefined;
  limit: number;
}

/** The review queue: claims in the order they were stored. */
export async function listClaims(db: Queryable, filter: ClaimFilter): Promise<ClaimRow[]> {
  return db.query<ClaimRow>(
    `SELECT * FROM claim
     WHERE ($1::text IS NULL OR status = $1)
       AND ($2::uuid IS NULL OR report_id = $2)
       AND ($3::bigint IS NULL OR seq > $3)
     ORDER BY seq
     LIMIT $4`,
    [filter.status ?? null, filter.reportId ?? null, filter.afterSeq ?? null, filter.limit + 1],
  );
}
