import { parentPort, workerData } from 'node:worker_threads';
import type { ComparisonData } from './compile.ts';
import { type ModelWeights, PairScorer } from './scorer.ts';

/**
 * A scoring thread. It receives chunks of candidate pairs, computes each pair's agreement
 * pattern and keeps the chunk (pairs and a local pattern index) for the second pass, when
 * the trained model turns patterns into weights and only pairs above a floor go back.
 */
export type WorkerRequest =
  | { type: 'patterns'; id: number; pairs: Uint32Array; keep: boolean }
  | { type: 'score'; id: number; model: ModelWeights; keepAbove: number }
  | { type: 'reset'; id: number };

export type WorkerReply =
  | { type: 'patterns'; id: number; codes: Float64Array; counts: Float64Array }
  | { type: 'scored'; id: number; pairs: Uint32Array; weights: Float32Array; scored: number }
  | { type: 'reset'; id: number }
  | { type: 'error'; id: number; message: string };

const scorer = new PairScorer((workerData as { comparisons: ComparisonData[] }).comparisons);
const localIndex = new Map<number, number>();
const localCodes: number[] = [];
const kept: Array<{ pairs: Uint32Array; patterns: Uint32Array }> = [];

function patterns(pairs: Uint32Array, keep: boolean): { codes: Float64Array; counts: Float64Array } {
  const count = pairs.length >> 1;
  const patternOfPair = new Uint32Array(count);
  const chunkCounts = new Map<number, number>();
  for (let p = 0; p < count; p++) {
    const code = scorer.pattern(pairs[2 * p]!, pairs[2 * p + 1]!);
    let local = localIndex.get(code);
    if (local === undefined) {
      local = localCodes.length;
      localIndex.set(code, local);
      localCodes.push(code);
    }
    patternOfPair[p] = local;
    chunkCounts.set(code, (chunkCounts.get(code) ?? 0) + 1);
  }
  if (keep) kept.push({ pairs, patterns: patternOfPair });
  return { codes: Float64Array.from(chunkCounts.keys()), counts: Float64Array.from(chunkCounts.values()) };
}

function score(model: ModelWeights, keepAbove: number) {
  const base = new Float64Array(localCodes.length);
  const cap = new Float64Array(localCodes.length);
  // The most a pattern's pairs can weigh once term frequencies are added (the rarest value
  // counts as minTf): patterns that cannot reach keepAbove skip the per-pair work entirely.
  const ceiling = new Float64Array(localCodes.length);
  const tfLevels: Int32Array[] = [];
  for (let local = 0; local < localCodes.length; local++) {
    base[local] = scorer.patternWeight(localCodes[local]!, model);
    cap[local] = scorer.patternCap(localCodes[local]!, model);
    const levels = scorer.tfLevelsOf(localCodes[local]!);
    tfLevels.push(levels);
    let most = base[local]!;
    for (let t = 0; t < levels.length; t += 2)
      most += Math.max(
        0,
        model.tfWeight[levels[t]!]! * (model.logU[levels[t]!]![levels[t + 1]!]! - Math.log2(model.minTf)),
      );
    ceiling[local] = Math.min(cap[local]!, most);
  }
  let outPairs = new Uint32Array(1 << 16);
  let outWeights = new Float32Array(1 << 15);
  let out = 0;
  let scored = 0;
  for (const chunk of kept) {
    const { pairs, patterns: locals } = chunk;
    for (let p = 0; p < locals.length; p++) {
      const local = locals[p]!;
      scored++;
      if (ceiling[local]! < keepAbove) continue;
      const i = pairs[2 * p]!;
      const j = pairs[2 * p + 1]!;
      const levels = tfLevels[local]!;
      const tf = levels.length > 0 ? scorer.tfAdjustmentAt(i, j, levels, model) : 0;
      const weight = Math.min(cap[local]!, base[local]! + tf);
      if (weight < keepAbove) continue;
      if (out === outWeights.length) {
        const biggerPairs = new Uint32Array(outPairs.length * 2);
        biggerPairs.set(outPairs);
        outPairs = biggerPairs;
        const biggerWeights = new Float32Array(outWeights.length * 2);
        biggerWeights.set(outWeights);
        outWeights = biggerWeights;
      }
      outPairs[2 * out] = i;
      outPairs[2 * out + 1] = j;
      outWeights[out++] = weight;
    }
  }
  return { pairs: outPairs.slice(0, 2 * out), weights: outWeights.slice(0, out), scored };
}

parentPort!.on('message', (request: WorkerRequest) => {
  try {
    if (request.type === 'patterns') {
      const { codes, counts } = patterns(request.pairs, request.keep);
      const reply: WorkerReply = { type: 'patterns', id: request.id, codes, counts };
      parentPort!.postMessage(reply, [codes.buffer as ArrayBuffer, counts.buffer as ArrayBuffer]);
    } else if (request.type === 'score') {
      const result = score(request.model, request.keepAbove);
      const reply: WorkerReply = { type: 'scored', id: request.id, ...result };
      parentPort!.postMessage(reply, [
        result.pairs.buffer as ArrayBuffer,
        result.weights.buffer as ArrayBuffer,
      ]);
    } else {
      kept.length = 0;
      parentPort!.postMessage({ type: 'reset', id: request.id } satisfies WorkerReply);
    }
  } catch (error) {
    parentPort!.postMessage({
      type: 'error',
      id: request.id,
      message: (error as Error).stack ?? String(error),
    });
  }
});
