import type { Queryable } from '../db/client.ts';
import type { ClaimRow } from '../intake/claims.repo.ts';
import type { ReportRow } from '../intake/reports.repo.ts';

/** Queries behind `tally audit verify` and the anchors; each reads one page, so a large log never sits in memory. */

export interface AuditHead {
  chain_seq: number;
  hash: string;
}

/** The newest entry of the chain; null while the log is empty. */
export async function findAuditHead(db: Queryable): Promise<AuditHead | null> {
  const rows = await db.query<AuditHead>(
    'SELECT chain_seq, hash FROM audit_log WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1',
  );
  return rows[0] ?? null;
}

export async function findChainEntry(db: Queryable, chainSeq: number): Promise<AuditHead | null> {
  const rows = await db.query<AuditHead>('SELECT chain_seq, hash FROM audit_log WHERE chain_seq = $1', [
    chainSeq,
  ]);
  return rows[0] ?? null;
}

export async function countRowsToVerify(
  db: Queryable,
): Promise<{ audit: number; reports: number; claims: number }> {
  const rows = await db.query<{ audit: number; reports: number; claims: number }>(
    `SELECT (SELECT count(*) FROM audit_log)::int AS audit, (SELECT count(*) FROM report)::int AS reports,
            (SELECT count(*) FROM claim)::int AS claims`,
  );
  return rows[0] ?? { audit: 0, reports: 0, claims: 0 };
}

export type ReportWithAudit = ReportRow & { audited: Record<string, unknown> | null };

/** Reports in id order after `afterId`, each with the `after` of its report.create entry. */
export async function pageReportsWithAudit(
  db: Queryable,
  afterId: string | null,
  limit: number,
): Promise<ReportWithAudit[]> {
  return db.query<ReportWithAudit>(
    `SELECT r.*, a.after AS audited FROM report r
     LEFT JOIN LATERAL (
       SELECT after FROM audit_log
       WHERE entity = 'report' AND entity_id = r.id::text AND action = 'report.create'
       ORDER BY id LIMIT 1
     ) a ON true
     WHERE ($1::uuid IS NULL OR r.id > $1::uuid)
     ORDER BY r.id LIMIT $2`,
    [afterId, limit],
  );
}

export type ClaimWithAudit = ClaimRow & {
  entries: Array<{ action: string; after: Record<string, unknown> | null }> | null;
};

/** Claims in seq order after `afterSeq`, each with all its audit entries, oldest first. */
export async function pageClaimsWithAudit(
  db: Queryable,
  afterSeq: number,
  limit: number,
): Promise<ClaimWithAudit[]> {
  return db.query<ClaimWithAudit>(
    `SELECT c.*, (
       SELECT jsonb_agg(jsonb_build_object('action', a.action, 'after', a.after) ORDER BY a.id)
       FROM audit_log a WHERE a.entity = 'claim' AND a.entity_id = c.id::text
     ) AS entries
     FROM claim c WHERE c.seq > $1 ORDER BY c.seq LIMIT $2`,
    [afterSeq, limit],
  );
}

/** Ids the audit log says were created but whose row is gone (deleted beneath the triggers). */
export async function findAuditedButMissing(
  db: Queryable,
  limit: number,
): Promise<Array<{ entity: 'report' | 'claim'; entity_id: string }>> {
  return db.query(
    `(SELECT DISTINCT 'report' AS entity, a.entity_id FROM audit_log a
      WHERE a.entity = 'report' AND a.action = 'report.create'
        AND NOT EXISTS (SELECT 1 FROM report r WHERE r.id::text = a.entity_id)
      LIMIT $1)
     UNION ALL
     (SELECT DISTINCT 'claim' AS entity, a.entity_id FROM audit_log a
      WHERE a.entity = 'claim' AND a.action = 'claim.create'
        AND NOT EXISTS (SELECT 1 FROM claim c WHERE c.id::text = a.entity_id)
      LIMIT $1)`,
    [limit],
  );
}

export interface PublicationAnchor {
  id: string;
  kind: string;
  audit_seq: number;
  audit_hash: string;
  chain_hash: string | null;
}

/** Publications that recorded the audit head, after `afterId`, with the hash the chain now holds there. */
export async function pagePublicationAnchors(
  db: Queryable,
  afterId: string | null,
  limit: number,
): Promise<PublicationAnchor[]> {
  return db.query<PublicationAnchor>(
    `SELECT p.id, p.kind, p.audit_seq, p.audit_hash, a.hash AS chain_hash
     FROM toll_publication p LEFT JOIN audit_log a ON a.chain_seq = p.audit_seq
     WHERE p.audit_seq IS NOT NULL AND ($1::uuid IS NULL OR p.id > $1::uuid)
     ORDER BY p.id LIMIT $2`,
    [afterId, limit],
  );
}

export async function countUnanchoredPublications(db: Queryable): Promise<number> {
  const rows = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM toll_publication WHERE audit_seq IS NULL',
  );
  return rows[0]?.n ?? 0;
}
