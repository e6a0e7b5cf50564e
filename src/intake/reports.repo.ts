import type { Queryable } from '../db/client.ts';
import { type ClaimInsert, type ClaimRow, claimColumns } from './claims.repo.ts';
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
}

export type ReportInsert = Omit<ReportRow, 'received_at'>;

/**
 * Stores a report, its claims and their audit entries in ONE statement, unless
 * a report with this id exists: then nothing is written and no row comes back.
 * The primary key decides, not a prior SELECT, so concurrent retries of one
 * report can never store two rows; one statement is atomic by itself and costs
 * one round trip, which is what lets intake keep up with a busy wire desk.
 */
export async function insertReportWithClaims(
  db: Queryable,
  report: ReportInsert,
  claims: ClaimInsert[],
  audit: { actor: string; summary: Record<string, unknown> },
): Promise<{ report: ReportRow; claims: ClaimRow[] } | undefined> {
  const rows = await db.query<ReportRow & { claims_json: Array<Record<string, unknown>> }>(
    `WITH new_report AS (
       INSERT INTO report (id, source_id, channel, reported_at, language, original_text, payload, attachments, revises_id, content_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10)
       ON CONFLICT (id) DO NOTHING
       RETURNING *
     ), new_claims AS (
       INSERT INTO claim (${claimColumns})
       SELECT ${claimColumns} FROM jsonb_populate_recordset(NULL::claim, $11::jsonb) WITH ORDINALITY
       WHERE EXISTS (SELECT 1 FROM new_report)
       ORDER BY ordinality
       RETURNING *
     ), audited AS (
       INSERT INTO audit_log (actor, action, entity, entity_id, after)
       SELECT $12, 'report.create', 'report', id::text, $13::jsonb FROM new_report
       UNION ALL
       SELECT $12, 'claim.create', 'claim', id::text, to_jsonb(new_claims) FROM new_claims
     )
     SELECT new_report.*,
            (SELECT coalesce(jsonb_agg(to_jsonb(c) ORDER BY c.seq), '[]'::jsonb) FROM new_claims c) AS claims_json
     FROM new_report`,
    [
      report.id,
      report.source_id,
      report.channel,
      report.reported_at,
      report.language,
      report.original_text,
      report.payload === null ? null : JSON.stringify(report.payload),
      JSON.stringify(report.attachments),
      report.revises_id,
      report.content_hash,
      JSON.stringify(claims),
      audit.actor,
      JSON.stringify(audit.summary),
    ],
  );
  const row = rows[0];
  if (!row) return undefined;
  const { claims_json, ...stored } = row;
  // Rows built by to_jsonb carry timestamps as text; give them the driver's Date like every other row.
  const storedClaims = claims_json.map(
    (c) => ({ ...c, created_at: new Date(c.created_at as string) }) as ClaimRow,
  );
  return { report: stored, claims: storedClaims };
}

export async function findReport(db: Queryable, id: string): Promise<ReportRow | undefined> {
  const rows = await db.query<ReportRow>('SELECT * FROM report WHERE id = $1', [id]);
  return rows[0];
}

export interface ReportFilter {
  since?: string | undefined;
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
     ORDER BY received_at, id
     LIMIT $5`,
    [
      filter.since ?? null,
      filter.sourceId ?? null,
      filter.after?.key ?? null,
      filter.after?.id ?? null,
      filter.limit + 1,
    ],
  );
}
