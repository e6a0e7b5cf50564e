import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../core/actor.ts';
import { notFound, TallyError } from '../core/errors.ts';
import { type Created, newId } from '../core/ids.ts';
import { decodeCursor, type Page, takePage } from '../core/paging.ts';
import type { Db } from '../db/client.ts';
import type { NewSource, Source } from './source.ts';
import { presentSource } from './sources.present.ts';
import { findSource, insertSource, listSources } from './sources.repo.ts';

/**
 * Registers a source. The same id with the same fields is an idempotent retry;
 * the same id with different fields is a conflict.
 */
export async function createSource(db: Db, actor: Actor, input: NewSource): Promise<Created<Source>> {
  const id = input.id ?? newId();
  const wanted = {
    id,
    kind: input.kind,
    pseudonym: input.pseudonym,
    independence_group: input.independence_group ?? id,
    reliability_note: input.reliability_note ?? null,
  };
  return db.transaction(async (tx) => {
    const inserted = await insertSource(tx, wanted);
    if (inserted) {
      const value = presentSource(inserted);
      await recordAudit(tx, actor, { action: 'source.create', entity: 'source', entityId: id, after: value });
      return { created: true, value };
    }
    const stored = await findSource(tx, id);
    if (!stored) throw new TallyError('internal', `Source ${id} vanished during creation`);
    const same =
      stored.kind === wanted.kind &&
      stored.pseudonym === wanted.pseudonym &&
      stored.independence_group === wanted.independence_group &&
      stored.reliability_note === wanted.reliability_note;
    if (!same) throw new TallyError('conflict', `Source ${id} already exists with different fields`);
    return { created: false, value: presentSource(stored) };
  });
}

export async function getSource(db: Db, id: string): Promise<Source> {
  const row = await findSource(db, id);
  if (!row) throw notFound('Source', id);
  return presentSource(row);
}

export async function pageSources(
  db: Db,
  query: { cursor?: string | undefined; limit: number },
): Promise<Page<Source>> {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows = await listSources(db, { after, limit: query.limit });
  const page = takePage(rows, query.limit, (row) => ({ key: row.created_at.toISOString(), id: row.id }));
  return { items: page.rows.map(presentSource), next_cursor: page.next_cursor };
}
