/**
 * How the figures of several reports of one incident become low / best / high per outcome and
 * victim group. Pure functions: the rules are the methodology, so they are tested on their own.
 *
 * - A claim's own bounds: min (or best) as its low, best as its best, max (or best) as its high.
 * - Within one report, distinct claims of the same group add up (a source does not repeat itself),
 *   except a breakdown of a claim that is counted too (part_of), which is inside its total.
 * - Within one independence group, the latest report speaks: re-reporting is not corroboration.
 * - Across independence groups: low = the lowest figure (ACLED: most conservative), best = the
 *   median of the best figures (UCDP-like best estimate), high = the highest (IBC-like range).
 */

export interface CountableClaim {
  id: string;
  report_id: string;
  received_order: number;
  independence_group: string;
  outcome: string;
  victim_group: string;
  count_min: number | null;
  count_best: number | null;
  count_max: number | null;
  part_of_id: string | null;
}

export interface Bounds {
  low: number;
  best: number;
  high: number;
}

export interface ComputedCount extends Bounds {
  outcome: string;
  victim_group: string;
  low_rule: string;
  best_rule: string;
  high_rule: string;
  source_groups: string[];
}

export function claimBounds(c: CountableClaim): Bounds | null {
  const low = c.count_min ?? c.count_best ?? c.count_max;
  const high = c.count_max ?? c.count_best ?? c.count_min;
  if (low == null || high == null) return null;
  const best = c.count_best ?? low;
  return { low, best: Math.min(Math.max(best, low), high), high };
}

const add = (a: Bounds, b: Bounds): Bounds => ({
  low: a.low + b.low,
  best: a.best + b.best,
  high: a.high + b.high,
});

/** Counts per outcome × victim group from the counted claims of one incident. */
export function computeCounts(claims: CountableClaim[]): ComputedCount[] {
  const byId = new Map(claims.map((c) => [c.id, c]));
  const key = (c: CountableClaim) => `${c.outcome}\u0000${c.victim_group}`;
  // One figure per report and group; then the latest report of each independence group.
  const perReport = new Map<string, { claim: CountableClaim; bounds: Bounds }>();
  for (const claim of claims) {
    const parent = claim.part_of_id ? byId.get(claim.part_of_id) : undefined;
    if (parent && key(parent) === key(claim)) continue;
    const bounds = claimBounds(claim);
    if (!bounds) continue;
    const k = `${key(claim)}\u0000${claim.report_id}`;
    const seen = perReport.get(k);
    perReport.set(k, seen ? { claim: seen.claim, bounds: add(seen.bounds, bounds) } : { claim, bounds });
  }
  const perGroup = new Map<string, Map<string, { order: number; bounds: Bounds }>>();
  for (const { claim, bounds } of perReport.values()) {
    const groups = perGroup.get(key(claim)) ?? new Map();
    const current = groups.get(claim.independence_group);
    if (!current || claim.received_order > current.order)
      groups.set(claim.independence_group, { order: claim.received_order, bounds });
    perGroup.set(key(claim), groups);
  }
  const counts: ComputedCount[] = [];
  for (const [k, groups] of perGroup) {
    const [outcome, victimGroup] = k.split('\u0000') as [string, string];
    counts.push({
      outcome,
      victim_group: victimGroup,
      ...combine([...groups.values()].map((g) => g.bounds)),
      source_groups: [...groups.keys()].sort(),
    });
  }
  return counts.sort((a, b) => (a.outcome + a.victim_group).localeCompare(b.outcome + b.victim_group));
}

function combine(figures: Bounds[]): Bounds & { low_rule: string; best_rule: string; high_rule: string } {
  const n = figures.length;
  const low = Math.min(...figures.map((f) => f.low));
  const high = Math.max(...figures.map((f) => f.high));
  const bests = figures.map((f) => f.best).sort((a, b) => a - b);
  // Lower median: with two sources the best estimate leans to the conservative one.
  const median = bests[Math.floor((n - 1) / 2)] as number;
  const of = n === 1 ? 'the one independent source' : `${n} independent sources`;
  return {
    low,
    best: Math.min(Math.max(median, low), high),
    high,
    low_rule: `conservative: lowest figure of ${of}`,
    best_rule: n === 1 ? `best: as ${of} gave it` : `best: median of ${of}`,
    high_rule: `range: highest figure of ${of}`,
  };
}

/**
 * A group's figure including its subgroups, without adding a breakdown to its total: the larger
 * of what was said for the group and the sum of its subgroups' figures. A group with no
 * configured parent sits under 'people'.
 */
export function groupFigure(
  counts: ComputedCount[],
  outcome: string,
  group: string,
  parents: Record<string, string>,
): Bounds | null {
  const own = new Map(
    counts.filter((c) => c.outcome === outcome && c.victim_group !== 'all').map((c) => [c.victim_group, c]),
  );
  if (own.size === 0) return null;
  const parentOf = (g: string) => (g === 'people' ? undefined : (parents[g] ?? 'people'));
  const children = new Map<string, Set<string>>();
  for (const start of own.keys()) {
    for (let g = start, p = parentOf(g), hops = 0; p && hops < 20; g = p, p = parentOf(g), hops++) {
      const list = children.get(p) ?? new Set<string>();
      list.add(g);
      children.set(p, list);
    }
  }
  const value = (g: string, depth: number): Bounds => {
    const sum = [...(children.get(g) ?? [])]
      .map((c) => (depth > 20 ? { low: 0, best: 0, high: 0 } : value(c, depth + 1)))
      .reduce(add, { low: 0, best: 0, high: 0 });
    const mine = own.get(g);
    if (!mine) return sum;
    return {
      low: Math.max(mine.low, sum.low),
      best: Math.max(mine.best, sum.best),
      high: Math.max(mine.high, sum.high),
    };
  };
  const result = value(group === 'all' ? 'people' : group, 0);
  return result.high === 0 && !own.has(group) ? null : result;
}

/** Everyone in the incident per outcome (victim group 'all'): the roll-up of every group. */
export function rollUpCounts(counts: ComputedCount[], parents: Record<string, string>): ComputedCount[] {
  const rule = 'roll-up: each group is the larger of its own figure and the sum of its subgroups';
  return [...new Set(counts.map((c) => c.outcome))].map((outcome) => ({
    outcome,
    victim_group: 'all',
    ...(groupFigure(counts, outcome, 'all', parents) ?? { low: 0, best: 0, high: 0 }),
    low_rule: rule,
    best_rule: rule,
    high_rule: rule,
    source_groups: [
      ...new Set(counts.filter((c) => c.outcome === outcome).flatMap((c) => c.source_groups)),
    ].sort(),
  }));
}

/**
 * The residual of a total whose breakdowns are counted elsewhere: what the parts do not cover.
 * The least the total leaves is its low minus the parts' high; the most, its high minus their low.
 */
export function residual(total: Bounds, parts: Bounds[]): Bounds | null {
  const sum = parts.reduce(add, { low: 0, best: 0, high: 0 });
  const low = Math.max(0, total.low - sum.high);
  const high = Math.max(0, total.high - sum.low);
  const best = Math.min(Math.max(0, total.best - sum.best, low), high);
  return high === 0 ? null : { low, best, high };
}
