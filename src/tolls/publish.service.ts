import { findAuditHead } from '../audit/audit.repo.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../core/actor.ts';
import { canonicalJson } from '../core/canonical-json.ts';
import { notFound, TallyError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { decodeCursor, type Page, takePage } from '../core/paging.ts';
import type { Db, Queryable } from '../db/client.ts';
import { snapshotIncidentsBehind } from './public.repo.ts';
import type { Publication, TollFigure, TollQuery } from './toll.ts';
import type { TollFilter } from './tolls.repo.ts';
import { computeTolls, type TollOptions } from './tolls.service.ts';

interface PublicationRow {
  id: string;
  kind: 'tolls' | 'bulletin';
  query_key: string;
  query: unknown;
  body: unknown;
  changes: Publication['changes'];
  revises_id: string | null;
  reason: string | null;
  actor: string;
  published_at: Date;
  audit_seq: number | null;
  audit_hash: string | null;
}

const present = (row: PublicationRow): Publication => ({
  id: row.id,
  kind: row.kind,
  query: row.query,
  body: row.body,
  changes: row.changes,
  revises_id: row.revises_id,
  reason: row.reason,
  actor: row.actor,
  published_at: row.published_at.toISOString(),
  audit_head:
    row.audit_seq === null || row.audit_hash === null
      ? null
      : { chain_seq: row.audit_seq, hash: row.audit_hash },
});

export const figureKey = (
  f: Pick<TollFigure, 'period_start' | 'area' | 'outcome' | 'victim_group' | 'cause'>,
) => [f.period_start ?? '*', f.area?.id ?? '*', f.outcome, f.victim_group, f.cause ?? '*'].join('|');

/** Figures that differ between two snapshots, by key: what a revision changed. */
export function tollChanges(before: TollFigure[], after: TollFigure[]): Publication['changes'] {
  const range = (f: TollFigure | undefined) => (f ? { low: f.low, best: f.best, high: f.high } : null);
  const old = new Map(before.map((f) => [figureKey(f), f]));
  const now = new Map(after.map((f) => [figureKey(f), f]));
  const keys = [...new Set([...old.keys(), ...now.keys()])].sort();
  return keys
    .map((key) => ({ key, before: range(old.get(key)), after: range(now.get(key)) }))
    .filter((c) => canonicalJson(c.before) !== canonicalJson(c.after));
}

async function latest(db: Queryable, kind: string, key: string): Promise<PublicationRow | undefined> {
  const rows = await db.query<PublicationRow>(
    'SELECT * FROM toll_publication WHERE kind = $1 AND query_key = $2 ORDER BY published_at DESC, id DESC LIMIT 1',
    [kind, key],
  );
  return rows[0];
}

/**
 * Stores a snapshot as published. Publishing the same figures again returns the stored one;
 * different figures for the same query become a revision that names what changed and why.
 */
export async function publishSnapshot(
  db: Db,
  actor: Actor,
  kind: 'tolls' | 'bulletin',
  query: unknown,
  body: { figures: TollFigure[] } & Record<string, unknown>,
  reason: string | undefined,
  /** Which toll facts the figures sum: their incidents are kept with the snapshot for the public API. */
  behind: Omit<TollFilter, 'by'>,
): Promise<{ created: boolean; value: Publication }> {
  const key = canonicalJson(query);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`tally.publish:${kind}:${key}`]);
    const previous = await latest(tx, kind, key);
    const previousFigures = (previous?.body as { figures?: TollFigure[] } | undefined)?.figures ?? [];
    const strip = (b: unknown) => canonicalJson({ ...(b as Record<string, unknown>), as_of: null });
    if (previous && strip(previous.body) === strip(body)) return { created: false, value: present(previous) };
    const changes = previous ? tollChanges(previousFigures, body.figures) : [];
    if (previous && changes.length > 0 && !reason)
      throw new TallyError(
        'unprocessable',
        'These figures revise a published toll: give the reason for the revision',
        {
          fields: [{ field: 'reason', message: 'required for a revision' }],
          details: { changes },
        },
      );
    // The chain's head as this publication goes out: whoever keeps the publication holds an
    // anchor that `tally audit verify` checks, so the chain behind it cannot be cut or rewritten unseen.
    const head = await findAuditHead(tx);
    const rows = await tx.query<PublicationRow>(
      `INSERT INTO toll_publication (id, kind, query_key, query, body, changes, revises_id, reason, actor, audit_seq, audit_hash)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, $7, $8, $9, $10, $11) RETURNING *`,
      [
        newId(),
        kind,
        key,
        JSON.stringify(query),
        JSON.stringify(body),
        JSON.stringify(changes),
        previous?.id ?? null,
        reason ?? null,
        actor.id,
        head?.chain_seq ?? null,
        head?.hash ?? null,
      ],
    );
    const value = present(rows[0] as PublicationRow);
    const incidents = await snapshotIncidentsBehind(tx, value.id, behind);
    await recordAudit(tx, actor, {
      action: previous ? `${kind}.revise` : `${kind}.publish`,
      entity: 'toll_publication',
      entityId: value.id,
      after: { query, changes, revises_id: value.revises_id, incidents },
      reason,
    });
    return { created: true, value };
  });
}

export async function publishTolls(
  db: Db,
  actor: Actor,
  query: TollQuery,
  reason: string | undefined,
  options: TollOptions = {},
): Promise<{ created: boolean; value: Publication }> {
  const tolls = await computeTolls(db, query, options);
  return publishSnapshot(db, actor, 'tolls', tolls.query, tolls, reason, tolls.query);
}

export async function getPublication(db: Queryable, id: string): Promise<Publication> {
  const rows = await db.query<PublicationRow>('SELECT * FROM toll_publication WHERE id = $1', [id]);
  if (!rows[0]) throw notFound('Publication', id);
  return present(rows[0]);
}

export async function pagePublications(
  db: Queryable,
  query: { kind?: 'tolls' | 'bulletin' | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<Publication>> {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows = await db.query<PublicationRow>(
    `SELECT * FROM toll_publication
     WHERE ($1::text IS NULL OR kind = $1)
       AND ($2::timestamptz IS NULL OR (published_at, id) < ($2::timestamptz, $3::uuid))
     ORDER BY published_at DESC, id DESC LIMIT $4`,
    [query.kind ?? null, after?.key ?? null, after?.id ?? null, query.limit + 1],
  );
  const page = takePage(rows, query.limit, (r) => ({ key: r.published_at.toISOString(), id: r.id }));
  return { items: page.rows.map(present), next_cursor: page.next_cursor };
}
