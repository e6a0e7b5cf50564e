import { type BlockingStats, countPairs, generatePairs, planBlocking, totalPairs } from './blocking.ts';
import { type Clustering, type ClusterOptions, clusterPairs, type ScoredPairs } from './cluster.ts';
import { type ComparisonData, compileComparison } from './compile.ts';
import { comparisonColumns, type LinkConfig, ruleColumns } from './config.ts';
import { ScorePool } from './pool.ts';
import { randomPairs } from './sample.ts';
import { PairScorer, weightOf } from './scorer.ts';
import type { RecordTable } from './table.ts';
import {
  addCounts,
  buildModel,
  expectationMaximisation,
  levelShares,
  type PatternCounts,
  startingM,
  type TrainedModel,
} from './train.ts';

/**
 * The whole linkage run: compile comparisons, estimate u on random pairs, stream blocked pairs
 * through the scoring threads (patterns counted, pairs kept there), estimate the prior and m,
 * weigh every kept pair in the threads, then cluster in the main thread.
 */
export interface LinkOptions {
  /** Pairs only across input files (link mode) rather than within and across (dedupe). */
  linkMode: boolean;
  threads?: number;
  /** Overrides the config's threshold (match probability). */
  threshold?: number;
  onProgress?: (phase: string, done: number, total: number) => void;
}

export interface LinkResult {
  table: RecordTable;
  model: TrainedModel;
  comparisons: ComparisonData[];
  /** Pairs scored at or above keep_above, with their match weights. */
  pairs: ScoredPairs;
  clustering: Clustering;
  scorer: PairScorer;
  stats: {
    blocking: BlockingStats;
    scoredPairs: number;
    possiblePairs: number;
    uPairs: number;
    threads: number;
    seconds: Record<string, number>;
  };
}

const CHUNK_PAIRS = 1 << 18;

export async function linkTable(
  table: RecordTable,
  config: LinkConfig,
  options: LinkOptions,
): Promise<LinkResult> {
  const seconds: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    seconds[name] = (now - mark) / 1000;
    mark = now;
  };
  const progress = options.onProgress ?? (() => {});
  const comparisons = config.comparisons.map((spec) => compileComparison(table, spec));
  const levelCounts = comparisons.map((c) => c.levelCount);
  const plan = planBlocking(table, config.blocking, config.max_block_size, options.linkMode);
  lap('prepare');

  const pool = new ScorePool(comparisons, options.threads);
  try {
    // u: random pairs, almost all non-matches.
    const randomCounts: PatternCounts = new Map();
    const pendingU: Array<Promise<{ codes: Float64Array; counts: Float64Array }>> = [];
    const source = options.linkMode ? table.source : null;
    const uPairs = await randomPairs(
      table.size,
      source,
      config.training.u_pairs,
      config.training.seed,
      CHUNK_PAIRS,
      async (pairs) => {
        pendingU.push((await pool.submit(pairs, false)).result);
      },
    );
    for (const reply of await Promise.all(pendingU)) addCounts(randomCounts, reply.codes, reply.counts);
    const uRandom = levelShares(randomCounts, levelCounts);
    lap('estimate_u');

    // Blocked pairs: patterns counted now, pairs kept in the threads for scoring.
    const blockedCounts: PatternCounts = new Map();
    const pendingBlocked: Array<Promise<void>> = [];
    const bound = blockUpperBound(plan);
    let sent = 0;
    const blocking = await generatePairs(plan, CHUNK_PAIRS, async (pairs) => {
      sent += pairs.length / 2;
      progress('blocking and comparing', sent, bound);
      const { result } = await pool.submit(pairs, true);
      pendingBlocked.push(result.then((r) => addCounts(blockedCounts, r.codes, r.counts)));
    });
    await Promise.all(pendingBlocked);
    lap('block_and_compare');

    // Prior: pairs strict rules accept, over their assumed recall, over all possible pairs.
    const possiblePairs = totalPairs(table, options.linkMode);
    let lambda: number;
    if (config.training.deterministic.length > 0) {
      const strict = planBlocking(
        table,
        config.training.deterministic,
        config.max_block_size,
        options.linkMode,
      );
      const accepted = await countPairs(strict);
      lambda = Math.max(1, accepted) / config.training.recall / Math.max(1, possiblePairs);
    } else lambda = 0;
    const m =
      config.training.em_rules.length > 0
        ? await emSessions(table, config, comparisons, pool, uRandom, lambda, options.linkMode)
        : null;
    const em = expectationMaximisation(
      blockedCounts,
      comparisons,
      uRandom,
      m ?? startingM(comparisons, config),
      lambda > 0 ? (lambda * possiblePairs) / Math.max(1, blocking.pairs) : 0.1,
      m ? 0 : config.training.em_iterations,
      config.training.em_u === 'fixed',
      [],
      fixedMask(config),
    );
    if (m) em.m = m;
    if (lambda === 0) lambda = (em.lambdaBlocked * blocking.pairs) / Math.max(1, possiblePairs);
    lambda = Math.min(0.5, Math.max(1e-12, lambda));
    const minTf = 1 / Math.max(1, table.size);
    const elseCap = config.comparisons.map((spec) =>
      spec.else_cap === undefined ? Number.POSITIVE_INFINITY : weightOf(spec.else_cap),
    );
    const weights = buildModel(comparisons, lambda, em.m, uRandom, minTf, elseCap);
    const model: TrainedModel = {
      lambda,
      m: em.m,
      u: uRandom,
      weights,
      em: { iterations: em.iterations, lambdaBlocked: em.lambdaBlocked, patterns: blockedCounts.size },
    };
    lap('train');

    progress('scoring', 0, 1);
    const replies = await pool.score(weights, weightOf(config.keep_above));
    const pairs = mergeScored(replies);
    const scoredPairs = replies.reduce((sum, r) => sum + r.scored, 0);
    lap('score');

    const scorer = new PairScorer(comparisons);
    const threshold = options.threshold ?? config.threshold;
    const clusterOptions: ClusterOptions = {
      thresholdWeight: weightOf(threshold),
      distinctWeight:
        config.clustering.distinct_below > 0 ? weightOf(config.clustering.distinct_below) : -Infinity,
      maxChecks: config.clustering.max_checks,
      scorer,
      model: weights,
    };
    const clustering = clusterPairs(table.size, pairs, clusterOptions);
    lap('cluster');
    return {
      table,
      model,
      comparisons,
      pairs,
      clustering,
      scorer,
      stats: { blocking, scoredPairs, possiblePairs, uPairs, threads: pool.size, seconds },
    };
  } finally {
    await pool.close();
  }
}

/**
 * Splink's training: one EM per training rule on that rule's pairs, u fixed at its random-pair
 * values, each comparison that reads the rule's columns held out; each comparison's m is the
 * mean over the sessions that estimated it.
 */
async function emSessions(
  table: RecordTable,
  config: LinkConfig,
  comparisons: ComparisonData[],
  pool: ScorePool,
  uRandom: number[][],
  lambda: number,
  linkMode: boolean,
): Promise<number[][]> {
  const start = startingM(comparisons, config);
  const sums = start.map((row) => row.map(() => 0));
  const sessions = comparisons.map(() => 0);
  const possible = totalPairs(table, linkMode);
  for (const rule of config.training.em_rules) {
    const columns = ruleColumns(rule);
    const heldOut = config.comparisons.map((spec) =>
      [...comparisonColumns(spec)].some((c) => columns.has(c)),
    );
    const plan = planBlocking(table, [rule], config.max_block_size, linkMode);
    const counts: PatternCounts = new Map();
    const pending: Array<Promise<void>> = [];
    const stats = await generatePairs(
      plan,
      CHUNK_PAIRS,
      async (pairs) => {
        const { result } = await pool.submit(pairs, false);
        pending.push(result.then((r) => addCounts(counts, r.codes, r.counts)));
      },
      config.training.em_max_pairs,
    );
    await Promise.all(pending);
    const lambdaStart = lambda > 0 ? (lambda * possible) / Math.max(1, stats.pairs) : 0.1;
    const session = expectationMaximisation(
      counts,
      comparisons,
      uRandom,
      start,
      lambdaStart,
      config.training.em_iterations,
      true,
      heldOut,
      fixedMask(config),
    );
    session.m.forEach((row, k) => {
      if (heldOut[k]) return;
      sessions[k]!++;
      row.forEach((value, level) => {
        sums[k]![level]! += value;
      });
    });
  }
  return sums.map((row, k) => (sessions[k]! > 0 ? row.map((sum) => sum / sessions[k]!) : start[k]!));
}

const fixedMask = (config: LinkConfig) => config.comparisons.map((spec) => spec.m_fixed !== undefined);

function blockUpperBound(plan: ReturnType<typeof planBlocking>): number {
  let bound = 0;
  for (const sizes of plan.blockSizes)
    for (const size of sizes) if (size > 1 && size <= plan.maxBlockSize) bound += (size * (size - 1)) / 2;
  return bound;
}

function mergeScored(replies: Array<{ pairs: Uint32Array; weights: Float32Array }>): ScoredPairs {
  const total = replies.reduce((sum, r) => sum + r.weights.length, 0);
  const left = new Uint32Array(total);
  const right = new Uint32Array(total);
  const weight = new Float32Array(total);
  let at = 0;
  for (const reply of replies) {
    for (let p = 0; p < reply.weights.length; p++) {
      left[at] = reply.pairs[2 * p]!;
      right[at] = reply.pairs[2 * p + 1]!;
      weight[at++] = reply.weights[p]!;
    }
  }
  return { left, right, weight };
}

/** Re-clusters already scored pairs at another threshold (evaluation sweeps, review). */
export function reclusterAt(
  result: LinkResult,
  threshold: number,
  distinctBelow: number,
  maxChecks: number,
): Clustering {
  return clusterPairs(result.table.size, result.pairs, {
    thresholdWeight: weightOf(threshold),
    distinctWeight: distinctBelow > 0 ? weightOf(distinctBelow) : -Infinity,
    maxChecks,
    scorer: result.scorer,
    model: result.model.weights,
  });
}
