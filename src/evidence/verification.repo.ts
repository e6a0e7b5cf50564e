import type { Queryable } from '../db/client.ts';
import type { NewCheck, VerificationStatus } from './evidence.ts';

export interface CheckRow {
  id: string;
  item_id: string;
  kind: NewCheck['kind'];
  method: string;
  result: NewCheck['result'];
  notes: string | null;
  reviewer: string;
  recorded_by: string;
  at: Date;
}

export async function insertCheck(tx: Queryable, check: Omit<CheckRow, 'at'>): Promise<CheckRow> {
  const rows = await tx.query<CheckRow>(
    `INSERT INTO evidence_check (id, item_id, kind, method, result, notes, reviewer, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    [
      check.id,
      check.item_id,
      check.kind,
      check.method,
      check.result,
      check.notes,
      check.reviewer,
      check.recorded_by,
    ],
  );
  return rows[0]!;
}

export async function listChecks(db: Queryable, itemId: string): Promise<CheckRow[]> {
  return db.query<CheckRow>('SELECT * FROM evidence_check WHERE item_id = $1 ORDER BY at, id', [itemId]);
}

/** Moves the status and records why, in one statement pair inside the caller's transaction. */
export async function changeStatus(
  tx: Queryable,
  change: {
    itemId: string;
    from: VerificationStatus;
    to: VerificationStatus;
    reviewer: string;
    notes: string;
    recordedBy: string;
  },
): Promise<boolean> {
  // The WHERE on the old status makes concurrent reviewers conflict instead of overwriting each other.
  const updated = await tx.query(
    `UPDATE evidence_item SET verification_status = $2, status_changed_at = now()
     WHERE id = $1 AND verification_status = $3 RETURNING id`,
    [change.itemId, change.to, change.from],
  );
  if (updated.length === 0) return false;
  await tx.query(
    `INSERT INTO evidence_status_change (item_id, from_status, to_status, reviewer, notes, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [change.itemId, change.from, change.to, change.reviewer, change.notes, change.recordedBy],
  );
  return true;
}

export async function listStatusChanges(
  db: Queryable,
  itemId: string,
): Promise<Array<{ from_status: string; to_status: string; reviewer: string; notes: string; at: Date }>> {
  return db.query(
    'SELECT from_status, to_status, reviewer, notes, at FROM evidence_status_change WHERE item_id = $1 ORDER BY id',
    [itemId],
  );
}

export async function linkIncident(
  tx: Queryable,
  itemId: string,
  incidentId: string,
  by: string,
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO evidence_incident (item_id, incident_id, linked_by) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING item_id`,
    [itemId, incidentId, by],
  );
  return rows.length > 0;
}

export async function linkVictim(
  tx: Queryable,
  itemId: string,
  victimId: string,
  by: string,
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO evidence_victim (item_id, victim_id, linked_by) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING item_id`,
    [itemId, victimId, by],
  );
  return rows.length > 0;
}

export async function linkedIds(
  db: Queryable,
  itemId: string,
): Promise<{ incidents: string[]; victims: string[] }> {
  const incidents = await db.query<{ id: string }>(
    'SELECT incident_id AS id FROM evidence_incident WHERE item_id = $1 ORDER BY linked_at, incident_id',
    [itemId],
  );
  const victims = await db.query<{ id: string }>(
    'SELECT victim_id AS id FROM evidence_victim WHERE item_id = $1 ORDER BY linked_at, victim_id',
    [itemId],
  );
  return { incidents: incidents.map((r) => r.id), victims: victims.map((r) => r.id) };
}

export async function countByStatusForIncidents(
  db: Queryable,
  incidentIds: string[],
): Promise<Array<{ incident_id: string; verification_status: VerificationStatus; n: number }>> {
  return db.query(
    `SELECT l.incident_id, i.verification_status, count(DISTINCT i.sha256)::int AS n
     FROM evidence_incident l JOIN evidence_item i ON i.id = l.item_id
     WHERE l.incident_id = ANY($1::uuid[])
     GROUP BY l.incident_id, i.verification_status`,
    [incidentIds],
  );
}
