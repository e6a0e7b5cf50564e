import { canonicalJson, sha256Hex } from '../core/canonical-json.ts';
import { type ClaimInsert, claimInsertColumns } from './claims.repo.ts';
import type { ReportInsert } from './reports.repo.ts';

/**
 * Hashes of rows as stored, which audit entries record so that `tally audit verify` can tell
 * whether a row was changed beneath the append-only triggers (by someone who can switch them off).
 */

/**
 * A claim's written columns (not `seq` or `created_at`, which the database adds), as the row,
 * `to_jsonb(claim)` and a ClaimInsert all give them: dates as YYYY-MM-DD, numbers as numbers.
 */
export function claimContentHash(row: Partial<Record<keyof ClaimInsert, unknown>>): string {
  const content: Record<string, unknown> = {};
  for (const column of claimInsertColumns) content[column] = row[column] ?? null;
  return sha256Hex(canonicalJson(content));
}

/** A claim's audit `after`: the row written, and the hash that verify re-computes from the table. */
export const claimAuditAfter = (row: ClaimInsert): ClaimInsert & { content_hash: string } => ({
  ...row,
  content_hash: claimContentHash(row),
});

type StoredReport = Omit<ReportInsert, 'submitted_by'> & { submitted_by?: string | null };

/**
 * Every column of a report that the client's content or the server decided at intake. The
 * content hash alone cannot be re-derived from the row once claims came with the report (the
 * submitted claims are not kept as sent), so the report's audit entry records this one too.
 */
export function reportRowHash(row: StoredReport): string {
  return sha256Hex(
    canonicalJson({
      id: row.id,
      source_id: row.source_id,
      channel: row.channel,
      reported_at: row.reported_at ? row.reported_at.toISOString() : null,
      language: row.language,
      original_text: row.original_text,
      payload: row.payload,
      attachments: row.attachments,
      revises_id: row.revises_id,
      content_hash: row.content_hash,
      submitted_by: row.submitted_by ?? null,
    }),
  );
}

/**
 * The content hash of a report that came without claims, re-derived from its row exactly as
 * `reportContentHash` derives it from the parsed submission (absent optional fields, defaults
 * filled in). Used for reports stored before their audit entries recorded a row hash.
 */
export function contentHashOfClaimlessReport(row: StoredReport): string {
  const content: Record<string, unknown> = {
    source_id: row.source_id,
    channel: row.channel,
    reported_at: row.reported_at ? row.reported_at.toISOString() : null,
    attachments: row.attachments,
    claims: [],
  };
  if (row.language != null) content.language = row.language;
  if (row.original_text != null) content.text = row.original_text;
  if (row.payload != null) content.payload = row.payload;
  if (row.revises_id != null) content.revises = row.revises_id;
  return sha256Hex(canonicalJson(content));
}
