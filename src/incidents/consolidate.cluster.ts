/**
 * Grouping claims into incidents: pure and deterministic, so the same claims and decisions
 * always give the same groups. Two claims may describe one incident when their date windows
 * overlap, one place is the other or lies inside it, and their causes do not conflict.
 *
 * Claims are placed from the most specific (deepest place, narrowest window) to the coarsest.
 * A coarse claim that fits several incidents is not allowed to glue them together: it is a
 * total over them (an implicit breakdown), and only what they do not cover is counted for it.
 */

export interface ClusterClaim {
  id: string;
  seq: number;
  place_id: string | null;
  date_start: string;
  date_end: string;
  cause: string | null;
  outcome: string;
  victim_group: string;
  part_of_id: string | null;
  supersedes_id: string | null;
  /** Its report was corrected by a later report (report.revises_id): kept, not counted. */
  revised?: boolean;
}

export interface PlaceTree {
  /** The place and its ancestors (self included). */
  ancestors(placeId: string): ReadonlySet<string>;
  depth(placeId: string): number;
}

export interface Constraints {
  /** Claims an analyst put together, in decision order; `incidentId` keeps an analyst's incident. */
  together: Array<{ claimIds: string[]; incidentId?: string | undefined }>;
  /** Pairs an analyst kept apart: claim id -> claim ids it must not share an incident with. */
  apart: Map<string, Set<string>>;
}

export interface Cluster {
  claims: ClusterClaim[];
  incidentId?: string | undefined;
  superseded: Set<string>;
  /** Totals over several incidents: linked here, counted only for their residual. */
  totals: string[];
}

export interface ClusterResult {
  clusters: Cluster[];
  /** Total claim id -> the claims of its breakdown (explicit part_of or implicit). */
  totalsOver: Map<string, ClusterClaim[]>;
  /** Totals found by place and date rather than named by part_of: their parts are other sources' figures. */
  implicitTotals: Set<string>;
}

const VAGUE_CAUSES = new Set(['unknown', 'other']);

export function placesNest(tree: PlaceTree, a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return a === b || tree.ancestors(a).has(b) || tree.ancestors(b).has(a);
}

export function compatible(tree: PlaceTree, a: ClusterClaim, b: ClusterClaim): boolean {
  if (a.date_start > b.date_end || b.date_start > a.date_end) return false;
  if (!placesNest(tree, a.place_id, b.place_id)) return false;
  if (a.cause && b.cause && a.cause !== b.cause && !VAGUE_CAUSES.has(a.cause) && !VAGUE_CAUSES.has(b.cause))
    return false;
  return true;
}

const spanDays = (c: ClusterClaim) => (Date.parse(c.date_end) - Date.parse(c.date_start)) / 86_400_000;

function specificity(tree: PlaceTree) {
  const depth = (c: ClusterClaim) => (c.place_id ? tree.depth(c.place_id) : -1);
  return (a: ClusterClaim, b: ClusterClaim) =>
    depth(b) - depth(a) || spanDays(a) - spanDays(b) || a.seq - b.seq;
}

/** Strictly coarser: a wider place containing the other's, or the same place over a longer window. */
function coarser(tree: PlaceTree, a: ClusterClaim, b: ClusterClaim): boolean {
  if (a.place_id && b.place_id && a.place_id !== b.place_id)
    return tree.ancestors(b.place_id).has(a.place_id);
  return a.place_id === b.place_id && spanDays(a) > spanDays(b);
}

export function clusterClaims(
  claims: ClusterClaim[],
  tree: PlaceTree,
  constraints: Constraints,
): ClusterResult {
  const byId = new Map(claims.map((c) => [c.id, c]));
  const kept = (a: string, b: string) => constraints.apart.get(a)?.has(b) ?? false;

  // Explicit totals: a claim whose breakdowns lie in smaller places is counted through them.
  const totalsOver = new Map<string, ClusterClaim[]>();
  const superseded = new Set<string>();
  const links: Array<[string, string]> = [];
  for (const c of claims) {
    const parent = c.part_of_id ? byId.get(c.part_of_id) : undefined;
    if (parent) {
      if (c.place_id && parent.place_id && c.place_id !== parent.place_id && coarser(tree, parent, c))
        totalsOver.set(parent.id, [...(totalsOver.get(parent.id) ?? []), c]);
      else links.push([parent.id, c.id]);
    }
    if (c.revised) superseded.add(c.id);
    const old = c.supersedes_id ? byId.get(c.supersedes_id) : undefined;
    if (old) {
      superseded.add(old.id);
      links.push([old.id, c.id]);
    }
  }

  // Units: claims an analyst or a claim reference ties together, placed as one.
  const unitOf = new Map<string, Unit>();
  const units: Unit[] = [];
  const unitFor = (id: string) => {
    let unit = unitOf.get(id);
    if (!unit) {
      unit = { claims: [byId.get(id) as ClusterClaim] };
      unitOf.set(id, unit);
      units.push(unit);
    }
    return unit;
  };
  const join = (a: Unit, b: Unit, incidentId?: string) => {
    if (a === b) {
      a.incidentId ??= incidentId;
      return;
    }
    if (a.claims.some((x) => b.claims.some((y) => kept(x.id, y.id)))) return;
    a.claims.push(...b.claims);
    a.incidentId ??= b.incidentId ?? incidentId;
    for (const c of b.claims) unitOf.set(c.id, a);
    units.splice(units.indexOf(b), 1);
  };
  for (const group of constraints.together) {
    const ids = group.claimIds.filter((id) => byId.has(id) && !totalsOver.has(id));
    const first = ids[0];
    if (!first) continue;
    const anchor = unitFor(first);
    anchor.incidentId ??= group.incidentId;
    for (const id of ids.slice(1)) join(anchor, unitFor(id), group.incidentId);
  }
  for (const [a, b] of links) if (!totalsOver.has(a) && !totalsOver.has(b)) join(unitFor(a), unitFor(b));
  for (const c of claims) if (!totalsOver.has(c.id)) unitFor(c.id);

  const order = specificity(tree);
  for (const unit of units) unit.claims.sort(order);
  units.sort((a, b) => order(a.claims[0] as ClusterClaim, b.claims[0] as ClusterClaim));

  const clusters: Array<Cluster & { anchorSeq: number }> = [];
  const implicitTotals = new Set<string>();
  const index = new DayIndex<Cluster & { anchorSeq: number }>();
  for (const unit of units) {
    const lead = unit.claims[0] as ClusterClaim;
    const nearby = unit.claims.some((u) => spanDays(u) > DayIndex.MAX_SPAN)
      ? clusters
      : index.near(unit.claims);
    const fits = nearby.filter(
      (k) =>
        !(unit.incidentId && k.incidentId && unit.incidentId !== k.incidentId) &&
        unit.claims.some((u) => k.claims.some((c) => compatible(tree, u, c))) &&
        !unit.claims.some((u) => k.claims.some((c) => kept(u.id, c.id))),
    );
    const implicitTotal =
      fits.length > 1 &&
      unit.claims.length === 1 &&
      !unit.incidentId &&
      fits.every((k) => k.claims.every((c) => !compatible(tree, lead, c) || coarser(tree, lead, c)));
    if (implicitTotal) {
      const parts = fits
        .flatMap((k) => k.claims)
        .filter((c) => c.outcome === lead.outcome && c.victim_group === lead.victim_group);
      totalsOver.set(lead.id, parts);
      implicitTotals.add(lead.id);
      continue;
    }
    const target = fits.sort((a, b) => a.anchorSeq - b.anchorSeq)[0];
    if (target) {
      target.claims.push(...unit.claims);
      for (const c of unit.claims) index.add(c, target);
      target.incidentId ??= unit.incidentId;
      target.anchorSeq = Math.min(target.anchorSeq, ...unit.claims.map((c) => c.seq));
    } else {
      const seqs = unit.claims.map((c) => c.seq);
      const cluster = {
        claims: [...unit.claims],
        incidentId: unit.incidentId,
        superseded: new Set<string>(),
        totals: [],
        anchorSeq: Math.min(...seqs),
      };
      clusters.push(cluster);
      for (const c of unit.claims) index.add(c, cluster);
    }
  }

  for (const k of clusters) for (const c of k.claims) if (superseded.has(c.id)) k.superseded.add(c.id);
  for (const [totalId, parts] of totalsOver) {
    const partIds = new Set(parts.map((p) => p.id));
    for (const k of clusters) if (k.claims.some((c) => partIds.has(c.id))) k.totals.push(totalId);
  }
  return { clusters: clusters.map(({ anchorSeq: _, ...k }) => k), totalsOver, implicitTotals };
}

/**
 * Clusters by the days their claims cover, so placing a claim looks only at clusters on its
 * days instead of every cluster: consolidation stays near-linear in the number of claims.
 */
class DayIndex<K> {
  static readonly MAX_SPAN = 62;
  private readonly byDay = new Map<string, Set<K>>();
  private readonly wide = new Set<K>();

  add(claim: ClusterClaim, cluster: K): void {
    if (spanDays(claim) > DayIndex.MAX_SPAN) {
      this.wide.add(cluster);
      return;
    }
    for (const day of days(claim)) {
      const set = this.byDay.get(day) ?? new Set<K>();
      set.add(cluster);
      this.byDay.set(day, set);
    }
  }

  near(claims: ClusterClaim[]): K[] {
    const found = new Set<K>(this.wide);
    for (const claim of claims)
      for (const day of days(claim)) for (const k of this.byDay.get(day) ?? []) found.add(k);
    return [...found];
  }
}

function days(claim: ClusterClaim): string[] {
  const out: string[] = [];
  const end = Date.parse(claim.date_end);
  for (let t = Date.parse(claim.date_start); t <= end; t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

interface Unit {
  claims: ClusterClaim[];
  incidentId?: string | undefined;
}
