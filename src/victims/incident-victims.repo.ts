import type { Queryable } from '../db/client.ts';
import { SELECT_RECORD, type VictimRecordRow } from './victims.repo.ts';

/** Links records to an incident; returns the ids that were not linked before. */
export async function linkVictims(
  tx: Queryable,
  incidentId: string,
  recordIds: string[],
  linkedBy: string,
): Promise<string[]> {
  const rows = await tx.query<{ victim_record_id: string }>(
    `INSERT INTO incident_victim (incident_id, victim_record_id, linked_by)
     SELECT $1, wanted.id, $3 FROM unnest($2::uuid[]) WITH ORDINALITY AS wanted (id, n) ORDER BY wanted.n
     ON CONFLICT DO NOTHING
     RETURNING victim_record_id`,
    [incidentId, recordIds, linkedBy],
  );
  return rows.map((row) => row.victim_record_id);
}

export async function unlinkVictim(tx: Queryable, incidentId: string, recordId: string): Promise<boolean> {
  const rows = await tx.query(
    'DELETE FROM incident_victim WHERE incident_id = $1 AND victim_record_id = $2 RETURNING incident_id',
    [incidentId, recordId],
  );
  return rows.length > 0;
}

/** The ids among `ids` that name no victim record. */
export async function missingRecords(db: Queryable, ids: string[]): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM unnest($1::uuid[]) AS wanted (id)
     WHERE NOT EXISTS (SELECT 1 FROM victim_record r WHERE r.id = wanted.id)`,
    [ids],
  );
  return rows.map((row) => row.id);
}

/** An incident's victim records, in the order they were linked. */
export async function recordsOfIncident(db: Queryable, incidentId: string): Promise<VictimRecordRow[]> {
  return db.query<VictimRecordRow>(
    `${SELECT_RECORD}
     JOIN incident_victim iv ON iv.victim_record_id = r.id
     WHERE iv.incident_id = $1
     ORDER BY iv.seq`,
    [incidentId],
  );
}
