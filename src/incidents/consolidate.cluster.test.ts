import { describe, expect, it } from 'vitest';
import { type ClusterClaim, type Constraints, clusterClaims, type PlaceTree } from './consolidate.cluster.ts';

// sy > homs > homs-city > deir-baalbeh ; sy > aleppo
const parent: Record<string, string> = {
  homs: 'sy',
  'homs-city': 'homs',
  'deir-baalbeh': 'homs-city',
  aleppo: 'sy',
};
const depth: Record<string, number> = { sy: 0, homs: 1, aleppo: 1, 'homs-city': 4, 'deir-baalbeh': 5 };
const tree: PlaceTree = {
  ancestors(id) {
    const set = new Set<string>();
    for (let at: string | undefined = id; at; at = parent[at]) set.add(at);
    return set;
  },
  depth: (id) => depth[id] ?? 4,
};
let seq = 0;
const claim = (place: string | null, over: Partial<ClusterClaim> = {}): ClusterClaim => ({
  id: `c${++seq}`,
  seq,
  place_id: place,
  date_start: '2012-12-29',
  date_end: '2012-12-29',
  cause: null,
  outcome: 'killed',
  victim_group: 'people',
  part_of_id: null,
  supersedes_id: null,
  ...over,
});
const none: Constraints = { together: [], apart: new Map() };
const groups = (claims: ClusterClaim[], constraints = none) =>
  clusterClaims(claims, tree, constraints).clusters.map((k) => k.claims.map((c) => c.id).sort());

describe('clusterClaims', () => {
  it('joins nested places on overlapping days with compatible causes', () => {
    const a = claim('deir-baalbeh', { cause: 'armed_clash' });
    const b = claim('homs', { cause: 'armed_clash' });
    const c = claim('homs', { date_start: '2012-12-30', date_end: '2012-12-30' });
    const d = claim('deir-baalbeh', { cause: 'air_drone_strike' });
    expect(groups([a, b, c, d])).toEqual([[a.id, b.id].sort(), [d.id], [c.id]]);
  });

  it('treats a coarse claim over several incidents as their total, not as glue', () => {
    const homs = claim('homs');
    const aleppo = claim('aleppo');
    const national = claim('sy');
    const result = clusterClaims([homs, aleppo, national], tree, none);
    expect(result.clusters).toHaveLength(2);
    expect(result.implicitTotals.has(national.id)).toBe(true);
    expect(result.clusters.every((k) => k.totals.includes(national.id))).toBe(true);
  });

  it('keeps apart what an analyst kept apart, and together what they joined', () => {
    const a = claim('homs');
    const b = claim('homs');
    const c = claim('aleppo');
    expect(
      groups([a, b], {
        together: [],
        apart: new Map([
          [a.id, new Set([b.id])],
          [b.id, new Set([a.id])],
        ]),
      }),
    ).toHaveLength(2);
    expect(groups([a, c], { together: [{ claimIds: [a.id, c.id] }], apart: new Map() })).toEqual([
      [a.id, c.id].sort(),
    ]);
  });

  it('keeps a superseded claim with its revision', () => {
    const old = claim('deir-baalbeh');
    const revised = claim('deir-baalbeh', { supersedes_id: old.id });
    const [k] = clusterClaims([old, revised], tree, none).clusters;
    expect(k?.superseded).toEqual(new Set([old.id]));
  });
});
