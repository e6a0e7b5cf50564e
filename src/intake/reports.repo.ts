import type { Queryable } from '../db/client.ts';
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
 * Inserts unless a report with this id exists. The primary key decides, not a
 * prior SELECT, so concurrent retries of one report can never store two rows.
 */
export async function insertReportIfNew(tx: Queryable, report: ReportInsert): Promise<ReportRow | undefined> {
  const rows = await tx.query<ReportRow>(
    `INSERT INTO report (id, source_id, channel, reported_at, language, original_text, payload, attachments, revises_id, content_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10)
     ON CONFLICT (id) DO NOTHING
     RETURNING *`,
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
    ],
  );
  return rows[0];
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
