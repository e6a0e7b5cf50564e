import { recordAudit } from '../audit/audit.ts';
import { type Actor, systemActor } from '../core/actor.ts';
import { notFound, TallyError } from '../core/errors.ts';
import type { Db, Queryable } from '../db/client.ts';
import { evidenceSummaryForIncidents } from '../evidence/verification.service.ts';
import { defaultTollSettings, type TollSettings } from '../tolls/toll-settings.ts';
import { applyGrades, constraintsFrom, planIncidents } from './consolidate.plan.ts';
import {
  claimsOfIncident,
  insertDecision,
  loadAnalystLinks,
  loadConsolidationClaims,
  loadDecisions,
  loadPlaceTree,
} from './consolidate.repo.ts';
import { type WriteSummary, writePlannedIncidents } from './consolidate.write.ts';
import type { EvidenceSummary, EvidenceSummaryProvider } from './grading.ts';
import type { Grade } from './incident.ts';

export interface ConsolidateOptions {
  settings?: TollSettings;
  actor?: Actor;
  /** Evidence per incident; default: the evidence vault (src/evidence) in the same transaction. */
  evidence?: EvidenceSummaryProvider;
}

export interface ConsolidationResult extends WriteSummary {
  claims: number;
  incidents: number;
}

/**
 * Groups claims into incidents, computes their counts and grades, and re-applies every analyst
 * decision. Deterministic: the same claims and decisions give the same incidents with the same
 * ids, and a run that would change nothing writes nothing.
 */
export async function consolidateIncidents(
  db: Db,
  options: ConsolidateOptions = {},
): Promise<ConsolidationResult> {
  return db.transaction((tx) => consolidateInTransaction(tx, options));
}

export async function consolidateInTransaction(
  tx: Queryable,
  options: ConsolidateOptions,
): Promise<ConsolidationResult> {
  const settings = options.settings ?? defaultTollSettings;
  // One run at a time: two runs interleaving could each delete what the other created.
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('tally.consolidate'))");
  // One after another: a transaction is one connection, which runs one statement at a time.
  const claims = await loadConsolidationClaims(tx, settings.claimStatuses);
  const tree = await loadPlaceTree(tx);
  const decisions = await loadDecisions(tx);
  const analystLinks = await loadAnalystLinks(tx);
  const planned = planIncidents(claims, tree, constraintsFrom(analystLinks, decisions), settings);
  const evidence = await (options.evidence ?? vaultEvidence(tx))(planned.map((p) => p.id));
  applyGrades(planned, decisions, evidence);
  const written = await writePlannedIncidents(tx, options.actor ?? systemActor, planned);
  return { ...written, claims: claims.length, incidents: planned.length };
}

/** The evidence vault's verification counts, as grading reads them (in review counts as unverified). */
export const vaultEvidence =
  (db: Queryable): EvidenceSummaryProvider =>
  async (ids) => {
    const summaries = await evidenceSummaryForIncidents(db, ids);
    const out = new Map<string, EvidenceSummary>();
    for (const [id, s] of summaries)
      if (s.total > 0)
        out.set(id, { verified: s.verified, unverified: s.unverified + s.in_review, rejected: s.rejected });
    return out;
  };

async function decide(
  db: Db,
  actor: Actor,
  options: ConsolidateOptions,
  work: (tx: Queryable) => Promise<{ action: string; entityId: string; after: unknown; reason: string }>,
): Promise<ConsolidationResult> {
  return db.transaction(async (tx) => {
    const event = await work(tx);
    await recordAudit(tx, actor, { ...event, entity: 'incident' });
    return consolidateInTransaction(tx, { ...options, actor });
  });
}

async function membersOf(tx: Queryable, id: string): Promise<string[]> {
  if ((await tx.query('SELECT 1 FROM incident WHERE id = $1', [id])).length === 0)
    throw notFound('Incident', id);
  return claimsOfIncident(tx, id);
}

/** Keeps the claims of these incidents together from now on. */
export async function mergeIncidents(
  db: Db,
  actor: Actor,
  ids: string[],
  reason: string,
  options: ConsolidateOptions = {},
): Promise<ConsolidationResult> {
  return decide(db, actor, options, async (tx) => {
    const claimIds: string[] = [];
    for (const id of ids) claimIds.push(...(await membersOf(tx, id)));
    await insertDecision(tx, {
      kind: 'merge',
      incident_id: ids[0] ?? null,
      claim_ids: claimIds,
      apart_from: [],
      grade: null,
      reason,
      actor: actor.id,
    });
    return {
      action: 'incident.merge',
      entityId: ids[0] as string,
      after: { merged: ids, claim_ids: claimIds },
      reason,
    };
  });
}

/** Splits an incident: each group of claim ids becomes its own incident; claims not named stay together. */
export async function splitIncident(
  db: Db,
  actor: Actor,
  id: string,
  groups: string[][],
  reason: string,
  options: ConsolidateOptions = {},
): Promise<ConsolidationResult> {
  return decide(db, actor, options, async (tx) => {
    const members = await membersOf(tx, id);
    const named = new Set(groups.flat());
    const strangers = [...named].filter((c) => !members.includes(c));
    if (strangers.length > 0)
      throw new TallyError('unprocessable', `Claims ${strangers.join(', ')} are not in incident ${id}`, {
        fields: [{ field: 'groups', message: 'name only claims of this incident' }],
      });
    const rest = members.filter((c) => !named.has(c));
    const allGroups = rest.length > 0 ? [rest, ...groups] : groups;
    await insertDecision(tx, {
      kind: 'split',
      incident_id: id,
      claim_ids: members,
      apart_from: [],
      groups: allGroups,
      grade: null,
      reason,
      actor: actor.id,
    });
    return { action: 'incident.split', entityId: id, after: { groups: allGroups }, reason };
  });
}

/** An analyst's grade, kept over every later automatic grading of the incident holding these claims. */
export async function overrideGrade(
  db: Db,
  actor: Actor,
  id: string,
  grade: Grade,
  reason: string,
  options: ConsolidateOptions = {},
): Promise<ConsolidationResult> {
  return decide(db, actor, options, async (tx) => {
    const members = await membersOf(tx, id);
    await insertDecision(tx, {
      kind: 'grade',
      incident_id: id,
      claim_ids: members,
      apart_from: [],
      grade,
      reason,
      actor: actor.id,
    });
    return { action: 'incident.grade_override', entityId: id, after: { grade }, reason };
  });
}

/** Called by attach/detach in incidents.service so a hand-made link survives the next run. */
export async function recordLinkDecision(
  tx: Queryable,
  actor: Actor,
  kind: 'attach' | 'detach',
  incidentId: string,
  claimIds: string[],
  reason: string | undefined,
): Promise<void> {
  const members = await claimsOfIncident(tx, incidentId);
  await insertDecision(tx, {
    kind,
    incident_id: incidentId,
    claim_ids: kind === 'attach' ? [...new Set([...members, ...claimIds])] : claimIds,
    apart_from: kind === 'detach' ? members.filter((m) => !claimIds.includes(m)) : [],
    grade: null,
    reason: reason ?? null,
    actor: actor.id,
  });
}
