import type { Progress } from '../core/progress.ts';
import type { Queryable } from '../db/client.ts';
import type { NewClaim } from '../intake/claim.ts';
import { claimToRow } from '../intake/claims.present.ts';
import { claimInsertColumns } from '../intake/claims.repo.ts';
import { claimContentHash, contentHashOfClaimlessReport, reportRowHash } from '../intake/content-hash.ts';
import {
  type ClaimWithAudit,
  findAuditedButMissing,
  pageClaimsWithAudit,
  pageReportsWithAudit,
} from './audit.repo.ts';

/** One row that no longer matches what the audit log recorded of it. */
export interface RowProblem {
  entity: 'report' | 'claim' | 'publication' | 'checkpoint';
  id: string;
  /** The field or hash that differs. */
  field: string;
  problem: string;
}

/** Keeps the first problems whole and counts the rest, so a wholesale edit cannot flood the output. */
export class ProblemList {
  readonly items: RowProblem[] = [];
  count = 0;
  constructor(private readonly keep = 100) {}
  add(problem: RowProblem) {
    this.count += 1;
    if (this.items.length < this.keep) this.items.push(problem);
  }
}

const PAGE = 1000;
const noProgress: Progress = { update() {}, finish() {} };

export interface ReportCheck {
  checked: number;
  /** Re-hashed from the row: by the row hash its audit entry recorded, or (older reports without claims) by the content hash. */
  rehashed: number;
  /** Older reports stored with claims before row hashes were recorded: only their content hash column is compared. */
  not_rehashable: number;
}

/**
 * Compares every report with its report.create audit entry: the content hash column with the
 * one recorded, and the row itself with the recorded row hash, so an edit made with the
 * report trigger switched off is named even when the chain is intact.
 */
export async function verifyReports(
  db: Queryable,
  problems: ProblemList,
  progress: Progress = noProgress,
): Promise<ReportCheck> {
  const result: ReportCheck = { checked: 0, rehashed: 0, not_rehashable: 0 };
  let after: string | null = null;
  for (;;) {
    const rows = await pageReportsWithAudit(db, after, PAGE);
    for (const row of rows) {
      result.checked += 1;
      const id = row.id;
      const audited = row.audited;
      if (!audited) {
        problems.add({
          entity: 'report',
          id,
          field: 'audit entry',
          problem: 'has no report.create audit entry (stored beneath the triggers)',
        });
        continue;
      }
      if (audited.content_hash !== row.content_hash) {
        problems.add({
          entity: 'report',
          id,
          field: 'content_hash',
          problem: `is ${row.content_hash}, but its audit entry recorded ${String(audited.content_hash)}`,
        });
      }
      if (typeof audited.row_hash === 'string') {
        result.rehashed += 1;
        if (reportRowHash(row) !== audited.row_hash)
          problems.add({
            entity: 'report',
            id,
            field: 'row_hash',
            problem:
              'the stored report (text, payload, source or another column) no longer matches the hash its audit entry recorded',
          });
      } else if (audited.claims === 0) {
        result.rehashed += 1;
        if (contentHashOfClaimlessReport(row) !== row.content_hash)
          problems.add({
            entity: 'report',
            id,
            field: 'content_hash',
            problem:
              'the stored content (text, payload, source or another field) no longer hashes to the content hash',
          });
      } else {
        result.not_rehashable += 1;
      }
    }
    progress.update(result.checked, 'reports');
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]?.id ?? null;
  }
  return result;
}

export interface ClaimCheck {
  checked: number;
  /** Compared with the hash its latest audit entry recorded. */
  recorded_hash: number;
  /** Older entries without a hash, but holding the whole claim: the hash is derived from them. */
  derived_hash: number;
  /** Older entries that do not say the claim's whole state: these claims could not be checked. */
  no_hash: number;
}

type Columns = Record<string, unknown>;

const pick = (row: Columns): Columns =>
  Object.fromEntries(claimInsertColumns.map((column) => [column, row[column] ?? null]));

/** A claim.update entry's `after` is the claim as the API presents it; back to columns. */
function columnsFromPresented(after: Columns): Columns {
  const claim = after as unknown as NewClaim & {
    id: string;
    report_id: string;
    part_of: string | null;
    supersedes: string | null;
  };
  return pick(
    claimToRow(claim, {
      id: claim.id,
      reportId: claim.report_id,
      partOfId: claim.part_of,
      supersedesId: claim.supersedes,
    }) as unknown as Columns,
  );
}

/**
 * What the audit log says a claim holds now: the hash its latest entry recorded, and its
 * columns when the entries give them whole (then the fields that differ can be named).
 */
function expectedClaim(entries: NonNullable<ClaimWithAudit['entries']>): {
  hash: string | null;
  row: Columns | null;
  recorded: boolean;
} {
  let row = null as Columns | null;
  let hash: string | null = null;
  let recorded = false;
  for (const { action, after } of entries) {
    const a: Columns = after ?? {};
    const statusOnly = 'status' in a && Object.keys(a).every((k) => k === 'status' || k === 'content_hash');
    if (action === 'claim.create' && 'count_qualifier' in a) row = pick(a);
    else if (action === 'claim.update' && typeof a.count === 'object') row = columnsFromPresented(a);
    else if (statusOnly && row) row = { ...row, status: a.status };
    else row = null;
    recorded = typeof a.content_hash === 'string';
    hash = recorded ? (a.content_hash as string) : row ? claimContentHash(row) : null;
    if (row && claimContentHash(row) !== hash) row = null;
  }
  return { hash, row, recorded };
}

/** Compares every claim with what its audit entries recorded of it, naming the fields that differ where they can be told. */
export async function verifyClaims(
  db: Queryable,
  problems: ProblemList,
  progress: Progress = noProgress,
): Promise<ClaimCheck> {
  const result: ClaimCheck = { checked: 0, recorded_hash: 0, derived_hash: 0, no_hash: 0 };
  let afterSeq = 0;
  for (;;) {
    const rows = await pageClaimsWithAudit(db, afterSeq, PAGE);
    for (const claim of rows) {
      result.checked += 1;
      if (!claim.entries || claim.entries.length === 0) {
        problems.add({
          entity: 'claim',
          id: claim.id,
          field: 'audit entry',
          problem: 'has no audit entry (stored beneath the triggers)',
        });
        continue;
      }
      const expected = expectedClaim(claim.entries);
      if (expected.hash === null) {
        result.no_hash += 1;
        continue;
      }
      if (expected.recorded) result.recorded_hash += 1;
      else result.derived_hash += 1;
      const actual = pick(claim as unknown as Columns);
      if (claimContentHash(actual) === expected.hash) continue;
      const fields = expected.row
        ? claimInsertColumns.filter((c) => JSON.stringify(actual[c]) !== JSON.stringify(expected.row?.[c]))
        : [];
      problems.add({
        entity: 'claim',
        id: claim.id,
        field: fields.length > 0 ? fields.join(', ') : 'content_hash',
        problem: 'the stored claim differs from what its latest audit entry recorded',
      });
    }
    progress.update(result.checked, 'claims');
    if (rows.length < PAGE) break;
    afterSeq = rows[rows.length - 1]?.seq ?? afterSeq;
  }
  return result;
}

/** Reports and claims the audit log says were created but that are no longer stored. */
export async function verifyNothingDeleted(db: Queryable, problems: ProblemList): Promise<void> {
  for (const gone of await findAuditedButMissing(db, 100)) {
    problems.add({
      entity: gone.entity,
      id: gone.entity_id,
      field: 'row',
      problem: `is in the audit log but no longer stored (deleted beneath the triggers)`,
    });
  }
}
