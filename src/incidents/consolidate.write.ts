import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../core/actor.ts';
import { canonicalJson } from '../core/canonical-json.ts';
import type { Queryable } from '../db/client.ts';
import type { PlannedIncident } from './consolidate.plan.ts';
import {
  evidenceLinked,
  keepAsAnalystIncident,
  loadStoredStates,
  moveEvidenceLinks,
} from './consolidate.repo.ts';

export interface WriteSummary {
  created: number;
  updated: number;
  removed: number;
  unchanged: number;
}

interface StateShape {
  fields: unknown;
  counts: Array<{ outcome: string; victim_group: string }>;
  links: Array<{ claim_id: string }>;
}
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** One spelling of a state for both sides of the comparison, whatever order SQL returned. */
const normalized = (s: StateShape) =>
  canonicalJson({
    fields: s.fields,
    counts: [...s.counts].sort((a, b) =>
      byText(`${a.outcome} ${a.victim_group}`, `${b.outcome} ${b.victim_group}`),
    ),
    links: [...s.links].sort((a, b) => byText(a.claim_id, b.claim_id)),
  });
const stateOf = (p: PlannedIncident) => normalized({ fields: p.fields, counts: p.counts, links: p.links });

/**
 * Writes only what differs from what is stored, so a run over unchanged claims touches no row
 * and writes no audit entry: consolidation is idempotent in effect, not only in result.
 */
export async function writePlannedIncidents(
  tx: Queryable,
  actor: Actor,
  planned: PlannedIncident[],
): Promise<WriteSummary> {
  const stored = new Map(
    (await loadStoredStates(tx)).map((s) => [s.id, { ...s, state: normalized(JSON.parse(s.state)) }]),
  );
  const summary: WriteSummary = { created: 0, updated: 0, removed: 0, unchanged: 0 };
  const wanted = new Set(planned.map((p) => p.id));
  for (const p of planned) {
    const before = stored.get(p.id);
    const after = stateOf(p);
    if (before?.state === after) {
      summary.unchanged++;
      continue;
    }
    const exists =
      before !== undefined || (await tx.query('SELECT 1 FROM incident WHERE id = $1', [p.id])).length > 0;
    await upsertIncident(tx, p, exists);
    await tx.query('DELETE FROM incident_count WHERE incident_id = $1', [p.id]);
    await insertCounts(tx, p);
    await tx.query('DELETE FROM incident_claim WHERE incident_id = $1', [p.id]);
    await tx.query(
      `INSERT INTO incident_claim (incident_id, claim_id, linked_by, role)
       SELECT $1, unnest($2::uuid[]), $3, unnest($4::text[])`,
      [p.id, p.links.map((l) => l.claim_id), `consolidation:${actor.id}`, p.links.map((l) => l.role)],
    );
    await recordAudit(tx, actor, {
      action: exists ? 'incident.consolidate_update' : 'incident.consolidate_create',
      entity: 'incident',
      entityId: p.id,
      before: before ? JSON.parse(before.state) : undefined,
      after: JSON.parse(after),
    });
    if (exists) summary.updated++;
    else summary.created++;
  }
  // Removals last, so evidence can move to an incident written above.
  const plannedOfClaim = new Map(
    planned.flatMap((p) =>
      p.links.filter((l) => l.role === 'counted').map((l) => [l.claim_id, p.id] as const),
    ),
  );
  for (const [id, row] of stored) {
    if (wanted.has(id)) continue;
    const before = JSON.parse(row.state) as StateShape;
    if (row.origin === 'consolidated') {
      // Evidence linked to the incident follows its claims; with nowhere to go it keeps the incident.
      const successor = mostCommon(before.links.map((l) => plannedOfClaim.get(l.claim_id)));
      const hasEvidence = await evidenceLinked(tx, id);
      if (hasEvidence && successor) await moveEvidenceLinks(tx, id, successor);
      if (hasEvidence && !successor) await keepAsAnalystIncident(tx, id);
      else await tx.query('DELETE FROM incident WHERE id = $1', [id]);
      await recordAudit(tx, actor, {
        action: hasEvidence && !successor ? 'incident.consolidate_orphan' : 'incident.consolidate_remove',
        entity: 'incident',
        entityId: id,
        before,
        after: hasEvidence ? { evidence_moved_to: successor ?? null } : undefined,
        reason:
          hasEvidence && !successor
            ? 'no counted claim left, kept (without claims or counts) because evidence is linked to it'
            : 'its claims now belong to other incidents',
      });
    } else {
      await tx.query('DELETE FROM incident_claim WHERE incident_id = $1', [id]);
      await tx.query('DELETE FROM incident_count WHERE incident_id = $1', [id]);
      await recordAudit(tx, actor, {
        action: 'incident.consolidate_unlink',
        entity: 'incident',
        entityId: id,
        before,
        reason: 'its claims now belong to other incidents',
      });
    }
    summary.removed++;
  }
  return summary;
}

function mostCommon(values: Array<string | undefined>): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || byText(a[0], b[0]))[0]?.[0];
}

async function upsertIncident(tx: Queryable, p: PlannedIncident, exists: boolean) {
  const f = p.fields;
  const values = [
    p.id,
    f.date_start,
    f.date_end,
    f.date_precision,
    f.place_id,
    f.place_text,
    f.place_precision,
    f.cause,
    f.grade,
    f.grade_reason,
    f.source_count,
  ];
  if (exists) {
    // Analyst-made fields (event type, actors, notes) are left as the analyst set them.
    await tx.query(
      `UPDATE incident SET date_start = $2, date_end = $3, date_precision = $4, place_id = $5, place_text = $6,
         place_precision = $7, cause = $8, grade = $9, grade_reason = $10, source_count = $11, updated_at = now()
       WHERE id = $1`,
      values,
    );
  } else {
    await tx.query(
      `INSERT INTO incident (id, date_start, date_end, date_precision, place_id, place_text, place_precision, cause,
         grade, grade_reason, source_count, origin)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'consolidated')`,
      values,
    );
  }
}

async function insertCounts(tx: Queryable, p: PlannedIncident) {
  if (p.counts.length === 0) return;
  await tx.query(
    `INSERT INTO incident_count (incident_id, outcome, victim_group, low, best, high, rule, low_rule, best_rule, high_rule, source_groups)
     SELECT $1, x.outcome, x.victim_group, x.low, x.best, x.high,
            'low: ' || x.low_rule || '; best: ' || x.best_rule || '; high: ' || x.high_rule, x.low_rule, x.best_rule, x.high_rule,
            ARRAY(SELECT jsonb_array_elements_text(x.source_groups))
     FROM jsonb_to_recordset($2::jsonb) AS x(outcome text, victim_group text, low int, best int, high int,
       low_rule text, best_rule text, high_rule text, source_groups jsonb)`,
    [p.id, JSON.stringify(p.counts)],
  );
}
