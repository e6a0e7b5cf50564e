import type { Queryable } from '../db/client.ts';
import type { DerivativeKind } from './evidence.ts';
import type { FrameHash } from './phash.ts';

export async function saveAnalysis(
  tx: Queryable,
  itemId: string,
  result: { status: 'done' | 'failed'; metadata: Record<string, unknown> | null; error: string | null },
): Promise<void> {
  await tx.query(
    `UPDATE evidence_item SET analysis_status = $2, file_metadata = COALESCE($3::jsonb, file_metadata),
       analysis_error = $4
     WHERE id = $1`,
    [itemId, result.status, result.metadata ? JSON.stringify(result.metadata) : null, result.error],
  );
}

export async function replaceHashes(tx: Queryable, itemId: string, hashes: FrameHash[]): Promise<void> {
  await tx.query('DELETE FROM evidence_phash WHERE item_id = $1', [itemId]);
  if (hashes.length === 0) return;
  await tx.query(
    `INSERT INTO evidence_phash (item_id, seq, at_seconds, hash)
     SELECT $1, seq, at_seconds, hash
     FROM unnest($2::int[], $3::float8[], $4::bigint[]) AS h (seq, at_seconds, hash)`,
    [itemId, hashes.map((h) => h.seq), hashes.map((h) => h.at_seconds), hashes.map((h) => h.hash.toString())],
  );
}

export interface NearDuplicateRow {
  earlier_item_id: string;
  distance: number;
  matched_frames: number;
}

/**
 * Items received before this one whose hashes come within `maxDistance` bits of
 * this item's: for each frame of ours, the closest frame of theirs. `matched_frames`
 * is the share of the shorter item's frames that found a match, so a clip cut from
 * longer footage still counts. Exact copies (same SHA-256) are already linked and
 * left out. A linear scan: fine for tens of thousands of items, an index
 * (BK-tree or hash bands) is the next step beyond that.
 */
export async function findNearDuplicates(
  db: Queryable,
  item: { id: string; sha256: string; received_at: Date },
  maxDistance: number,
): Promise<NearDuplicateRow[]> {
  return db.query<NearDuplicateRow>(
    `WITH mine AS (SELECT seq, hash FROM evidence_phash WHERE item_id = $1),
     theirs AS (
       SELECT p.item_id, p.hash FROM evidence_phash p JOIN evidence_item i ON i.id = p.item_id
       WHERE p.item_id <> $1 AND i.sha256 <> $2 AND (i.received_at, i.id) < ($3::timestamptz, $1::uuid)
     ),
     closest AS (
       SELECT t.item_id, m.seq, min(bit_count((m.hash # t.hash)::bit(64))) AS d
       FROM mine m CROSS JOIN theirs t GROUP BY t.item_id, m.seq
     ),
     sizes AS (SELECT item_id, count(*) AS frames FROM evidence_phash GROUP BY item_id)
     SELECT c.item_id AS earlier_item_id, min(c.d)::int AS distance,
       least(1.0, count(*) FILTER (WHERE c.d <= $4)::float8
         / least((SELECT count(*) FROM mine), max(s.frames))::float8) AS matched_frames
     FROM closest c JOIN sizes s ON s.item_id = c.item_id
     GROUP BY c.item_id
     HAVING min(c.d) <= $4
     ORDER BY distance, earlier_item_id`,
    [item.id, item.sha256, item.received_at, maxDistance],
  );
}

export async function insertNearDuplicate(
  tx: Queryable,
  row: { itemId: string; earlierItemId: string; distance: number; matchedFrames: number; method: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO evidence_near_duplicate (item_id, earlier_item_id, distance, matched_frames, method)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (item_id, earlier_item_id)
     DO UPDATE SET distance = EXCLUDED.distance, matched_frames = EXCLUDED.matched_frames, method = EXCLUDED.method`,
    [row.itemId, row.earlierItemId, row.distance, row.matchedFrames, row.method],
  );
}

/** Near-duplicates in both directions: earlier copies of this item and later copies of it. */
export async function listNearDuplicates(
  db: Queryable,
  itemId: string,
): Promise<Array<{ item_id: string; distance: number; matched_frames: number; method: string }>> {
  return db.query(
    `SELECT earlier_item_id AS item_id, distance, matched_frames, method
       FROM evidence_near_duplicate WHERE item_id = $1
     UNION ALL
     SELECT item_id, distance, matched_frames, method
       FROM evidence_near_duplicate WHERE earlier_item_id = $1
     ORDER BY distance, item_id`,
    [itemId],
  );
}

export interface DerivativeRow {
  id: string;
  item_id: string;
  parent_sha256: string;
  kind: DerivativeKind;
  sha256: string;
  size: number;
  media_type: string;
  tool: string;
  tool_version: string;
  parameters: Record<string, unknown>;
  created_by: string;
  created_at: Date;
}

export async function insertDerivative(
  tx: Queryable,
  row: Omit<DerivativeRow, 'created_at'>,
): Promise<DerivativeRow> {
  const rows = await tx.query<DerivativeRow>(
    `INSERT INTO evidence_derivative (id, item_id, parent_sha256, kind, sha256, size, media_type, tool,
       tool_version, parameters, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11)
     RETURNING *`,
    [
      row.id,
      row.item_id,
      row.parent_sha256,
      row.kind,
      row.sha256,
      row.size,
      row.media_type,
      row.tool,
      row.tool_version,
      JSON.stringify(row.parameters),
      row.created_by,
    ],
  );
  return rows[0]!;
}

export async function findDerivative(
  db: Queryable,
  itemId: string,
  id: string,
): Promise<DerivativeRow | undefined> {
  const rows = await db.query<DerivativeRow>(
    'SELECT * FROM evidence_derivative WHERE item_id = $1 AND id = $2',
    [itemId, id],
  );
  return rows[0];
}

export async function listDerivatives(db: Queryable, itemId: string): Promise<DerivativeRow[]> {
  return db.query<DerivativeRow>(
    'SELECT * FROM evidence_derivative WHERE item_id = $1 ORDER BY created_at, id',
    [itemId],
  );
}
