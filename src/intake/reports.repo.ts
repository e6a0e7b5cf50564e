import type { Queryable } from '../db/client.ts';
import { type ClaimInsert, type ClaimRow, claimColumns, type SubmittedReview } from './claims.repo.ts';
import { claimContentHash } from './content-hash.ts';
import type { Channel } from './report.ts';

export interface ReportRow {
  id: string;
  source_id: string;
  channel: Channel;
  received_at: Date;
  reported_at: Date | null;
  language: string | null;
  original_text: string | null;
  payload: Record<string, unknown> | null;
  attachments: Array<{ name: string; media_type?: string; size?: number; sha256?: string }>;
  revises_id: string | null;
  content_hash: string;
  /** The account that submitted it; reporters see only their own reports. */
  submitted_by: string | null;
}

export type ReportInsert = Omit<ReportRow, 'received_at'>;

/** One report to store, with its prepared claims and who submits it. */
export interface ReportToStore {
  report: ReportInsert;
  claims: ClaimInsert[];
  /** Claims stored already decided by an analyst: one review audit entry each. */
  reviews: SubmittedReview[];
  actor: string;
  /** The audit entry's `after` for the report. */
  summary: Record<string, unknown>;
}

// One statement for a batch of reports, their claims and their audit entries (see below).
const insertReportsSql = `WITH new_reports AS (
     INSERT INTO report (id, source_id, channel, reported_at, language, original_text, payload, attachments, revises_id, content_hash, submitted_by)
     SELECT id, source_id, channel, reported_at, language, original_text, payload, attachments, revises_id, content_hash, submitted_by
     FROM jsonb_populate_recordset(NULL::report, $1::jsonb) WITH ORDINALITY
     ORDER BY ordinality
     ON CONFLICT (id) DO NOTHING
     RETURNING id, received_at
   ), new_claims AS (
     INSERT INTO claim (${claimColumns})
     SELECT ${claimColumns} FROM jsonb_populate_recordset(NULL::claim, $2::jsonb) WITH ORDINALITY
     WHERE report_id IN (SELECT id FROM new_reports)
     ORDER BY ordinality
     RETURNING *
   ), submitters AS (
     SELECT * FROM jsonb_to_recordset($3::jsonb) AS s(report_id uuid, actor text, summary jsonb)
   ), reviews AS (
     SELECT * FROM jsonb_to_recordset($4::jsonb) AS v(claim_id uuid, action text, after jsonb, reason text)
   ), audited AS (
     INSERT INTO audit_log (actor, action, entity, entity_id, after, reason)
     SELECT s.actor, 'report.create', 'report', r.id::text, s.summary, NULL
     FROM new_reports r JOIN submitters s ON s.report_id = r.id
     UNION ALL
     SELECT s.actor, 'claim.create', 'claim', c.id::text,
       to_jsonb(c) || jsonb_build_object('content_hash', $5::jsonb ->> c.id::text), NULL
     FROM new_claims c JOIN submitters s ON s.report_id = c.report_id
     UNION ALL
     SELECT s.actor, v.action, 'claim', c.id::text,
       v.after || jsonb_build_object('content_hash', $5::jsonb ->> c.id::text), v.reason
     FROM new_claims c JOIN reviews v ON v.claim_id = c.id JOIN submitters s ON s.report_id = c.report_id
   )
   SELECT r.id, r.received_at, c.id AS claim_id, c.seq AS claim_seq, c.created_at AS claim_created_at
   FROM new_reports r LEFT JOIN new_claims c ON c.report_id = r.id`;

/**
 * Stores reports, their claims and their audit entries in ONE statement, each
 * report unless one with its id exists (then nothing of it is written and it
 * is missing from the result). The primary key decides, not a prior SELECT, so
 * concurrent retries of one report never store two rows. One statement is
 * atomic by itself and costs one round trip for a whole batch, which is what
 * lets intake keep up with a busy wire desk. Ids in one batch must be distinct.
 *
 * The statement hands back only what the database adds (receipt time, claim
 * sequence and creation time); the rest of each row is what was sent. Sending
 * whole rows back (to_jsonb, jsonb_agg, parsing) cost 5-9 % more per report.
 */
export async function insertReportsWithClaims(
  db: Queryable,
  items: ReportToStore[],
): Promise<Map<string, { report: ReportRow; claims: ClaimRow[] }>> {
  const rows = await db.query<{
    id: string;
    received_at: Date;
    claim_id: string | null;
    claim_seq: number | null;
    claim_created_at: Date | null;
  }>(insertReportsSql, [
    JSON.stringify(items.map((item) => item.report)),
    JSON.stringify(items.flatMap((item) => item.claims)),
    JSON.stringify(
      items.map((item) => ({ report_id: item.report.id, actor: item.actor, summary: item.summary })),
    ),
    JSON.stringify(items.flatMap((item) => item.reviews)),
    // Each claim's audit entry records the hash of the row as written, for `tally audit verify`.
    JSON.stringify(
      Object.fromEntries(items.flatMap((item) => item.claims.map((c) => [c.id, claimContentHash(c)]))),
    ),
  ]);
  const receivedAt = new Map<string, Date>();
  const claimAdded = new Map<string, { seq: number; created_at: Date }>();
  for (const row of rows) {
    receivedAt.set(row.id, row.received_at);
    if (row.claim_id !== null && row.claim_seq !== null && row.claim_created_at !== null) {
      claimAdded.set(row.claim_id, { seq: row.claim_seq, created_at: row.claim_created_at });
    }
  }
  const stored = new Map<string, { report: ReportRow; claims: ClaimRow[] }>();
  for (const item of items) {
    const received = receivedAt.get(item.report.id);
    if (!received) continue;
    const claims = item.claims.map((claim) => {
      const added = claimAdded.get(claim.id);
      if (!added) throw new Error(`Claim ${claim.id} of report ${item.report.id} was not stored`);
      return { ...claim, ...added };
    });
    stored.set(item.report.id, { report: { ...item.report, received_at: received }, claims });
  }
  return stored;
}

export async function findReport(db: Queryable, id: string): Promise<ReportRow | undefined> {
  const rows = await db.query<ReportRow>('SELECT * FROM report WHERE id = $1', [id]);
  return rows[0];
}

export interface ReportFilter {
  since?: string | undefined;
  submittedBy?: string | undefined;
  sourceId?: string | undefined;
  after?: { key: string; id: string } | undefined;
  limit: number;
}

export async function listReports(db: Queryable, filter: ReportFilter): Promise<ReportRow[]> {
  return db.query<ReportRow>(
    `SELECT * FROM report
     WHERE ($1::timestamptz IS NULL OR received_at >= $1::timestamptz)
       AND ($2::uuid IS NULL OR source_id = $2::uuid)
       AND ($3::timestamptz IS NULL OR (received_at, id) > ($3::timestamptz, $4::uuid))
       AND ($6::uuid IS NULL OR submitted_by = $6::uuid)
     ORDER BY received_at, id
     LIMIT $5`,
    [
      filter.since ?? null,
      filter.sourceId ?? null,
      filter.after?.key ?? null,
      filter.after?.id ?? null,
      filter.limit + 1,
      filter.submittedBy ?? null,
    ],
  );
}
