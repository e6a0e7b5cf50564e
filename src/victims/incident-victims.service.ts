import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../core/actor.ts';
import { notFound, TallyError } from '../core/errors.ts';
import type { Db } from '../db/client.ts';
import { findIncident, findIncidentForUpdate } from '../incidents/incidents.repo.ts';
import { linkVictims, missingRecords, recordsOfIncident, unlinkVictim } from './incident-victims.repo.ts';
import type { VictimRecord } from './victim.ts';
import { presentRecord } from './victims.present.ts';

/**
 * Which named victims an incident's dead are. An analyst links records from the lists to an
 * incident (and unlinks them), each change audited on the incident, so its page and its
 * history say whose deaths the counts include. Records themselves never change.
 */
export async function victimsOfIncident(db: Db, incidentId: string): Promise<VictimRecord[]> {
  if (!(await findIncident(db, incidentId))) throw notFound('Incident', incidentId);
  return (await recordsOfIncident(db, incidentId)).map(presentRecord);
}

export async function attachVictims(
  db: Db,
  actor: Actor,
  incidentId: string,
  recordIds: string[],
  reason?: string,
): Promise<VictimRecord[]> {
  return db.transaction(async (tx) => {
    // Locks the incident, so a concurrent delete waits for this link or finds it gone.
    if (!(await findIncidentForUpdate(tx, incidentId))) throw notFound('Incident', incidentId);
    const missing = await missingRecords(tx, recordIds);
    if (missing.length > 0)
      throw new TallyError(
        'unprocessable',
        `${missing.length} victim record(s) do not exist: ${missing.join(', ')}`,
        {
          fields: missing.map((id) => ({
            field: 'victim_record_ids',
            message: `record ${id} does not exist`,
          })),
        },
      );
    const added = await linkVictims(tx, incidentId, [...new Set(recordIds)], actor.id);
    for (const recordId of added)
      await recordAudit(tx, actor, {
        action: 'incident.link_victim',
        entity: 'incident',
        entityId: incidentId,
        after: { victim_record_id: recordId },
        reason,
      });
    return (await recordsOfIncident(tx, incidentId)).map(presentRecord);
  });
}

export async function detachVictim(
  db: Db,
  actor: Actor,
  incidentId: string,
  recordId: string,
  reason?: string,
): Promise<VictimRecord[]> {
  return db.transaction(async (tx) => {
    if (!(await findIncidentForUpdate(tx, incidentId))) throw notFound('Incident', incidentId);
    if (!(await unlinkVictim(tx, incidentId, recordId)))
      throw notFound(`Link from incident ${incidentId} to victim record`, recordId);
    await recordAudit(tx, actor, {
      action: 'incident.unlink_victim',
      entity: 'incident',
      entityId: incidentId,
      before: { victim_record_id: recordId },
      reason,
    });
    return (await recordsOfIncident(tx, incidentId)).map(presentRecord);
  });
}
