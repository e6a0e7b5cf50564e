import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../core/actor.ts';
import type { Db, Queryable } from '../db/client.ts';
import { insertClaims } from '../intake/claims.repo.ts';
import { prepareClaims } from '../intake/claims.service.ts';
import { claimAuditAfter } from '../intake/content-hash.ts';
import { findReport } from '../intake/reports.repo.ts';
import { type IndexedResolver, loadResolver } from '../places/resolve.ts';
import { toNewClaims } from './extraction.ts';
import { extractClaims } from './pipeline.ts';

/** Recorded with each extraction, so proposals can be traced to the code that made them. */
export const EXTRACTOR = 'tally-en-1';
const extractorActor: Actor = { id: `system:extractor:${EXTRACTOR}`, role: 'analyst' };

const RESOLVER_TTL_MS = 60_000;
const resolvers = new WeakMap<Db, { resolver: IndexedResolver; loadedAt: number }>();

/** The gazetteer as the database holds it (with places users added), reloaded every minute. */
async function resolverFor(db: Db): Promise<IndexedResolver> {
  const cached = resolvers.get(db);
  if (cached && Date.now() - cached.loadedAt < RESOLVER_TTL_MS) return cached.resolver;
  const resolver = await loadResolver(db);
  resolvers.set(db, { resolver, loadedAt: Date.now() });
  return resolver;
}

/**
 * Reads a wire report and stores the claims found in it as "proposed", once:
 * the report_extraction row is written first, so a second worker racing for the
 * same report waits, finds it, and does nothing. Returns the number of claims
 * proposed, or null when the report was extracted before or has no text.
 */
export async function extractWireReport(db: Db, reportId: string): Promise<number | null> {
  const resolver = await resolverFor(db);
  return db.transaction(async (tx) => {
    const report = await findReport(tx, reportId);
    if (!report?.original_text) return null;
    const claimed = await tx.query(
      `INSERT INTO report_extraction (report_id, extractor, claims) VALUES ($1, $2, 0)
       ON CONFLICT (report_id) DO NOTHING RETURNING report_id`,
      [reportId, EXTRACTOR],
    );
    if (claimed.length === 0) return null;

    const published = report.reported_at ? report.reported_at.toISOString().slice(0, 10) : null;
    const extraction = extractClaims(report.original_text, { published, resolver });
    const rows = await prepareClaims(
      tx,
      { id: report.id, text: report.original_text },
      toNewClaims(extraction),
    );
    const stored = await insertClaims(tx, rows);
    for (const row of stored) {
      await recordAudit(tx, extractorActor, {
        action: 'claim.create',
        entity: 'claim',
        entityId: row.id,
        after: claimAuditAfter(row),
      });
    }
    await tx.query('UPDATE report_extraction SET claims = $2 WHERE report_id = $1', [
      reportId,
      stored.length,
    ]);
    return stored.length;
  });
}

/** Wire reports with text that no extraction has read yet (a job lost in a crash, or never sent). */
export async function findUnextractedWireReports(db: Queryable, limit: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT r.id FROM report r
     LEFT JOIN report_extraction e ON e.report_id = r.id
     WHERE r.channel = 'wire' AND r.original_text IS NOT NULL AND e.report_id IS NULL
     ORDER BY r.received_at
     LIMIT $1`,
    [limit],
  );
  return rows.map((row) => row.id);
}
