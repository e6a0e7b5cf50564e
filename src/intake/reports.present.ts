import type { Report } from './report.ts';
import type { ReportRow } from './reports.repo.ts';

export function presentReport(row: ReportRow): Report {
  return {
    id: row.id,
    source_id: row.source_id,
    channel: row.channel,
    received_at: row.received_at.toISOString(),
    reported_at: row.reported_at ? row.reported_at.toISOString() : null,
    language: row.language,
    text: row.original_text,
    payload: row.payload,
    attachments: row.attachments,
    revises: row.revises_id,
    content_hash: row.content_hash,
  };
}
