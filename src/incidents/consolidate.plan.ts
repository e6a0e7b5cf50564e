import { createHash } from 'node:crypto';
import type { TollSettings } from '../tolls/toll-settings.ts';
import {
  type Cluster,
  type ClusterClaim,
  type Constraints,
  clusterClaims,
  type PlaceTree,
} from './consolidate.cluster.ts';
import {
  type ComputedCount,
  claimBounds,
  computeCounts,
  groupFigure,
  residual,
  rollUpCounts,
} from './consolidate.counts.ts';
import type { ConsolidationClaimRow, DecisionRow } from './consolidate.repo.ts';
import { type EvidenceSummary, figuresDisagree, gradeIncident, normalizePerpetrator } from './grading.ts';
import type { Grade } from './incident.ts';

/** What consolidation wants an incident to be: compared with what is stored, written only if different. */
export interface PlannedIncident {
  id: string;
  /** The claims the grade override and evidence look at. */
  claimIds: string[];
  fields: {
    date_start: string;
    date_end: string;
    date_precision: string;
    place_id: string | null;
    place_text: string | null;
    place_precision: string | null;
    cause: string | null;
    grade: Grade;
    grade_reason: string;
    source_count: number;
  };
  counts: ComputedCount[];
  links: Array<{ claim_id: string; role: 'counted' | 'superseded' | 'breakdown_total' }>;
  gradeInput: Parameters<typeof gradeIncident>[0];
}

/** A UUID derived from a name, so the same claims give the same incident id on every run. */
export function derivedId(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((Number.parseInt(h[16] as string, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Analyst decisions, in the order taken, as clustering constraints: a later decision wins. */
export function constraintsFrom(
  analystLinks: Array<{ incident_id: string; claim_ids: string[] }>,
  decisions: DecisionRow[],
): Constraints {
  const together: Constraints['together'] = analystLinks.map((l) => ({
    claimIds: l.claim_ids,
    incidentId: l.incident_id,
  }));
  const apart = new Map<string, Set<string>>();
  const keepApart = (a: string, b: string, on: boolean) => {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const set = apart.get(x) ?? new Set();
      if (on) set.add(y);
      else set.delete(y);
      apart.set(x, set);
    }
  };
  const removeFromGroups = (ids: Set<string>) => {
    for (const group of together) group.claimIds = group.claimIds.filter((id) => !ids.has(id));
  };
  for (const d of decisions) {
    if (d.kind === 'merge' || d.kind === 'attach') {
      for (const a of d.claim_ids) for (const b of d.claim_ids) if (a < b) keepApart(a, b, false);
      together.push({
        claimIds: d.claim_ids,
        incidentId: d.kind === 'attach' ? (d.incident_id ?? undefined) : undefined,
      });
    } else if (d.kind === 'split' && d.groups) {
      removeFromGroups(new Set(d.groups.flat()));
      d.groups.forEach((group, i) => {
        together.push({ claimIds: group });
        for (const other of d.groups?.slice(i + 1) ?? [])
          for (const a of group) for (const b of other) keepApart(a, b, true);
      });
    } else if (d.kind === 'detach') {
      removeFromGroups(new Set(d.claim_ids));
      for (const a of d.claim_ids) for (const b of d.apart_from) keepApart(a, b, true);
    }
  }
  return { together, apart };
}

const span = (c: ConsolidationClaimRow) => Date.parse(c.date_end) - Date.parse(c.date_start);
/** The claim that gives the incident its date and place: the deepest place, then the narrowest window. */
const leadOrder = (
  a: ConsolidationClaimRow,
  b: ConsolidationClaimRow,
  depth: (c: ConsolidationClaimRow) => number,
) => depth(b) - depth(a) || span(a) - span(b) || a.date_start.localeCompare(b.date_start) || a.seq - b.seq;

export function planIncidents(
  rows: ConsolidationClaimRow[],
  tree: PlaceTree,
  constraints: Constraints,
  settings: TollSettings,
): PlannedIncident[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const { clusters, totalsOver, implicitTotals } = clusterClaims(rows as ClusterClaim[], tree, constraints);
  const depth = (c: ConsolidationClaimRow) => (c.place_id ? tree.depth(c.place_id) : -1);
  const planned: PlannedIncident[] = [];
  const clusterOfClaim = new Map<string, { cluster: Cluster; counts: ComputedCount[] }>();

  const plan = (
    id: string,
    members: ConsolidationClaimRow[],
    counts: ComputedCount[],
    links: PlannedIncident['links'],
  ) => {
    const counted = members.filter((m) => links.find((l) => l.claim_id === m.id)?.role === 'counted');
    const lead = [...(counted.length > 0 ? counted : members)].sort((a, b) =>
      leadOrder(a, b, depth),
    )[0] as ConsolidationClaimRow;
    const causes = counted.map((c) => c.cause).filter((c): c is string => !!c && c !== 'unknown');
    const cause = mostCommon(causes) ?? lead.cause;
    const groups = new Set(counted.map((c) => c.independence_group));
    const perpetrators = [
      ...new Set(
        counted
          .map((c) => c.perpetrator)
          .filter((p): p is string => !!p)
          .map(normalizePerpetrator),
      ),
    ].sort();
    const figureDisputes = counts
      .filter((c) => c.victim_group !== 'all' && c.source_groups.length > 1)
      .filter((c) => figuresDisagree(c.low, c.high, settings.contestedRatio, settings.contestedMinSpread))
      .map((c) => `${c.outcome}/${c.victim_group}: ${c.low} to ${c.high}`);
    const gradeInput = {
      independentSources: groups.size,
      anyAccepted: counted.some((c) => c.status === 'accepted'),
      figureDisputes,
      perpetrators,
    };
    const graded = gradeIncident(gradeInput);
    planned.push({
      id,
      claimIds: members.map((m) => m.id),
      fields: {
        date_start: lead.date_start,
        date_end: lead.date_end,
        date_precision: lead.date_precision ?? 'day',
        place_id: lead.place_id,
        place_text: lead.place_text,
        place_precision: lead.place_precision,
        cause,
        grade: graded.grade,
        grade_reason: graded.reason,
        source_count: groups.size,
      },
      counts,
      links: links.sort((a, b) => a.claim_id.localeCompare(b.claim_id)),
      gradeInput,
    });
  };

  for (const cluster of clusters) {
    // Only replaced figures (a corrected report whose correction lies elsewhere): no incident.
    if (cluster.claims.every((c) => cluster.superseded.has(c.id))) continue;
    const members = cluster.claims.map((c) => byId.get(c.id) as ConsolidationClaimRow);
    const counted = members.filter((m) => !cluster.superseded.has(m.id));
    const counts = computeCounts(counted);
    const all = [...counts, ...rollUpCounts(counts, settings.victimGroupParents)];
    const anchor = [...members].sort((a, b) => a.seq - b.seq)[0] as ConsolidationClaimRow;
    const links: PlannedIncident['links'] = [
      ...members.map((m) => ({
        claim_id: m.id,
        role: cluster.superseded.has(m.id) ? ('superseded' as const) : ('counted' as const),
      })),
      ...cluster.totals.map((t) => ({ claim_id: t, role: 'breakdown_total' as const })),
    ];
    plan(
      cluster.incidentId ?? derivedId(`tally-incident:${anchor.id}`),
      [...members, ...cluster.totals.map((t) => byId.get(t) as ConsolidationClaimRow)],
      all,
      links,
    );
    for (const m of members) clusterOfClaim.set(m.id, { cluster, counts });
  }

  // A total over several incidents counts only for what its breakdowns do not cover.
  for (const [totalId, parts] of totalsOver) {
    const total = byId.get(totalId) as ConsolidationClaimRow;
    const [own] = computeCounts([total]);
    if (!own) continue;
    // Named breakdowns are the source's own split of its total; found ones are whatever the
    // incidents under it hold, as other sources counted them.
    const covering = new Set(parts.map((p) => clusterOfClaim.get(p.id)).filter((x) => x !== undefined));
    const partFigures = implicitTotals.has(totalId)
      ? [...covering]
          .map((x) => groupFigure(x.counts, total.outcome, total.victim_group, settings.victimGroupParents))
          .filter((f) => f !== null)
      : parts.map((p) => claimBounds(p as ConsolidationClaimRow)).filter((f) => f !== null);
    const rest = residual(own, partFigures);
    if (!rest) continue;
    const rule = 'residual: the total minus the breakdowns counted in other incidents';
    const counts = [{ ...own, ...rest, low_rule: rule, best_rule: rule, high_rule: rule }];
    plan(
      derivedId(`tally-residual:${total.id}`),
      [total],
      [...counts, ...rollUpCounts(counts, settings.victimGroupParents)],
      [{ claim_id: total.id, role: 'counted' }],
    );
  }
  return planned;
}

/** Re-grades with an analyst's override (the latest one for claims of the incident) and evidence. */
export function applyGrades(
  planned: PlannedIncident[],
  decisions: DecisionRow[],
  evidence: Map<string, EvidenceSummary>,
): void {
  const incidentOfClaim = new Map(planned.flatMap((p) => p.claimIds.map((c) => [c, p] as const)));
  const overrides = new Map<PlannedIncident, { grade: Grade; reason: string | null }>();
  for (const d of decisions) {
    if (d.kind !== 'grade' || !d.grade) continue;
    const target =
      planned.find((p) => p.id === d.incident_id) ??
      d.claim_ids.map((c) => incidentOfClaim.get(c)).find((p) => p);
    if (target) overrides.set(target, { grade: d.grade as Grade, reason: d.reason });
  }
  for (const p of planned) {
    const result = gradeIncident({
      ...p.gradeInput,
      evidence: evidence.get(p.id),
      override: overrides.get(p),
    });
    p.fields.grade = result.grade;
    p.fields.grade_reason = result.reason;
  }
}

function mostCommon(values: string[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}
