import type { ComparisonData } from './compile.ts';
import type { LinkConfig } from './config.ts';
import { decodePattern, type ModelWeights } from './scorer.ts';

/**
 * Unsupervised training of the Fellegi-Sunter model (Splink's recipe, fastLink's arithmetic):
 * u from random pairs, the prior from strict rules, m by expectation-maximisation over the
 * counts of distinct agreement patterns among blocked pairs, so each EM pass costs the number
 * of patterns (thousands), not the number of pairs (millions).
 */

export type PatternCounts = Map<number, number>;

export function addCounts(into: PatternCounts, codes: Float64Array, counts: Float64Array): void {
  for (let p = 0; p < codes.length; p++) into.set(codes[p]!, (into.get(codes[p]!) ?? 0) + counts[p]!);
}

/** Per comparison, the share of non-missing pairs at each level (index 0, "null", is left at 1). */
export function levelShares(patterns: PatternCounts, levelCounts: number[]): number[][] {
  const tallies = levelCounts.map((n) => new Array<number>(n).fill(0));
  for (const [code, count] of patterns) {
    decodePattern(code, levelCounts).forEach((level, k) => {
      tallies[k]![level]! += count;
    });
  }
  return tallies.map((tally) => {
    const present = tally.reduce((a, b) => a + b, 0) - tally[0]!;
    // A level never seen among random pairs still gets a small u (half a pair), never zero.
    return tally.map((count, level) => (level === 0 ? 1 : Math.max(count, 0.5) / Math.max(1, present + 0.5)));
  });
}

export interface EmResult {
  m: number[][];
  uBlocked: number[][];
  lambdaBlocked: number;
  iterations: number;
}

const FLOOR = 1e-6;

/**
 * EM over pattern counts. With fixU, u stays at its random-pair values (Splink's default);
 * otherwise u is re-estimated among blocked pairs, where non-matches agree far more often.
 */
export function expectationMaximisation(
  patterns: PatternCounts,
  comparisons: ComparisonData[],
  uRandom: number[][],
  mStart: number[][],
  lambdaStart: number,
  maxIterations: number,
  fixU: boolean,
  /** Comparisons left out of this session (their columns made the pairs): not read, not updated. */
  heldOut: boolean[] = [],
  /** Comparisons whose m is fixed: read in the E step, never updated. */
  fixedM: boolean[] = [],
): EmResult {
  const levelCounts = comparisons.map((c) => c.levelCount);
  const K = comparisons.length;
  const codes = [...patterns.keys()];
  const counts = Float64Array.from(codes.map((code) => patterns.get(code)!));
  const levels = new Uint8Array(codes.length * K);
  codes.forEach((code, p) => {
    decodePattern(code, levelCounts).forEach((level, k) => {
      levels[p * K + k] = level;
    });
  });
  let m = mStart.map((row) => [...row]);
  let u = uRandom.map((row) => [...row]);
  let lambda = Math.min(0.9, Math.max(1e-4, lambdaStart));
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const logM = m.map((row) => row.map((v) => Math.log(Math.max(FLOOR, v))));
    const logU = u.map((row) => row.map((v) => Math.log(Math.max(FLOOR, v))));
    const mNum = levelCounts.map((n) => new Float64Array(n));
    const uNum = levelCounts.map((n) => new Float64Array(n));
    let matched = 0;
    let total = 0;
    for (let p = 0; p < codes.length; p++) {
      let lm = Math.log(lambda);
      let lu = Math.log(1 - lambda);
      for (let k = 0; k < K; k++) {
        const level = levels[p * K + k]!;
        if (level === 0 || heldOut[k]) continue;
        lm += logM[k]![level]!;
        lu += logU[k]![level]!;
      }
      const posterior = 1 / (1 + Math.exp(lu - lm));
      const c = counts[p]!;
      matched += c * posterior;
      total += c;
      for (let k = 0; k < K; k++) {
        const level = levels[p * K + k]!;
        mNum[k]![level]! += c * posterior;
        uNum[k]![level]! += c * (1 - posterior);
      }
    }
    const normalise = (num: Float64Array) => {
      let sum = 0;
      for (let l = 1; l < num.length; l++) sum += num[l]!;
      return Array.from(num, (v, l) => (l === 0 ? 1 : Math.max(FLOOR, sum > 0 ? v / sum : 0)));
    };
    const nextM = mNum.map((num, k) => (heldOut[k] || fixedM[k] ? m[k]! : normalise(num)));
    const nextU = uNum.map((num, k) => (heldOut[k] ? u[k]! : normalise(num)));
    const nextLambda = Math.min(0.999, Math.max(1e-9, matched / Math.max(1, total)));
    const change = Math.max(
      Math.abs(nextLambda - lambda),
      ...nextM.flatMap((row, k) => row.map((v, l) => Math.abs(v - m[k]![l]!))),
    );
    m = nextM;
    if (!fixU) u = nextU;
    lambda = nextLambda;
    if (change < 1e-5) break;
  }
  return { m, uBlocked: u, lambdaBlocked: lambda, iterations };
}

/** Starting m: the configured values, or most mass on the best level and little on "else". */
export function startingM(comparisons: ComparisonData[], config: LinkConfig): number[][] {
  return comparisons.map((comparison, k) => {
    const configured = config.comparisons[k]!.m_fixed ?? config.comparisons[k]!.m_start;
    const n = comparison.levelCount;
    if (configured && configured.length !== n - 1)
      throw new Error(
        `comparison ${comparison.name}: m_start/m_fixed needs ${n - 1} values (its levels and "else")`,
      );
    const raw = configured ?? defaultM(n - 1);
    const sum = raw.reduce((a, b) => a + b, 0);
    return [1, ...raw.map((v) => v / sum)];
  });
}

function defaultM(levels: number): number[] {
  // e.g. 3 levels + else: 0.7, 0.15, 0.1, 0.05
  if (levels === 2) return [0.9, 0.1];
  const out = [0.7];
  const middle = levels - 2;
  for (let l = 0; l < middle; l++) out.push(0.25 / middle);
  out.push(0.05);
  return out;
}

export interface TrainedModel {
  lambda: number;
  m: number[][];
  u: number[][];
  weights: ModelWeights;
  em: { iterations: number; lambdaBlocked: number; patterns: number };
}

export function buildModel(
  comparisons: ComparisonData[],
  lambda: number,
  m: number[][],
  u: number[][],
  minTf: number,
  elseCap: number[],
): ModelWeights {
  return {
    elseCap,
    logPriorOdds: Math.log2(lambda / (1 - lambda)),
    levelWeights: m.map((row, k) =>
      row.map((mv, l) => (l === 0 ? 0 : Math.log2(Math.max(FLOOR, mv) / u[k]![l]!))),
    ),
    logU: u.map((row) => row.map((uv) => Math.log2(uv))),
    tfWeight: comparisons.map((c) => c.tfWeight),
    minTf,
  };
}
