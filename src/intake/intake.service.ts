import type { Actor } from '../core/actor.ts';
import { canonicalJson, sha256Hex } from '../core/canonical-json.ts';
import { notFound, TallyError } from '../core/errors.ts';
import type { Created } from '../core/ids.ts';
import { decodeCursor, type Page, takePage } from '../core/paging.ts';
import { type Db, type Queryable, sqlState } from '../db/client.ts';
import { presentClaim } from './claims.present.ts';
import { claimsOfReport, prepareClaims } from './claims.service.ts';
import type { NewReport, Report, ReportWithClaims } from './report.ts';
import { presentReport } from './reports.present.ts';
import { findReport, insertReportWithClaims, listReports } from './reports.repo.ts';

/**
 * The content a client sent, minus its id, in canonical form. Two submissions
 * are "the same report" exactly when these hashes match.
 */
export function reportContentHash(report: NewReport): string {
  const { id: _id, ...content } = report;
  const reportedAt = content.reported_at ? new Date(content.reported_at).toISOString() : null;
  return sha256Hex(canonicalJson({ ...content, reported_at: reportedAt }));
}

/**
 * Stores what a source said, exactly once. A retry of the same id and content
 * returns the stored report (`created: false`); the same id with other content
 * is refused with both hashes, so the client can tell which copy it holds.
 */
export async function submitReport(
  db: Db,
  actor: Actor,
  input: NewReport,
): Promise<Created<ReportWithClaims>> {
  // One statement is its own transaction: no BEGIN/COMMIT round trips on the hot path.
  return submitReportInTransaction(db, actor, input);
}

/** The same, inside a transaction the caller holds (the importer stores a whole file in one). */
export async function submitReportInTransaction(
  tx: Queryable,
  actor: Actor,
  input: NewReport,
): Promise<Created<ReportWithClaims>> {
  const contentHash = reportContentHash(input);
  const claimRows = await prepareClaims(tx, { id: input.id, text: input.text ?? null }, input.claims);
  const inserted = await insertReportWithClaims(
    tx,
    {
      id: input.id,
      source_id: input.source_id,
      channel: input.channel,
      reported_at: input.reported_at ? new Date(input.reported_at) : null,
      language: input.language ?? null,
      original_text: input.text ?? null,
      payload: input.payload ?? null,
      attachments: input.attachments,
      revises_id: input.revises ?? null,
      content_hash: contentHash,
    },
    claimRows,
    {
      actor: actor.id,
      summary: {
        source_id: input.source_id,
        channel: input.channel,
        content_hash: contentHash,
        claims: claimRows.length,
      },
    },
  ).catch((error: unknown) => {
    throw explainReportInsertError(error, input);
  });
  if (inserted) {
    return {
      created: true,
      value: { ...presentReport(inserted.report), claims: inserted.claims.map(presentClaim) },
    };
  }

  const stored = await findReport(tx, input.id);
  if (!stored) throw new TallyError('internal', `Report ${input.id} vanished during submission; retry`);
  if (stored.content_hash !== contentHash) {
    throw new TallyError('conflict', `Report ${input.id} was already stored with different content`, {
      details: { stored_content_hash: stored.content_hash, submitted_content_hash: contentHash },
    });
  }
  return { created: false, value: { ...presentReport(stored), claims: await claimsOfReport(tx, stored.id) } };
}

function explainReportInsertError(error: unknown, input: NewReport): unknown {
  if (sqlState(error) !== '23503') return error;
  const message = String((error as Error).message);
  if (message.includes('revises')) {
    return new TallyError(
      'unprocessable',
      `Report ${input.revises} that this report revises does not exist`,
      {
        fields: [{ field: 'revises', message: 'no stored report has this id' }],
      },
    );
  }
  return new TallyError('unprocessable', `Source ${input.source_id} does not exist; register it first`, {
    fields: [{ field: 'source_id', message: 'no source has this id (POST /api/v1/sources)' }],
  });
}

export async function getReport(db: Db, id: string): Promise<ReportWithClaims> {
  const row = await findReport(db, id);
  if (!row) throw notFound('Report', id);
  return { ...presentReport(row), claims: await claimsOfReport(db, id) };
}

export async function pageReports(
  db: Db,
  query: {
    since?: string | undefined;
    source?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<Page<Report>> {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows = await listReports(db, {
    since: query.since,
    sourceId: query.source,
    after,
    limit: query.limit,
  });
  const page = takePage(rows, query.limit, (row) => ({ key: row.received_at.toISOString(), id: row.id }));
  return { items: page.rows.map(presentReport), next_cursor: page.next_cursor };
}
