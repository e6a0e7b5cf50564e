import type { Progress } from '../core/progress.ts';
import type { Queryable } from '../db/client.ts';
import { countUnanchoredPublications, pagePublicationAnchors } from './audit.repo.ts';
import type { ProblemList } from './content.verify.ts';

export interface ChainBreak {
  chain_seq: number | null;
  audit_id: number;
  problem: string;
}

export interface ChainReport {
  entries: number;
  head: { chain_seq: number; hash: string } | null;
  first_broken: ChainBreak | null;
}

interface ChainRow {
  id: number;
  chain_seq: number | null;
  prev_hash: string | null;
  hash: string | null;
  expected: string;
}

const PAGE = 5000;
const GENESIS = '0'.repeat(64);

/**
 * Walks the audit log in chain order and names the first entry that does not
 * fit: one edited after it was written (its hash no longer matches its
 * content), one deleted (a gap, or a link to a hash that is gone), or one
 * slipped in without the chain trigger. Reads in pages, so a long log never
 * sits in memory.
 */
export async function verifyAuditChain(
  db: Queryable,
  progress: Progress = { update() {}, finish() {} },
): Promise<ChainReport> {
  const unchained = await db.query<{ id: number }>(
    'SELECT id FROM audit_log WHERE chain_seq IS NULL ORDER BY id LIMIT 1',
  );
  let previousHash = GENESIS;
  let expectedSeq = 1;
  let entries = 0;
  let head: ChainReport['head'] = null;
  for (;;) {
    const rows = await db.query<ChainRow>(
      `SELECT id, chain_seq, prev_hash, hash, audit_entry_hash(a) AS expected
       FROM audit_log a WHERE chain_seq >= $1 ORDER BY chain_seq LIMIT $2`,
      [expectedSeq, PAGE],
    );
    for (const row of rows) {
      const broken = (problem: string): ChainReport => ({
        entries,
        head,
        first_broken: { chain_seq: row.chain_seq, audit_id: row.id, problem },
      });
      if (row.chain_seq !== expectedSeq) {
        return broken(
          `entries ${expectedSeq} to ${(row.chain_seq ?? expectedSeq) - 1} are missing (deleted)`,
        );
      }
      if (row.prev_hash !== previousHash)
        return broken('does not link to the entry before it (that entry was changed)');
      if (row.hash !== row.expected)
        return broken('its content no longer matches its hash (edited after it was written)');
      previousHash = row.hash;
      expectedSeq += 1;
      entries += 1;
      head = { chain_seq: row.chain_seq, hash: row.hash };
    }
    progress.update(entries, 'audit entries');
    if (rows.length < PAGE) break;
  }
  const stray = unchained[0];
  if (stray) {
    return {
      entries,
      head,
      first_broken: {
        chain_seq: null,
        audit_id: stray.id,
        problem: 'was written outside the chain (triggers disabled)',
      },
    };
  }
  return { entries, head, first_broken: null };
}

export interface PublicationCheck {
  /** Publications that recorded the audit head, each compared with the chain. */
  anchored: number;
  /** Published before publications recorded the head. */
  unanchored: number;
}

/** Each publication's recorded head must still be in the chain, at that sequence, with that hash. */
export async function verifyPublications(db: Queryable, problems: ProblemList): Promise<PublicationCheck> {
  const result = { anchored: 0, unanchored: await countUnanchoredPublications(db) };
  let after: string | null = null;
  for (;;) {
    const rows = await pagePublicationAnchors(db, after, PAGE);
    for (const p of rows) {
      result.anchored += 1;
      if (p.chain_hash === p.audit_hash) continue;
      problems.add({
        entity: 'publication',
        id: p.id,
        field: 'audit_hash',
        problem:
          p.chain_hash === null
            ? `this ${p.kind} was published at audit entry #${p.audit_seq}, which the chain no longer holds (truncated)`
            : `this ${p.kind} was published at audit entry #${p.audit_seq} with hash ${p.audit_hash}, but the chain now holds ${p.chain_hash} there (rewritten)`,
      });
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]?.id ?? null;
  }
  return result;
}
