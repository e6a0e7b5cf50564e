import type { ScoredPairs } from '../cluster.ts';
import { probabilityOf } from '../scorer.ts';

/**
 * Scores against ground truth, as record-linkage papers and Splink report them: pairwise
 * precision, recall and F1 over all true pairs (so pairs blocking never proposed count as
 * missed), the best F1 over thresholds, and, after clustering, pairwise F1 on the clusters'
 * closure and the error in the number of persons.
 */
export interface PairwiseScore {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
}

/** True pairs: within a truth cluster, and across inputs only in link mode. */
function entry<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

export function countTruePairs(truth: string[], source: Uint8Array, linkMode: boolean): number {
  const groups = new Map<string, Map<number, number>>();
  for (let r = 0; r < truth.length; r++) {
    const bySource = entry(groups, truth[r]!, () => new Map<number, number>());
    bySource.set(source[r]!, (bySource.get(source[r]!) ?? 0) + 1);
  }
  let total = 0;
  for (const bySource of groups.values()) {
    const sizes = [...bySource.values()];
    const n = sizes.reduce((a, b) => a + b, 0);
    total += linkMode ? (n * n - sizes.reduce((a, s) => a + s * s, 0)) / 2 : (n * (n - 1)) / 2;
  }
  return total;
}

const f1Of = (tp: number, predicted: number, truePairs: number): PairwiseScore & { tp: number } => {
  const precision = predicted > 0 ? tp / predicted : 1;
  const recall = truePairs > 0 ? tp / truePairs : 1;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { threshold: 0, precision, recall, f1, tp };
};

/** F1 of the scored pairs at a probability threshold, and the best over all thresholds. */
export function pairwiseScores(pairs: ScoredPairs, truth: string[], truePairs: number, thresholds: number[]) {
  const order = Array.from(pairs.weight.keys()).sort((a, b) => pairs.weight[b]! - pairs.weight[a]!);
  let tp = 0;
  let best: PairwiseScore = { threshold: 1, precision: 1, recall: 0, f1: 0 };
  const at = thresholds.map((threshold) => ({ threshold, precision: 1, recall: 0, f1: 0 }));
  const sortedThresholds = [...thresholds].sort((a, b) => b - a);
  let next = 0;
  for (let k = 0; k < order.length; k++) {
    const e = order[k]!;
    const probability = probabilityOf(pairs.weight[e]!);
    while (next < sortedThresholds.length && probability < sortedThresholds[next]!) {
      const score = f1Of(tp, k, truePairs);
      Object.assign(at.find((a) => a.threshold === sortedThresholds[next])!, {
        ...score,
        threshold: sortedThresholds[next],
      });
      next++;
    }
    if (truth[pairs.left[e]!] === truth[pairs.right[e]!]) tp++;
    const nextProbability = k + 1 < order.length ? probabilityOf(pairs.weight[order[k + 1]!]!) : -1;
    if (nextProbability === probability) continue;
    const score = f1Of(tp, k + 1, truePairs);
    if (score.f1 > best.f1) best = { ...score, threshold: probability };
  }
  for (; next < sortedThresholds.length; next++)
    Object.assign(at.find((a) => a.threshold === sortedThresholds[next])!, {
      ...f1Of(tp, order.length, truePairs),
      threshold: sortedThresholds[next],
    });
  return {
    best,
    at: at.map(({ threshold, precision, recall, f1 }) => ({ threshold, precision, recall, f1 })),
  };
}

/** Pairwise scores of a clustering's closure, and |persons found - true persons| / true persons. */
export function clusterScores(
  clusterOf: Uint32Array,
  truth: string[],
  source: Uint8Array,
  linkMode: boolean,
  truePairs: number,
) {
  const byCluster = new Map<number, Map<string, Map<number, number>>>();
  for (let r = 0; r < clusterOf.length; r++) {
    const byTruth = entry(byCluster, clusterOf[r]!, () => new Map<string, Map<number, number>>());
    const bySource = entry(byTruth, truth[r]!, () => new Map<number, number>());
    bySource.set(source[r]!, (bySource.get(source[r]!) ?? 0) + 1);
  }
  const pairsIn = (bySource: Iterable<number>) => {
    const sizes = [...bySource];
    const n = sizes.reduce((a, b) => a + b, 0);
    return linkMode ? (n * n - sizes.reduce((a, s) => a + s * s, 0)) / 2 : (n * (n - 1)) / 2;
  };
  let predicted = 0;
  let tp = 0;
  for (const byTruth of byCluster.values()) {
    const merged = new Map<number, number>();
    for (const bySource of byTruth.values()) {
      tp += pairsIn(bySource.values());
      for (const [s, n] of bySource) merged.set(s, (merged.get(s) ?? 0) + n);
    }
    predicted += pairsIn(merged.values());
  }
  const entities = new Set(truth).size;
  const { precision, recall, f1 } = f1Of(tp, predicted, truePairs);
  return {
    precision,
    recall,
    f1,
    persons: byCluster.size,
    entities,
    personError: Math.abs(byCluster.size - entities) / entities,
  };
}
