import type { Queryable } from '../db/client.ts';
import type { PlaceTree } from './consolidate.cluster.ts';

/** A claim as consolidation reads it: the claim, its report's order and its source's independence group. */
export interface ConsolidationClaimRow {
  id: string;
  seq: number;
  report_id: string;
  received_order: number;
  independence_group: string;
  status: string;
  outcome: string;
  count_min: number | null;
  count_best: number | null;
  count_max: number | null;
  victim_group: string;
  place_id: string | null;
  place_text: string | null;
  place_precision: string | null;
  date_start: string;
  date_end: string;
  date_precision: string | null;
  cause: string | null;
  perpetrator: string | null;
  part_of_id: string | null;
  supersedes_id: string | null;
  revised: boolean;
}

/** Dated, non-cumulative claims with the given statuses. Cumulative figures feed running totals only. */
export async function loadConsolidationClaims(
  db: Queryable,
  statuses: string[],
): Promise<ConsolidationClaimRow[]> {
  return db.query<ConsolidationClaimRow>(
    `SELECT c.id, c.seq, c.report_id, r.received_order, s.independence_group, c.status, c.outcome,
            c.count_min, c.count_best, c.count_max, c.victim_group, c.place_id, c.place_text, c.place_precision,
            c.date_start, COALESCE(c.date_end, c.date_start) AS date_end, c.date_precision, c.cause,
            c.perpetrator, c.part_of_id, c.supersedes_id,
            EXISTS (SELECT 1 FROM report n JOIN claim nc ON nc.report_id = n.id
                    WHERE n.revises_id = c.report_id AND nc.status = ANY($1::text[])) AS revised
     FROM claim c
     JOIN (SELECT id, source_id, row_number() OVER (ORDER BY received_at, id) AS received_order FROM report) r
       ON r.id = c.report_id
     JOIN source s ON s.id = r.source_id
     WHERE c.status = ANY($1::text[]) AND NOT c.cumulative AND c.date_start IS NOT NULL
     ORDER BY c.seq`,
    [statuses],
  );
}

const levelDepth: Record<string, number> = {
  country: 0,
  admin1: 1,
  admin2: 2,
  admin3: 3,
  locality: 4,
  neighbourhood: 5,
};

/** The whole place hierarchy in memory: a few thousand rows, walked many times per run. */
export async function loadPlaceTree(db: Queryable): Promise<PlaceTree> {
  const rows = await db.query<{ id: string; parent_id: string | null; level: string }>(
    'SELECT id, parent_id, level FROM place',
  );
  const parent = new Map(rows.map((r) => [r.id, r.parent_id]));
  const level = new Map(rows.map((r) => [r.id, r.level]));
  const memo = new Map<string, Set<string>>();
  return {
    ancestors(id) {
      let set = memo.get(id);
      if (!set) {
        set = new Set();
        for (let at: string | null | undefined = id; at && set.size < 12; at = parent.get(at)) set.add(at);
        memo.set(id, set);
      }
      return set;
    },
    depth: (id) => levelDepth[level.get(id) ?? ''] ?? 4,
  };
}

export interface DecisionRow {
  id: number;
  kind: 'merge' | 'split' | 'attach' | 'detach' | 'grade';
  incident_id: string | null;
  claim_ids: string[];
  apart_from: string[];
  groups: string[][] | null;
  grade: string | null;
  reason: string | null;
  actor: string;
}

export async function loadDecisions(db: Queryable): Promise<DecisionRow[]> {
  return db.query<DecisionRow>('SELECT * FROM incident_decision WHERE revoked_at IS NULL ORDER BY id');
}

export async function insertDecision(
  tx: Queryable,
  d: Omit<DecisionRow, 'id' | 'groups'> & { groups?: string[][] | null },
): Promise<number> {
  const rows = await tx.query<{ id: number }>(
    `INSERT INTO incident_decision (kind, incident_id, claim_ids, apart_from, groups, grade, reason, actor)
     VALUES ($1, $2, $3::uuid[], $4::uuid[], $5::jsonb, $6, $7, $8) RETURNING id`,
    [
      d.kind,
      d.incident_id,
      d.claim_ids,
      d.apart_from,
      d.groups ? JSON.stringify(d.groups) : null,
      d.grade,
      d.reason,
      d.actor,
    ],
  );
  return (rows[0] as { id: number }).id;
}

/** Current links of analyst-made incidents: kept together even before any explicit decision. */
export async function loadAnalystLinks(
  db: Queryable,
): Promise<Array<{ incident_id: string; claim_ids: string[] }>> {
  return db.query(
    `SELECT ic.incident_id, array_agg(ic.claim_id ORDER BY ic.claim_id) AS claim_ids
     FROM incident_claim ic JOIN incident i ON i.id = ic.incident_id
     WHERE i.origin = 'analyst'
     GROUP BY ic.incident_id ORDER BY min(ic.linked_at), ic.incident_id`,
  );
}

export async function claimsOfIncident(db: Queryable, incidentId: string): Promise<string[]> {
  const rows = await db.query<{ claim_id: string }>(
    'SELECT claim_id FROM incident_claim WHERE incident_id = $1 ORDER BY claim_id',
    [incidentId],
  );
  return rows.map((r) => r.claim_id);
}

/** What consolidation last wrote, to compare with what it would write now. */
export interface StoredState {
  id: string;
  origin: string;
  state: string;
}

export async function loadStoredStates(db: Queryable): Promise<StoredState[]> {
  return db.query<StoredState>(
    `SELECT i.id, i.origin, jsonb_build_object(
        'fields', jsonb_build_object('date_start', i.date_start, 'date_end', i.date_end, 'date_precision', i.date_precision,
          'place_id', i.place_id, 'place_text', i.place_text, 'place_precision', i.place_precision, 'cause', i.cause,
          'grade', i.grade, 'grade_reason', i.grade_reason, 'source_count', i.source_count),
        'counts', COALESCE((SELECT jsonb_agg(jsonb_build_object('outcome', c.outcome, 'victim_group', c.victim_group,
          'low', c.low, 'best', c.best, 'high', c.high, 'low_rule', c.low_rule, 'best_rule', c.best_rule,
          'high_rule', c.high_rule, 'source_groups', to_jsonb(c.source_groups)) ORDER BY c.outcome, c.victim_group)
          FROM incident_count c WHERE c.incident_id = i.id), '[]'::jsonb),
        'links', COALESCE((SELECT jsonb_agg(jsonb_build_object('claim_id', l.claim_id, 'role', l.role) ORDER BY l.claim_id)
          FROM incident_claim l WHERE l.incident_id = i.id), '[]'::jsonb))::text AS state
     FROM incident i
     WHERE i.origin = 'consolidated' OR EXISTS (SELECT 1 FROM incident_claim l WHERE l.incident_id = i.id)`,
  );
}

/** Whether evidence (src/evidence) is linked to the incident: such an incident is not deleted. */
export async function evidenceLinked(db: Queryable, incidentId: string): Promise<boolean> {
  return (
    (await db.query('SELECT 1 FROM evidence_incident WHERE incident_id = $1 LIMIT 1', [incidentId])).length >
    0
  );
}

/** Moves evidence links from an incident consolidation removes to the one that now holds its claims. */
export async function moveEvidenceLinks(db: Queryable, from: string, to: string): Promise<void> {
  await db.query(
    `WITH moved AS (DELETE FROM evidence_incident WHERE incident_id = $1 RETURNING item_id, linked_by, linked_at)
     INSERT INTO evidence_incident (item_id, incident_id, linked_by, linked_at)
     SELECT item_id, $2, linked_by, linked_at FROM moved ON CONFLICT DO NOTHING`,
    [from, to],
  );
}

/** An incident with evidence but no claims left: kept for an analyst, without claims or counts. */
export async function keepAsAnalystIncident(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM incident_claim WHERE incident_id = $1', [id]);
  await db.query('DELETE FROM incident_count WHERE incident_id = $1', [id]);
  await db.query(
    `UPDATE incident SET origin = 'analyst', updated_at = now(),
       grade_reason = 'kept for its evidence: consolidation found no claim for it' WHERE id = $1`,
    [id],
  );
}
