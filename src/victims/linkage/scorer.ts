import type { ComparisonData } from './compile.ts';
import { type Kernel, makeKernel } from './kernel.ts';

/**
 * What scoring needs from a trained model, as plain arrays that cross to worker threads:
 * the prior as a log2 odds, per comparison and level log2(m/u) and log2(u) (for
 * term-frequency adjustments), and each comparison's share of that adjustment.
 */
export interface ModelWeights {
  logPriorOdds: number;
  levelWeights: number[][];
  logU: number[][];
  tfWeight: number[];
  /** Smallest frequency used in a term-frequency adjustment, so one-off typos do not dominate. */
  minTf: number;
  /** Per comparison, the highest weight a pair at its "else" level may get (Infinity: none). */
  elseCap: number[];
}

/** A pair's agreement pattern as one integer: level of comparison k times the product of earlier level counts. */
export function radices(comparisons: Array<{ levelCount: number }>): number[] {
  const out: number[] = [];
  let radix = 1;
  for (const comparison of comparisons) {
    out.push(radix);
    radix *= comparison.levelCount;
  }
  if (radix > 2 ** 52) throw new Error('too many comparison levels to pack into one pattern');
  return out;
}

export function decodePattern(code: number, levelCounts: number[]): number[] {
  const levels: number[] = [];
  let rest = code;
  for (const count of levelCounts) {
    levels.push(rest % count);
    rest = Math.floor(rest / count);
  }
  return levels;
}

/** Compares record pairs with every comparison of a model; used by workers and the main thread alike. */
export class PairScorer {
  readonly kernels: Kernel[];
  readonly radix: number[];
  private readonly tfComparisons: number[];

  constructor(comparisons: ComparisonData[]) {
    this.kernels = comparisons.map(makeKernel);
    this.radix = radices(comparisons);
    this.tfComparisons = this.kernels.flatMap((kernel, k) =>
      kernel.tfLevels.some((x) => x === 1) ? [k] : [],
    );
  }

  pattern(i: number, j: number): number {
    let code = 0;
    const kernels = this.kernels;
    for (let k = 0; k < kernels.length; k++) code += kernels[k]!.level(i, j) * this.radix[k]!;
    return code;
  }

  /** Match weight of a pair whose pattern weight is known: adds the term-frequency adjustments. */
  tfAdjustment(i: number, j: number, code: number, model: ModelWeights): number {
    return this.tfAdjustmentAt(i, j, this.tfLevelsOf(code), model);
  }

  /** The (comparison, level) pairs of a pattern that carry a term-frequency adjustment, flat. */
  tfLevelsOf(code: number): Int32Array {
    const out: number[] = [];
    for (const k of this.tfComparisons) {
      const kernel = this.kernels[k]!;
      const level = Math.floor(code / this.radix[k]!) % kernel.levelCount;
      if (kernel.tfLevels[level] === 1) out.push(k, level);
    }
    return Int32Array.from(out);
  }

  tfAdjustmentAt(i: number, j: number, tfLevels: Int32Array, model: ModelWeights): number {
    let extra = 0;
    for (let t = 0; t < tfLevels.length; t += 2) {
      const k = tfLevels[t]!;
      const level = tfLevels[t + 1]!;
      const frequency = Math.max(model.minTf, this.kernels[k]!.tfFrequency(i, j, level));
      // Splink: u of the level replaced by the value's frequency, for a share tf_weight.
      extra += model.tfWeight[k]! * (model.logU[k]![level]! - Math.log2(frequency));
    }
    return extra;
  }

  patternWeight(code: number, model: ModelWeights): number {
    let weight = model.logPriorOdds;
    for (let k = 0; k < this.kernels.length; k++) {
      const level = Math.floor(code / this.radix[k]!) % this.kernels[k]!.levelCount;
      weight += model.levelWeights[k]![level]!;
    }
    return weight;
  }

  /** The lowest cap among the comparisons at their "else" level, or Infinity. */
  patternCap(code: number, model: ModelWeights): number {
    let cap = Number.POSITIVE_INFINITY;
    for (let k = 0; k < this.kernels.length; k++) {
      const count = this.kernels[k]!.levelCount;
      const level = Math.floor(code / this.radix[k]!) % count;
      if (level === count - 1 && model.elseCap[k]! < cap) cap = model.elseCap[k]!;
    }
    return cap;
  }

  weight(i: number, j: number, model: ModelWeights): number {
    const code = this.pattern(i, j);
    const weight = this.patternWeight(code, model) + this.tfAdjustment(i, j, code, model);
    return Math.min(weight, this.patternCap(code, model));
  }
}

export const probabilityOf = (weight: number): number => 1 / (1 + 2 ** -weight);
export const weightOf = (probability: number): number =>
  Math.log2(Math.max(1e-300, probability) / Math.max(1e-300, 1 - probability));
