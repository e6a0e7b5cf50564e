import { type AuditEntry, listAuditFor, recordAudit } from '../audit/audit.ts';
import type { Actor } from '../core/actor.ts';
import { notFound, TallyError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { decodeCursor, type Page, takePage } from '../core/paging.ts';
import type { Db, Queryable } from '../db/client.ts';
import type { Claim } from '../intake/claim.ts';
import { presentClaim } from '../intake/claims.present.ts';
import { findClaims } from '../intake/claims.repo.ts';
import { findExistingPlaceIds } from '../places/places.repo.ts';
import { insertDecision } from './consolidate.repo.ts';
import { recordLinkDecision } from './consolidate.service.ts';
import type { Incident, IncidentPatch, NewIncident } from './incident.ts';
import { presentIncident } from './incidents.present.ts';
import {
  claimLinksOfIncidents,
  countsOfIncidents,
  deleteIncident as deleteIncidentRow,
  findIncident,
  findIncidentForUpdate,
  type IncidentFields,
  type IncidentRow,
  insertIncident,
  linkClaims,
  listIncidents,
  replaceIncidentCounts,
  unlinkClaim,
  updateIncident,
} from './incidents.repo.ts';

async function presentRows(db: Queryable, rows: IncidentRow[]): Promise<Incident[]> {
  const ids = rows.map((row) => row.id);
  const [counts, links] = await Promise.all([countsOfIncidents(db, ids), claimLinksOfIncidents(db, ids)]);
  return rows.map((row) =>
    presentIncident(
      row,
      counts.filter((c) => c.incident_id === row.id),
      links.filter((l) => l.incident_id === row.id),
    ),
  );
}

async function loadIncident(db: Queryable, id: string): Promise<Incident> {
  const row = await findIncident(db, id);
  if (!row) throw notFound('Incident', id);
  return (await presentRows(db, [row]))[0] as Incident;
}

async function assertReferencesExist(tx: Queryable, placeId: string | null | undefined, claimIds: string[]) {
  if (placeId && !(await findExistingPlaceIds(tx, [placeId])).has(placeId)) {
    throw new TallyError('unprocessable', `Place ${placeId} is not in the gazetteer`, {
      fields: [{ field: 'place_id', message: 'no place has this id' }],
    });
  }
  const found = new Set((await findClaims(tx, claimIds)).map((c) => c.id));
  const missing = claimIds.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new TallyError('unprocessable', `${missing.length} claim(s) do not exist: ${missing.join(', ')}`, {
      fields: missing.map((id) => ({ field: 'claim_ids', message: `claim ${id} does not exist` })),
    });
  }
}

function toFields(input: Omit<NewIncident, 'claim_ids' | 'counts'>): IncidentFields {
  return {
    date_start: input.date_start,
    date_end: input.date_end ?? input.date_start,
    date_precision: input.date_precision,
    place_id: input.place_id ?? null,
    place_text: input.place_text ?? null,
    place_precision: input.place_precision ?? null,
    event_type: input.event_type ?? null,
    sub_event_type: input.sub_event_type ?? null,
    cause: input.cause ?? null,
    actors: input.actors,
    grade: input.grade,
    notes: input.notes ?? null,
  };
}

export async function createIncident(db: Db, actor: Actor, input: NewIncident): Promise<Incident> {
  return db.transaction(async (tx) => {
    await assertReferencesExist(tx, input.place_id, input.claim_ids);
    const id = newId();
    await insertIncident(tx, id, toFields(input));
    await replaceIncidentCounts(tx, id, input.counts);
    await linkClaims(tx, id, input.claim_ids, actor.id);
    if (input.claim_ids.length > 0)
      await recordLinkDecision(tx, actor, 'attach', id, input.claim_ids, 'created with these claims');
    const incident = await loadIncident(tx, id);
    await recordAudit(tx, actor, {
      action: 'incident.create',
      entity: 'incident',
      entityId: id,
      after: incident,
    });
    return incident;
  });
}

/** Changes what the patch names and nothing else; the reason goes to the audit log. */
export async function patchIncident(
  db: Db,
  actor: Actor,
  id: string,
  patch: IncidentPatch,
): Promise<Incident> {
  return db.transaction(async (tx) => {
    const row = await findIncidentForUpdate(tx, id);
    if (!row) throw notFound('Incident', id);
    const before = await loadIncident(tx, id);
    const { reason, counts, ...changes } = patch;
    const merged = {
      ...before,
      ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
    };
    if (merged.date_end < merged.date_start) {
      throw new TallyError('validation_failed', 'date_end must not be before date_start', {
        fields: [
          {
            field: changes.date_end ? 'date_end' : 'date_start',
            message: `would give ${merged.date_start} to ${merged.date_end}`,
          },
        ],
      });
    }
    await assertReferencesExist(tx, changes.place_id, []);
    await updateIncident(tx, id, toFields(merged as Parameters<typeof toFields>[0]));
    if (counts) await replaceIncidentCounts(tx, id, counts);
    // A grade set by hand is a decision: consolidation re-applies it instead of re-grading.
    if (changes.grade && changes.grade !== before.grade)
      await insertDecision(tx, {
        kind: 'grade',
        incident_id: id,
        claim_ids: before.claim_ids,
        apart_from: [],
        grade: changes.grade,
        reason,
        actor: actor.id,
      });
    const after = await loadIncident(tx, id);
    await recordAudit(tx, actor, {
      action: 'incident.update',
      entity: 'incident',
      entityId: id,
      before,
      after,
      reason,
    });
    return after;
  });
}

export async function removeIncident(
  db: Db,
  actor: Actor,
  id: string,
  reason: string | undefined,
): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await loadIncident(tx, id);
    await deleteIncidentRow(tx, id);
    await recordAudit(tx, actor, {
      action: 'incident.delete',
      entity: 'incident',
      entityId: id,
      before,
      reason,
    });
  });
}

export async function attachClaims(
  db: Db,
  actor: Actor,
  id: string,
  claimIds: string[],
  reason?: string,
): Promise<Incident> {
  return db.transaction(async (tx) => {
    if (!(await findIncidentForUpdate(tx, id))) throw notFound('Incident', id);
    await assertReferencesExist(tx, null, claimIds);
    const added = await linkClaims(tx, id, claimIds, actor.id);
    // Kept as a decision so the next consolidation run leaves the link in place.
    if (added.length > 0) await recordLinkDecision(tx, actor, 'attach', id, added, reason);
    for (const claimId of added) {
      await recordAudit(tx, actor, {
        action: 'incident.link_claim',
        entity: 'incident',
        entityId: id,
        after: { claim_id: claimId },
        reason,
      });
    }
    return loadIncident(tx, id);
  });
}

export async function detachClaim(
  db: Db,
  actor: Actor,
  id: string,
  claimId: string,
  reason?: string,
): Promise<Incident> {
  return db.transaction(async (tx) => {
    if (!(await findIncidentForUpdate(tx, id))) throw notFound('Incident', id);
    if (!(await unlinkClaim(tx, id, claimId))) throw notFound(`Link from incident ${id} to claim`, claimId);
    await recordLinkDecision(tx, actor, 'detach', id, [claimId], reason);
    await recordAudit(tx, actor, {
      action: 'incident.unlink_claim',
      entity: 'incident',
      entityId: id,
      before: { claim_id: claimId },
      reason,
    });
    return loadIncident(tx, id);
  });
}

export async function getIncident(db: Db, id: string): Promise<Incident> {
  return loadIncident(db, id);
}

export async function pageIncidents(
  db: Db,
  query: {
    from?: string | undefined;
    to?: string | undefined;
    place_id?: string | undefined;
    country?: string | undefined;
    admin1?: string | undefined;
    admin2?: string | undefined;
    origin?: string | undefined;
    grade?: string | undefined;
    grades?: string[] | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<Page<Incident>> {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows = await listIncidents(db, {
    from: query.from,
    to: query.to,
    placeId: query.place_id,
    grade: query.grade,
    country: query.country,
    admin1: query.admin1,
    admin2: query.admin2,
    origin: query.origin,
    grades: query.grades,
    after,
    limit: query.limit,
  });
  const page = takePage(rows, query.limit, (row) => ({ key: row.date_start, id: row.id }));
  return { items: await presentRows(db, page.rows), next_cursor: page.next_cursor };
}

/** The claims an incident counts or set aside, in the order they were stored. */
export async function claimsOfIncident(db: Db, id: string): Promise<Claim[]> {
  if (!(await findIncident(db, id))) throw notFound('Incident', id);
  const links = await claimLinksOfIncidents(db, [id]);
  const rows = await findClaims(
    db,
    links.map((link) => link.claim_id),
  );
  return rows.sort((a, b) => a.seq - b.seq).map(presentClaim);
}

/**
 * Everything done to an incident, oldest first: who, when, what, why, and its state before
 * and after. Kept after the incident is deleted or merged away, so "what became of it" has
 * an answer; an id that never had an incident is a 404.
 */
export async function incidentHistory(db: Db, id: string): Promise<AuditEntry[]> {
  const entries = await listAuditFor(db, 'incident', id);
  if (entries.length === 0 && !(await findIncident(db, id))) throw notFound('Incident', id);
  return entries;
}
