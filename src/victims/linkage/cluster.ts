import type { ModelWeights, PairScorer } from './scorer.ts';

/**
 * Clustering of linked pairs into persons. Pairs are taken strongest first and joined by
 * union-find, but a join is refused when some pair of records across the two clusters is a
 * clear non-match: two brothers each linked to one ambiguous record (same father, family,
 * date and place, no given name) must not become one person through it.
 */
export interface ScoredPairs {
  left: Uint32Array;
  right: Uint32Array;
  weight: Float32Array;
}

export interface ClusterOptions {
  thresholdWeight: number;
  /** Refuse a join if a cross pair weighs less than this; -Infinity disables the guard. */
  distinctWeight: number;
  maxChecks: number;
  scorer: PairScorer;
  model: ModelWeights;
  /** Pairs a person decided are two people: never in one cluster. */
  cannotLink?: (x: number, y: number) => boolean;
}

export interface Clustering {
  /** Per record, the index of its cluster's representative (its first record in input order). */
  clusterOf: Uint32Array;
  clusters: number;
  refusedJoins: number;
}

export function clusterPairs(size: number, pairs: ScoredPairs, options: ClusterOptions): Clustering {
  const parent = new Uint32Array(size);
  for (let r = 0; r < size; r++) parent[r] = r;
  const members = new Map<number, number[]>();
  const find = (r: number): number => {
    let root = r;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[r] !== root) {
      const next = parent[r]!;
      parent[r] = root;
      r = next;
    }
    return root;
  };
  const order: number[] = [];
  for (let e = 0; e < pairs.weight.length; e++)
    if (pairs.weight[e]! >= options.thresholdWeight) order.push(e);
  order.sort((a, b) => pairs.weight[b]! - pairs.weight[a]!);
  let refusedJoins = 0;
  for (const e of order) {
    const a = find(pairs.left[e]!);
    const b = find(pairs.right[e]!);
    if (a === b) continue;
    const membersA = members.get(a) ?? [a];
    const membersB = members.get(b) ?? [b];
    if (
      (options.cannotLink && forbidden(membersA, membersB, options.cannotLink)) ||
      (membersA.length + membersB.length > 2 && conflict(membersA, membersB, options))
    ) {
      refusedJoins++;
      continue;
    }
    const [big, small, bigMembers, smallMembers] =
      membersA.length >= membersB.length ? [a, b, membersA, membersB] : [b, a, membersB, membersA];
    parent[small] = big;
    for (const r of smallMembers) bigMembers.push(r);
    members.set(big, bigMembers);
    members.delete(small);
  }
  const representative = new Map<number, number>();
  const clusterOf = new Uint32Array(size);
  for (let r = 0; r < size; r++) {
    const root = find(r);
    let rep = representative.get(root);
    if (rep === undefined) {
      rep = r;
      representative.set(root, r);
    }
    clusterOf[r] = rep;
  }
  return { clusterOf, clusters: representative.size, refusedJoins };
}

function forbidden(a: number[], b: number[], cannotLink: (x: number, y: number) => boolean): boolean {
  for (const x of a) for (const y of b) if (cannotLink(x, y)) return true;
  return false;
}

function conflict(a: number[], b: number[], options: ClusterOptions): boolean {
  if (!Number.isFinite(options.distinctWeight)) return false;
  const total = a.length * b.length;
  const step = total > options.maxChecks ? total / options.maxChecks : 1;
  for (let t = 0; t < total; t += step) {
    const index = Math.floor(t);
    const x = a[Math.floor(index / b.length)]!;
    const y = b[index % b.length]!;
    if (options.scorer.weight(x, y, options.model) < options.distinctWeight) return true;
  }
  return false;
}
