import type { Queryable } from '../db/client.ts';
import type { LinkReviewRow, LinkRunRow } from './victims.present.ts';

/** Link runs and the review queue: plain SQL only. */

export async function insertLinkRun(
  db: Queryable,
  run: { id: string; threshold: number; review_below: number; review_above: number; requested_by: string },
): Promise<LinkRunRow> {
  const rows = await db.query<LinkRunRow>(
    `INSERT INTO link_run (id, threshold, review_below, review_above, requested_by)
     VALUES ($1, $2, $3, $4, $5) RETURNING *`,
    [run.id, run.threshold, run.review_below, run.review_above, run.requested_by],
  );
  return rows[0]!;
}

export async function findLinkRun(db: Queryable, id: string): Promise<LinkRunRow | undefined> {
  const rows = await db.query<LinkRunRow>('SELECT * FROM link_run WHERE id = $1', [id]);
  return rows[0];
}

export async function markRunRunning(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE link_run SET status = 'running', started_at = now(), error = NULL WHERE id = $1`, [
    id,
  ]);
}

export async function markRunDone(db: Queryable, id: string, stats: unknown): Promise<void> {
  await db.query(
    `UPDATE link_run SET status = 'done', finished_at = now(), stats = $2::jsonb WHERE id = $1`,
    [id, JSON.stringify(stats)],
  );
}

export async function markRunFailed(db: Queryable, id: string, error: string): Promise<void> {
  await db.query(`UPDATE link_run SET status = 'failed', finished_at = now(), error = $2 WHERE id = $1`, [
    id,
    error,
  ]);
}

/** Runs requested while no queue was listening, oldest first. */
export async function queuedRunIds(db: Queryable, limit: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM link_run WHERE status = 'queued' ORDER BY created_at LIMIT $1`,
    [limit],
  );
  return rows.map((row) => row.id);
}

/** Every decided pair, for the next run to obey. */
export async function decidedReviews(
  db: Queryable,
): Promise<Array<{ record_a: string; record_b: string; status: 'accepted' | 'rejected' }>> {
  return db.query(
    `SELECT record_a, record_b, status FROM link_review WHERE status IN ('accepted', 'rejected')`,
  );
}

/** Queues pairs (record_a < record_b); a pair already pending gets the new run's probability. */
export async function upsertPendingReviews(
  db: Queryable,
  runId: string,
  rows: Array<[string, string, number]>,
): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO link_review (id, record_a, record_b, match_probability, link_run_id)
     SELECT gen_random_uuid(), a, b, p, $4 FROM unnest($1::uuid[], $2::uuid[], $3::float8[]) AS t(a, b, p)
     ON CONFLICT (record_a, record_b) DO UPDATE SET match_probability = EXCLUDED.match_probability,
       link_run_id = EXCLUDED.link_run_id
     WHERE link_review.status = 'pending'`,
    [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), runId],
  );
}

export async function listReviews(
  db: Queryable,
  status: 'pending' | 'accepted' | 'rejected',
  limit: number,
): Promise<LinkReviewRow[]> {
  return db.query<LinkReviewRow>(
    `SELECT id, record_a, record_b, match_probability, status, reason, decided_by, decided_at, link_run_id
     FROM link_review WHERE status = $1 ORDER BY match_probability DESC, id LIMIT $2`,
    [status, limit],
  );
}

export async function lockReview(tx: Queryable, id: string): Promise<LinkReviewRow | undefined> {
  const rows = await tx.query<LinkReviewRow>('SELECT * FROM link_review WHERE id = $1 FOR UPDATE', [id]);
  return rows[0];
}

export async function decideReviewRow(
  tx: Queryable,
  id: string,
  decision: { status: 'accepted' | 'rejected'; reason: string; decided_by: string },
): Promise<LinkReviewRow> {
  const rows = await tx.query<LinkReviewRow>(
    `UPDATE link_review SET status = $2, reason = $3, decided_by = $4, decided_at = now()
     WHERE id = $1 RETURNING *`,
    [id, decision.status, decision.reason, decision.decided_by],
  );
  return rows[0]!;
}
