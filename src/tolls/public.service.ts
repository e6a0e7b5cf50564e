import { notFound } from '../core/errors.ts';
import { decodeCursor, type Page, takePage } from '../core/paging.ts';
import type { Queryable } from '../db/client.ts';
import { listPublishedIncidents } from './public.repo.ts';
import { getPublication, pagePublications } from './publish.service.ts';
import type { Publication, PublicIncident, PublicIncidentQuery, PublicPublication } from './toll.ts';

/**
 * The public read API's use cases: published snapshots and the incidents behind them, never
 * live data. Everything here reads what publishing stored; nothing needs a signed-in actor.
 */
const incidentsPath = (id: string) => `/api/v1/public/publications/${id}/incidents`;

/** A figure's analyst link (/api/v1/incidents?from&to&grades&admin1...) made into the public one. */
function publicHref(publicationId: string, href: unknown): string {
  const analyst = new URLSearchParams(String(href ?? '').split('?')[1] ?? '');
  const kept = new URLSearchParams();
  for (const key of ['from', 'to', 'country', 'admin1', 'admin2']) {
    const value = analyst.get(key);
    if (value) kept.set(key, value);
  }
  const query = kept.toString();
  return query ? `${incidentsPath(publicationId)}?${query}` : incidentsPath(publicationId);
}

/** Leaves out who published; points every figure at the public incidents route. */
export function presentPublicPublication(p: Publication): PublicPublication {
  const body = p.body as { figures?: Array<Record<string, unknown>> } & Record<string, unknown>;
  const figures = (body.figures ?? []).map((f) => ({
    ...f,
    incidents_href: publicHref(p.id, f.incidents_href),
  }));
  return {
    id: p.id,
    kind: p.kind,
    query: p.query,
    body: { ...body, figures },
    changes: p.changes,
    revises_id: p.revises_id,
    reason: p.reason,
    published_at: p.published_at,
    audit_head: p.audit_head,
    incidents_href: incidentsPath(p.id),
  };
}

export async function pagePublicPublications(
  db: Queryable,
  query: { kind?: 'tolls' | 'bulletin' | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<PublicPublication>> {
  const page = await pagePublications(db, query);
  return { items: page.items.map(presentPublicPublication), next_cursor: page.next_cursor };
}

export async function getPublicPublication(db: Queryable, id: string): Promise<PublicPublication> {
  return presentPublicPublication(await getPublication(db, id));
}

/** The latest published bulletin for a day and language (a revision replaces the earlier one). */
export async function latestPublicBulletin(
  db: Queryable,
  date: string,
  lang: 'en' | 'ar',
): Promise<PublicPublication> {
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM toll_publication
     WHERE kind = 'bulletin' AND query->>'date' = $1 AND query->>'lang' = $2
     ORDER BY published_at DESC, id DESC LIMIT 1`,
    [date, lang],
  );
  if (!rows[0]) throw notFound('Published bulletin for', `${date} (${lang})`);
  return getPublicPublication(db, rows[0].id);
}

/** The incidents behind a publication's figures, as they stood when it was published. */
export async function pagePublishedIncidents(
  db: Queryable,
  publicationId: string,
  query: PublicIncidentQuery,
): Promise<Page<PublicIncident>> {
  await getPublication(db, publicationId);
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await listPublishedIncidents(db, {
    publicationId,
    from: query.from ?? null,
    to: query.to ?? null,
    country: query.country ?? null,
    admin1: query.admin1 ?? null,
    admin2: query.admin2 ?? null,
    after,
    limit: query.limit,
  });
  const page = takePage(rows, query.limit, (r) => ({ key: r.date_start, id: r.id }));
  return { items: page.rows, next_cursor: page.next_cursor };
}
