import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Actor } from '../core/actor.ts';
import { notFound, TallyError } from '../core/errors.ts';
import { decodeCursor, type Page, takePage } from '../core/paging.ts';
import type { Queryable } from '../db/client.ts';
import { listNearDuplicates } from './analysis.repo.ts';
import { presentCustody, presentItem } from './evidence.present.ts';
import {
  appendCustody,
  blobFixity,
  findItem,
  type ItemRow,
  listCustody,
  listItems,
} from './evidence.repo.ts';
import type { Evidence } from './evidence.runtime.ts';
import type { CustodyEntry, EvidenceItem } from './evidence.ts';
import { originalKey } from './store.ts';
import { linkedIds, listStatusChanges } from './verification.repo.ts';

async function presentWithExtras(db: Queryable, row: ItemRow): Promise<EvidenceItem> {
  const links = await linkedIds(db, row.id);
  return presentItem(row, {
    fixity: await blobFixity(db, row.sha256),
    nearDuplicates: await listNearDuplicates(db, row.id),
    incidentIds: links.incidents,
    victimIds: links.victims,
  });
}

export async function getItem(evidence: Evidence, id: string): Promise<EvidenceItem> {
  const row = await findItem(evidence.db, id);
  if (!row) throw notFound('Evidence item', id);
  return presentWithExtras(evidence.db, row);
}

export async function pageItems(
  evidence: Evidence,
  query: { cursor?: string | undefined; limit: number; incident?: string | undefined },
): Promise<Page<EvidenceItem>> {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows = await listItems(evidence.db, { after, limit: query.limit, incidentId: query.incident });
  const page = takePage(rows, query.limit, (row) => ({ key: row.received_at.toISOString(), id: row.id }));
  const items: EvidenceItem[] = [];
  for (const row of page.rows) items.push(await presentWithExtras(evidence.db, row));
  return { items, next_cursor: page.next_cursor };
}

export async function getCustody(evidence: Evidence, id: string): Promise<CustodyEntry[]> {
  if (!(await findItem(evidence.db, id))) throw notFound('Evidence item', id);
  return (await listCustody(evidence.db, id)).map(presentCustody);
}

/**
 * The original's bytes. Every view is a custody event, written before the first
 * byte leaves, so there is no unrecorded access (security brief AL4).
 */
export async function openOriginal(
  evidence: Evidence,
  actor: Actor,
  id: string,
  purpose: string | undefined,
): Promise<{ item: ItemRow; stream: Readable }> {
  const item = await findItem(evidence.db, id);
  if (!item) throw notFound('Evidence item', id);
  const stream = await evidence.store.read(originalKey(item.sha256)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT')
      throw new TallyError('conflict', `The original of ${id} is missing from storage`);
    throw error;
  });
  await evidence.db.transaction((tx) =>
    appendCustody(tx, {
      itemId: id,
      actor: actor.id,
      event: 'viewed',
      details: { sha256: item.sha256, purpose: purpose ?? null },
    }),
  );
  return { item, stream };
}

/**
 * Writes a court-ready package for one item into `dir`: the original under its
 * hash, item.json (provenance, metadata, verification history) and custody.json
 * (every event, oldest first). The copy is re-hashed as it is written, so the
 * package is known to hold the stored bytes.
 */
export async function exportItem(
  evidence: Evidence,
  actor: Actor,
  id: string,
  dir: string,
  purpose: string,
): Promise<{ dir: string; original: string; sha256: string }> {
  const item = await findItem(evidence.db, id);
  if (!item) throw notFound('Evidence item', id);
  await mkdir(dir, { recursive: true });
  const original = join(dir, item.sha256);
  const hash = createHash('sha256');
  const source = await evidence.store.read(originalKey(item.sha256));
  source.on('data', (chunk: Buffer) => hash.update(chunk));
  await pipeline(source, createWriteStream(original, { flags: 'wx' }));
  const copied = hash.digest('hex');
  if (copied !== item.sha256) {
    throw new TallyError(
      'conflict',
      `The stored original of ${id} no longer matches its hash (${copied}); run tally evidence verify`,
    );
  }
  await evidence.db.transaction((tx) =>
    appendCustody(tx, {
      itemId: id,
      actor: actor.id,
      event: 'exported',
      details: { sha256: item.sha256, purpose },
    }),
  );
  const presented = await presentWithExtras(evidence.db, item);
  const statusHistory = (await listStatusChanges(evidence.db, id)).map((c) => ({
    ...c,
    at: c.at.toISOString(),
  }));
  await writeFile(
    join(dir, 'item.json'),
    `${JSON.stringify({ ...presented, status_history: statusHistory }, null, 2)}\n`,
  );
  const custody = (await listCustody(evidence.db, id)).map(presentCustody);
  await writeFile(join(dir, 'custody.json'), `${JSON.stringify(custody, null, 2)}\n`);
  return { dir, original, sha256: copied };
}
