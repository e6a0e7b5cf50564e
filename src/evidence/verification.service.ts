import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../core/actor.ts';
import { notFound, TallyError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { Queryable } from '../db/client.ts';
import { presentCheck } from './evidence.present.ts';
import { appendCustody, findItem } from './evidence.repo.ts';
import type { Evidence } from './evidence.runtime.ts';
import {
  type Check,
  type EvidenceSummary,
  type NewCheck,
  type StatusChange,
  type VerificationStatus,
  verificationStatuses,
} from './evidence.ts';
import {
  changeStatus,
  countByStatusForIncidents,
  insertCheck,
  linkIncident,
  linkVictim,
  listChecks,
} from './verification.repo.ts';

/** Records one verification step (source, geolocation, chronolocation…) with its method and result. */
export async function addCheck(
  evidence: Evidence,
  actor: Actor,
  itemId: string,
  input: NewCheck,
): Promise<Check> {
  return evidence.db.transaction(async (tx) => {
    if (!(await findItem(tx, itemId))) throw notFound('Evidence item', itemId);
    const row = await insertCheck(tx, {
      id: newId(),
      item_id: itemId,
      kind: input.kind,
      method: input.method,
      result: input.result,
      notes: input.notes ?? null,
      reviewer: input.reviewer,
      recorded_by: actor.id,
    });
    const check = presentCheck(row);
    await appendCustody(tx, {
      itemId,
      actor: actor.id,
      event: 'checked',
      details: { check_id: row.id, kind: row.kind, result: row.result, reviewer: row.reviewer },
    });
    await recordAudit(tx, actor, {
      action: 'evidence.check',
      entity: 'evidence_item',
      entityId: itemId,
      after: check,
    });
    return check;
  });
}

export async function getChecks(evidence: Evidence, itemId: string): Promise<Check[]> {
  if (!(await findItem(evidence.db, itemId))) throw notFound('Evidence item', itemId);
  return (await listChecks(evidence.db, itemId)).map(presentCheck);
}

/**
 * Moves an item's verification status. Every change carries a reviewer and a
 * reason, is kept in an append-only history, and "verified" needs at least one
 * recorded check that supports the item.
 */
export async function setStatus(
  evidence: Evidence,
  actor: Actor,
  itemId: string,
  input: StatusChange,
): Promise<{ from: VerificationStatus; to: VerificationStatus }> {
  return evidence.db.transaction(async (tx) => {
    const item = await findItem(tx, itemId);
    if (!item) throw notFound('Evidence item', itemId);
    if (input.status === 'verified') {
      const checks = await listChecks(tx, itemId);
      if (!checks.some((c) => c.result === 'supports')) {
        throw new TallyError(
          'conflict',
          'An item is verified only after at least one check that supports it',
          {
            fields: [{ field: 'status', message: 'record a supporting check first (POST …/checks)' }],
          },
        );
      }
    }
    const from = item.verification_status;
    const changed = await changeStatus(tx, {
      itemId,
      from,
      to: input.status,
      reviewer: input.reviewer,
      notes: input.notes,
      recordedBy: actor.id,
    });
    if (!changed)
      throw new TallyError('conflict', `Evidence item ${itemId} changed status meanwhile; reload and retry`);
    await appendCustody(tx, {
      itemId,
      actor: actor.id,
      event: 'verified',
      details: { from, to: input.status, reviewer: input.reviewer },
    });
    await recordAudit(tx, actor, {
      action: 'evidence.status',
      entity: 'evidence_item',
      entityId: itemId,
      before: { verification_status: from },
      after: { verification_status: input.status, reviewer: input.reviewer },
      reason: input.notes,
    });
    return { from, to: input.status };
  });
}

/** Links an item to an incident (foreign key) or a victim record (id only: victims are built separately). */
export async function linkEvidence(
  evidence: Evidence,
  actor: Actor,
  itemId: string,
  link: { incident_id: string } | { victim_id: string },
): Promise<{ created: boolean }> {
  return evidence.db.transaction(async (tx) => {
    if (!(await findItem(tx, itemId))) throw notFound('Evidence item', itemId);
    let created: boolean;
    if ('incident_id' in link) {
      if (!(await exists(tx, 'incident', link.incident_id))) {
        throw new TallyError('unprocessable', `No incident ${link.incident_id}`, {
          fields: [{ field: 'incident_id', message: 'no incident has this id' }],
        });
      }
      created = await linkIncident(tx, itemId, link.incident_id, actor.id);
    } else {
      created = await linkVictim(tx, itemId, link.victim_id, actor.id);
    }
    if (created) {
      await appendCustody(tx, { itemId, actor: actor.id, event: 'linked', details: link });
      await recordAudit(tx, actor, {
        action: 'evidence.link',
        entity: 'evidence_item',
        entityId: itemId,
        after: link,
      });
    }
    return { created };
  });
}

async function exists(tx: Queryable, table: 'incident', id: string): Promise<boolean> {
  return (await tx.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id])).length > 0;
}

const emptySummary = (): EvidenceSummary => ({
  ...(Object.fromEntries(verificationStatuses.map((s) => [s, 0])) as Record<VerificationStatus, number>),
  total: 0,
});

/**
 * For incident grading: per incident, how many distinct files (by SHA-256) of
 * linked evidence are in each verification status. Every id asked for is in the
 * answer, with zeros when nothing is linked.
 */
export async function evidenceSummaryForIncidents(
  db: Queryable,
  incidentIds: string[],
): Promise<Map<string, EvidenceSummary>> {
  const summaries = new Map(incidentIds.map((id) => [id, emptySummary()]));
  if (incidentIds.length === 0) return summaries;
  for (const row of await countByStatusForIncidents(db, incidentIds)) {
    const summary = summaries.get(row.incident_id);
    if (!summary) continue;
    summary[row.verification_status] += row.n;
    summary.total += row.n;
  }
  return summaries;
}
