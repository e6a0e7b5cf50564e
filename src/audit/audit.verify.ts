import type { Queryable } from '../db/client.ts';

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
export async function verifyAuditChain(db: Queryable): Promise<ChainReport> {
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
