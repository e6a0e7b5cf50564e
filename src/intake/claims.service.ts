import { recordAudit } from '../audit/audit.ts';
import { type Actor, roleAtLeast } from '../core/actor.ts';
import { type FieldProblem, fieldProblemsFromZod, notFound, TallyError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { decodeCursor, type Page, takePage } from '../core/paging.ts';
import type { Db, Queryable } from '../db/client.ts';
import { findExistingPlaceIds } from '../places/places.repo.ts';
import { type Claim, type ClaimPatch, type NewClaim, zNewClaim } from './claim.ts';
import { claimToRow, presentClaim } from './claims.present.ts';
import {
  type ClaimInsert,
  type ClaimRow,
  findClaimForUpdate,
  findClaims,
  insertClaims,
  listClaims,
  listClaimsOfReport,
  type SubmittedReview,
  updateClaim,
} from './claims.repo.ts';
import { claimAuditAfter, claimContentHash } from './content-hash.ts';
import { reportHiddenFrom } from './report.ts';
import { findReport } from './reports.repo.ts';

/**
 * Review is the only way into the tolls: consolidation reads accepted claims, so a
 * claim's status may be set only by someone who may review. A reporter (a person,
 * or a device using a reporter's API token) proposes; whatever status their claims
 * carry, they are stored `proposed` for an analyst to accept, reject or correct.
 *
 * An analyst or higher who submits a claim already `accepted` (or `rejected`) is
 * taking the review decision while entering it, as the dataset importers and
 * `tally import` (run by the operator, as admin) do; that stays, and
 * `submittedReviews` audits it like an accept or reject through the review routes.
 */
export function gateSubmittedStatuses(actor: Actor, claims: NewClaim[]): NewClaim[] {
  if (roleAtLeast(actor.role, 'analyst')) return claims;
  return claims.map((claim) => (claim.status === 'proposed' ? claim : { ...claim, status: 'proposed' }));
}

/** The review entries for claims stored with a decided status (see gateSubmittedStatuses). */
export function submittedReviews(rows: ReadonlyArray<Pick<ClaimInsert, 'id' | 'status'>>): SubmittedReview[] {
  return rows
    .filter((row) => row.status !== 'proposed')
    .map((row) => ({
      claim_id: row.id,
      action: row.status === 'accepted' ? 'claim.accept' : 'claim.reject',
      after: { status: row.status },
      reason: `stored ${row.status} on submission by an analyst or higher`,
    }));
}

interface ReportContext {
  id: string;
  text: string | null;
  /** Who submits: a reporter may refer only to claims of reports they submitted. */
  actor?: Actor;
}

/**
 * Checks a batch of claims of one report and turns it into rows. References
 * between claims (`part_of`, `supersedes`) may name a position in the batch or
 * a stored claim; every bad reference is reported at once. Queries the
 * database only when the batch names stored claims or places.
 */
export async function prepareClaims(
  db: Queryable,
  report: ReportContext,
  claims: NewClaim[],
  fieldPrefix = 'claims',
): Promise<ClaimInsert[]> {
  if (claims.length === 0) return [];
  const ids = claims.map(() => newId());
  const problems: FieldProblem[] = [];
  const problem = (index: number, field: string, message: string) =>
    problems.push({ field: `${fieldPrefix}.${index}.${field}`, message });

  const storedRefs = claims
    .flatMap((c) => [c.part_of, c.supersedes])
    .filter((r): r is string => typeof r === 'string');
  const found = new Map((await findClaims(db, storedRefs)).map((row) => [row.id, row]));
  await forgetHiddenClaims(db, report, found);
  const placeIds = [...new Set(claims.map((c) => c.place?.id).filter((id): id is string => !!id))];
  const knownPlaces = await findExistingPlaceIds(db, placeIds);

  const resolve = (ref: number | string | null | undefined, index: number, field: string): string | null => {
    if (ref == null) return null;
    if (typeof ref === 'number') {
      if (ref < claims.length && ref !== index) return ids[ref] ?? null;
      problem(index, field, `no other claim at position ${ref} in this batch`);
      return null;
    }
    const target = found.get(ref);
    if (!target) problem(index, field, `claim ${ref} does not exist`);
    else if (field === 'part_of' && target.report_id !== report.id)
      problem(index, field, 'a breakdown must be part of a claim in the same report');
    return target ? ref : null;
  };

  const rows = claims.map((claim, index) => {
    if (claim.place?.id && !knownPlaces.has(claim.place.id))
      problem(index, 'place.id', `place ${claim.place.id} is not in the gazetteer`);
    if (claim.span && report.text != null && claim.span[1] > report.text.length)
      problem(
        index,
        'span',
        `span ends at ${claim.span[1]} but the report text has ${report.text.length} characters`,
      );
    return claimToRow(claim, {
      id: ids[index] as string,
      reportId: report.id,
      partOfId: resolve(claim.part_of, index, 'part_of'),
      supersedesId: resolve(claim.supersedes, index, 'supersedes'),
    });
  });
  if (problems.length > 0) {
    throw new TallyError(
      'unprocessable',
      `${problems.length} claim field(s) refer to something that does not fit`,
      {
        fields: problems,
      },
    );
  }
  return rows;
}

/**
 * A reporter's reference to a claim of another account's report is treated as a
 * reference to no claim, so the 422 answers the same whether the claim exists.
 */
async function forgetHiddenClaims(db: Queryable, report: ReportContext, found: Map<string, ClaimRow>) {
  if (report.actor?.role !== 'reporter' || found.size === 0) return;
  const reportIds = new Set([...found.values()].map((claim) => claim.report_id));
  for (const reportId of reportIds) {
    const owner = await findReport(db, reportId);
    if (owner && !reportHiddenFrom(report.actor, owner)) continue;
    for (const [id, claim] of found) if (claim.report_id === reportId) found.delete(id);
  }
}

/**
 * An analyst adds claims to a stored report by hand. The route needs an analyst;
 * the status gate applies here too, so no other caller can bypass review.
 */
export async function addClaimsToReport(
  db: Db,
  actor: Actor,
  reportId: string,
  claims: NewClaim[],
): Promise<Claim[]> {
  return db.transaction(async (tx) => {
    const report = await findReport(tx, reportId);
    if (!report) throw notFound('Report', reportId);
    const gated = gateSubmittedStatuses(actor, claims);
    const rows = await prepareClaims(tx, { id: report.id, text: report.original_text, actor }, gated);
    const stored = await insertClaims(tx, rows);
    for (const row of stored) {
      await recordAudit(tx, actor, {
        action: 'claim.create',
        entity: 'claim',
        entityId: row.id,
        after: claimAuditAfter(row),
      });
    }
    const byId = new Map(stored.map((row) => [row.id, row]));
    for (const review of submittedReviews(stored)) {
      const row = byId.get(review.claim_id);
      await recordAudit(tx, actor, {
        action: review.action,
        entity: 'claim',
        entityId: review.claim_id,
        // Every claim audit entry records the claim's hash, so `tally audit verify` can check it.
        after: { ...review.after, ...(row ? { content_hash: claimContentHash(row) } : {}) },
        reason: review.reason,
      });
    }
    return stored.map(presentClaim);
  });
}

export async function claimsOfReport(db: Queryable, reportId: string): Promise<Claim[]> {
  return (await listClaimsOfReport(db, reportId)).map(presentClaim);
}

async function lockClaim(tx: Queryable, id: string) {
  const row = await findClaimForUpdate(tx, id);
  if (!row) throw notFound('Claim', id);
  return row;
}

/** Accepts or rejects a proposed claim; the change and its reason are audited. */
export async function reviewClaim(
  db: Db,
  actor: Actor,
  id: string,
  status: 'accepted' | 'rejected',
  reason: string | undefined,
): Promise<Claim> {
  if (status === 'rejected' && !reason) {
    throw new TallyError('validation_failed', 'Rejecting a claim needs a reason', {
      fields: [{ field: 'reason', message: 'say why the claim is rejected' }],
    });
  }
  return db.transaction(async (tx) => {
    const before = await lockClaim(tx, id);
    const after = await updateClaim(tx, { ...before, status });
    await recordAudit(tx, actor, {
      action: `claim.${status === 'accepted' ? 'accept' : 'reject'}`,
      entity: 'claim',
      entityId: id,
      before: { status: before.status },
      after: { status: after.status, content_hash: claimContentHash(after) },
      reason,
    });
    return presentClaim(after);
  });
}

/** The stored claim in the shape an analyst edits. */
function editableClaim(claim: Claim): NewClaim {
  const { id: _id, report_id: _report, created_at: _created, ...fields } = claim;
  return fields as NewClaim;
}

/** Corrects a claim: the named fields replace the stored ones, the whole is checked again, and audited. */
export async function patchClaim(db: Db, actor: Actor, id: string, patch: ClaimPatch): Promise<Claim> {
  const { reason, ...changes } = patch;
  return db.transaction(async (tx) => {
    const beforeRow = await lockClaim(tx, id);
    const before = presentClaim(beforeRow);
    const parsed = zNewClaim.safeParse({ ...editableClaim(before), ...changes });
    if (!parsed.success) {
      throw new TallyError('validation_failed', 'The corrected claim is not valid', {
        fields: fieldProblemsFromZod(parsed.error.issues),
      });
    }
    const report = await findReport(tx, beforeRow.report_id);
    const [row] = await prepareClaims(tx, { id: beforeRow.report_id, text: report?.original_text ?? null }, [
      parsed.data,
    ]);
    const afterRow = await updateClaim(tx, { ...(row as ClaimInsert), id });
    const after = presentClaim(afterRow);
    await recordAudit(tx, actor, {
      action: 'claim.update',
      entity: 'claim',
      entityId: id,
      before,
      after: { ...after, content_hash: claimContentHash(afterRow) },
      reason,
    });
    return after;
  });
}

export async function pageClaims(
  db: Db,
  query: {
    status?: string | undefined;
    report?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<Page<Claim>> {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows = await listClaims(db, {
    status: query.status,
    reportId: query.report,
    afterSeq: after ? Number(after.key) : undefined,
    limit: query.limit,
  });
  const page = takePage(rows, query.limit, (row) => ({ key: String(row.seq), id: row.id }));
  return { items: page.rows.map(presentClaim), next_cursor: page.next_cursor };
}
