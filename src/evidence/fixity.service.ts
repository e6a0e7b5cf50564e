import { createHash } from 'node:crypto';
import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../core/actor.ts';
import { appendCustody } from './evidence.repo.ts';
import type { Evidence } from './evidence.runtime.ts';
import { originalKey } from './store.ts';

export interface FixityProblem {
  sha256: string;
  status: 'altered' | 'missing';
  /** What the stored bytes hash to now (altered only). */
  actual_sha256: string | null;
  item_ids: string[];
}

export interface FixityReport {
  checked: number;
  intact: number;
  problems: FixityProblem[];
  /** Objects in the store that no record points at (a crash between storing and recording). */
  unreferenced: string[];
  bytes: number;
}

type Blob = { sha256: string; size: number; fixity_status: 'intact' | 'altered' | 'missing' };

/**
 * Re-hashes every stored original and compares it with the hash it is stored
 * under. Each blob's result and time are kept; an item gets a custody event when
 * its original's state changes (broken, or restored from a replica), so a run
 * over an intact archive adds no noise to every chain of custody.
 */
export async function verifyFixity(
  evidence: Evidence,
  actor: Actor,
  onProgress?: (done: number, total: number, bytes: number) => void,
): Promise<FixityReport> {
  const { db, store } = evidence;
  const report: FixityReport = { checked: 0, intact: 0, problems: [], unreferenced: [], bytes: 0 };
  const [{ n: total = 0 } = {}] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM evidence_blob',
  );
  let after = '';
  for (;;) {
    // Keyset pages keep memory flat however many originals there are.
    const blobs = await db.query<Blob>(
      'SELECT sha256, size, fixity_status FROM evidence_blob WHERE sha256 > $1 ORDER BY sha256 LIMIT 200',
      [after],
    );
    if (blobs.length === 0) break;
    for (const blob of blobs) {
      const actual = await hashStored(evidence, blob.sha256);
      const status = actual === undefined ? 'missing' : actual === blob.sha256 ? 'intact' : 'altered';
      await recordResult(evidence, actor, blob, status, actual ?? null, report);
      report.checked++;
      report.bytes += blob.size;
      onProgress?.(report.checked, total, report.bytes);
    }
    after = blobs.at(-1)!.sha256;
  }
  const known = new Set<string>();
  for await (const key of store.list('originals')) known.add(key.slice('originals/'.length));
  for (const sha of known) {
    const rows = await db.query('SELECT 1 FROM evidence_blob WHERE sha256 = $1', [sha]);
    if (rows.length === 0) report.unreferenced.push(originalKey(sha));
  }
  return report;
}

async function hashStored(evidence: Evidence, sha256: string): Promise<string | undefined> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = await evidence.store.read(originalKey(sha256));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function recordResult(
  evidence: Evidence,
  actor: Actor,
  blob: Blob,
  status: Blob['fixity_status'],
  actual: string | null,
  report: FixityReport,
): Promise<void> {
  const items = await evidence.db.query<{ id: string }>(
    'SELECT id FROM evidence_item WHERE sha256 = $1 ORDER BY received_at, id',
    [blob.sha256],
  );
  if (status === 'intact') report.intact++;
  else
    report.problems.push({
      sha256: blob.sha256,
      status,
      actual_sha256: actual,
      item_ids: items.map((i) => i.id),
    });
  await evidence.db.transaction(async (tx) => {
    await tx.query(
      'UPDATE evidence_blob SET fixity_status = $2, fixity_checked_at = now() WHERE sha256 = $1',
      [blob.sha256, status],
    );
    if (status === blob.fixity_status) return;
    for (const item of items) {
      await appendCustody(tx, {
        itemId: item.id,
        actor: actor.id,
        event: 'fixity_checked',
        details: { sha256: blob.sha256, was: blob.fixity_status, now: status, actual_sha256: actual },
      });
    }
    await recordAudit(tx, actor, {
      action: 'evidence.fixity',
      entity: 'evidence_blob',
      entityId: blob.sha256,
      before: { fixity_status: blob.fixity_status },
      after: { fixity_status: status, actual_sha256: actual },
    });
  });
}
