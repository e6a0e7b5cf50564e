import type { Actor } from '../core/actor.ts';
import { canonicalJson, sha256Hex } from '../core/canonical-json.ts';
import { notFound, TallyError } from '../core/errors.ts';
import type { Created } from '../core/ids.ts';
import { decodeCursor, type Page, takePage } from '../core/paging.ts';
import { type Db, type Queryable, sqlState } from '../db/client.ts';
import { presentClaim } from './claims.present.ts';
import type { ClaimRow } from './claims.repo.ts';
import { claimsOfReport, gateSubmittedStatuses, prepareClaims, submittedReviews } from './claims.service.ts';
import { reportRowHash } from './content-hash.ts';
import { intakeQueueFor } from './intake.queue.ts';
import { type NewReport, type Report, type ReportWithClaims, reportHiddenFrom } from './report.ts';
import { presentReport } from './reports.present.ts';
import {
  findReport,
  insertReportsWithClaims,
  listReports,
  type ReportInsert,
  type ReportRow,
  type ReportToStore,
} from './reports.repo.ts';

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
 * is refused with both hashes, so the client can tell which copy it holds. A
 * reporter whose id is held by another account's report learns nothing of it
 * (see `answer`).
 */
export async function submitReport(
  db: Db,
  actor: Actor,
  input: NewReport,
  hooks: IntakeHooks = {},
): Promise<Created<ReportWithClaims>> {
  const item = await prepareReport(db, actor, input);
  const inserted = await intakeQueueFor(db)
    .store(item)
    .catch((error: unknown) => {
      throw explainReportInsertError(error, input);
    });
  const result = await answer(db, actor, inserted, item);
  if (result.created) await hooks.onCreated?.(result.value);
  return result;
}

/** What happens after a report is stored, wired by the app (e.g. queueing wire extraction). */
export interface IntakeHooks {
  /** Runs after the report committed; a failure here must not lose the report, so it may not throw. */
  onCreated?: ((report: Report) => Promise<void>) | undefined;
}

/** The same, inside a transaction the caller holds (the importer stores a whole file in one). */
export async function submitReportInTransaction(
  tx: Queryable,
  actor: Actor,
  input: NewReport,
): Promise<Created<ReportWithClaims>> {
  const item = await prepareReport(tx, actor, input);
  const inserted = await insertReportsWithClaims(tx, [item]).catch((error: unknown) => {
    throw explainReportInsertError(error, input);
  });
  return answer(tx, actor, inserted.get(input.id), item);
}

async function prepareReport(db: Queryable, actor: Actor, submitted: NewReport): Promise<ReportToStore> {
  // Gated before hashing, so the hash describes the report as stored (a reporter's
  // "accepted" is stored, and hashed, as proposed) and a retry of the same body still matches.
  const input = { ...submitted, claims: gateSubmittedStatuses(actor, submitted.claims) };
  const contentHash = reportContentHash(input);
  if (input.revises && actor.role === 'reporter') {
    // A reporter corrects only their own reports; another's answers like a missing one (no oracle).
    const revised = await findReport(db, input.revises);
    if (!revised || reportHiddenFrom(actor, revised)) throw revisedMissing(input.revises);
  }
  const claims = await prepareClaims(db, { id: input.id, text: input.text ?? null, actor }, input.claims);

  const report: ReportInsert = {
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
    submitted_by: actor.userId ?? null,
  };
  return {
    report,
    claims,
    reviews: submittedReviews(claims),
    actor: actor.id,
    summary: {
      source_id: input.source_id,
      channel: input.channel,
      content_hash: contentHash,
      claims: claims.length,
      // The content hash covers the claims as sent, which the rows cannot give back; this one
      // covers the stored row, so verify can re-hash every report.
      row_hash: reportRowHash(report),
    },
  };
}

/**
 * 201 for a new report; for an id stored before, 200 when the content matches and 409 when it does not.
 * A reporter's id held by another account's report gets one answer whatever that report holds: a 409
 * without hashes, report or claims, so the id cannot be used to read a report or to test its content.
 */
async function answer(
  db: Queryable,
  actor: Actor,
  inserted: { report: ReportRow; claims: ClaimRow[] } | undefined,
  item: ReportToStore,
): Promise<Created<ReportWithClaims>> {
  if (inserted) {
    return {
      created: true,
      value: { ...presentReport(inserted.report), claims: inserted.claims.map(presentClaim) },
    };
  }
  const { id, content_hash: contentHash } = item.report;
  const stored = await findReport(db, id);
  if (!stored) throw new TallyError('internal', `Report ${id} vanished during submission; retry`);
  if (reportHiddenFrom(actor, stored)) {
    throw new TallyError('id_conflict', `The id ${id} cannot be used; choose another UUID and submit again`, {
      fields: [{ field: 'id', message: 'choose another UUID' }],
    });
  }
  if (stored.content_hash !== contentHash) {
    throw new TallyError('conflict', `Report ${id} was already stored with different content`, {
      details: { stored_content_hash: stored.content_hash, submitted_content_hash: contentHash },
    });
  }
  return { created: false, value: { ...presentReport(stored), claims: await claimsOfReport(db, stored.id) } };
}

const revisedMissing = (id: string | undefined) =>
  new TallyError('unprocessable', `Report ${id} that this report revises does not exist`, {
    fields: [{ field: 'revises', message: 'no stored report has this id' }],
  });

function explainReportInsertError(error: unknown, input: NewReport): unknown {
  if (sqlState(error) !== '23503') return error;
  const message = String((error as Error).message);
  if (message.includes('revises')) return revisedMissing(input.revises);
  return new TallyError('unprocessable', `Source ${input.source_id} does not exist; register it first`, {
    fields: [{ field: 'source_id', message: 'no source has this id (POST /api/v1/sources)' }],
  });
}

export async function getReport(db: Db, id: string, actor?: Actor): Promise<ReportWithClaims> {
  const row = await findReport(db, id);
  if (!row || reportHiddenFrom(actor, row)) throw notFound('Report', id);
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
  actor?: Actor,
): Promise<Page<Report>> {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  // A reporter without an account id (none exists) must see nothing rather than everything.
  const submittedBy =
    actor?.role === 'reporter' ? (actor.userId ?? '00000000-0000-0000-0000-000000000000') : undefined;
  const rows = await listReports(db, {
    since: query.since,
    sourceId: query.source,
    after,
    limit: query.limit,
    submittedBy,
  });
  const page = takePage(rows, query.limit, (row) => ({ key: row.received_at.toISOString(), id: row.id }));
  return { items: page.rows.map(presentReport), next_cursor: page.next_cursor };
}
