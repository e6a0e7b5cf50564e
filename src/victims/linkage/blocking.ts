import { parseLooseDateOrNull } from '../dates.ts';
import type { KeyPart, RuleSpec } from './config.ts';
import { StringInterner } from './intern.ts';
import { normalizeCell, skeletonOf } from './normalize.ts';
import { column, type RecordTable } from './table.ts';

/**
 * Blocking: candidate pairs are records that share the key of at least one rule. Each rule's
 * key is interned to an int per record (-1 when a part is missing: a missing value never
 * blocks). A pair is emitted only by the first rule that generates it (Splink's match_key),
 * so the union is scored once without a global set of seen pairs.
 */
export interface BlockingPlan {
  keys: Int32Array[];
  /** Per rule, per key id: how many records share it. */
  blockSizes: Int32Array[];
  maxBlockSize: number;
  /** Link mode: only pairs of records from different inputs. */
  source: Uint8Array | null;
}

export interface BlockingStats {
  pairs: number;
  pairsPerRule: number[];
  skippedBlocks: Array<{ rule: number; size: number }>;
}

export function ruleKeys(table: RecordTable, rule: RuleSpec): Int32Array {
  const parts = rule.map(keyPartReader(table));
  const interner = new StringInterner();
  const keys = new Int32Array(table.size);
  for (let r = 0; r < table.size; r++) {
    let key = '';
    for (const read of parts) {
      const value = read(r);
      if (value === '') {
        key = '';
        break;
      }
      key = key === '' ? value : `${key}\u0001${value}`;
    }
    keys[r] = interner.intern(key);
  }
  return keys;
}

function keyPartReader(table: RecordTable): (part: KeyPart) => (r: number) => string {
  return (part) => {
    const spec = typeof part === 'string' ? { column: part, transform: 'value' as const } : part;
    const cells = column(table, spec.column);
    const memo = new Map<string, string>();
    const transform = (raw: string): string => {
      switch (spec.transform) {
        case 'value':
          return raw.trim();
        case 'lower':
          return normalizeCell(raw, 'lower');
        case 'name':
          return normalizeCell(raw, 'name');
        case 'skeleton':
          return skeletonOf(raw);
        case 'year':
          return String(parseLooseDateOrNull(raw)?.year ?? '');
        case 'year_month': {
          const date = parseLooseDateOrNull(raw);
          return date?.month ? `${date.year}-${date.month}` : '';
        }
        case 'first':
          return normalizeCell(raw, 'lower').slice(0, spec.length ?? 3);
        case 'last':
          return normalizeCell(raw, 'lower').slice(-(spec.length ?? 3));
      }
    };
    if (spec.transform === 'value') return (r) => cells[r]!.trim();
    return (r) => {
      const raw = cells[r]!;
      let value = memo.get(raw);
      if (value === undefined) {
        value = transform(raw);
        if (memo.size < 1_000_000) memo.set(raw, value);
      }
      return value;
    };
  };
}

export function planBlocking(
  table: RecordTable,
  rules: RuleSpec[],
  maxBlockSize: number,
  linkMode: boolean,
): BlockingPlan {
  const keys = rules.map((rule) => ruleKeys(table, rule));
  const blockSizes = keys.map((ruleKeysOf) => {
    let max = -1;
    for (const k of ruleKeysOf) if (k > max) max = k;
    const sizes = new Int32Array(max + 1);
    for (const k of ruleKeysOf) if (k >= 0) sizes[k]!++;
    return sizes;
  });
  return { keys, blockSizes, maxBlockSize, source: linkMode ? table.source : null };
}

/**
 * Streams candidate pairs as chunks of [i0, j0, i1, j1, ...] (i < j), rule by rule.
 * `onChunk` may return a promise to apply back-pressure.
 */
export async function generatePairs(
  plan: BlockingPlan,
  chunkPairs: number,
  onChunk: (pairs: Uint32Array) => void | Promise<void>,
  limit = Number.POSITIVE_INFINITY,
): Promise<BlockingStats> {
  const stats: BlockingStats = { pairs: 0, pairsPerRule: [], skippedBlocks: [] };
  let buffer = new Uint32Array(chunkPairs * 2);
  let filled = 0;
  const { keys, blockSizes, maxBlockSize, source } = plan;
  for (let rule = 0; rule < keys.length; rule++) {
    const ruleKeysOf = keys[rule]!;
    const sizes = blockSizes[rule]!;
    const members = groupByKey(ruleKeysOf, sizes);
    let emitted = 0;
    for (let key = 0; key < sizes.length; key++) {
      const size = sizes[key]!;
      if (size < 2) continue;
      if (emitted >= limit) break;
      if (size > maxBlockSize) {
        stats.skippedBlocks.push({ rule, size });
        continue;
      }
      const start = members.starts[key]!;
      for (let x = start; x < start + size; x++) {
        const p = members.order[x]!;
        for (let y = x + 1; y < start + size; y++) {
          const q = members.order[y]!;
          if (source && source[p] === source[q]) continue;
          if (foundByEarlierRule(plan, rule, p, q)) continue;
          buffer[filled++] = Math.min(p, q);
          buffer[filled++] = Math.max(p, q);
          emitted++;
          if (filled === buffer.length) {
            await onChunk(buffer);
            buffer = new Uint32Array(chunkPairs * 2);
            filled = 0;
          }
        }
      }
    }
    stats.pairsPerRule.push(emitted);
  }
  if (filled > 0) await onChunk(buffer.slice(0, filled));
  stats.pairs = stats.pairsPerRule.reduce((a, b) => a + b, 0);
  return stats;
}

function foundByEarlierRule(plan: BlockingPlan, rule: number, p: number, q: number): boolean {
  for (let earlier = 0; earlier < rule; earlier++) {
    const k = plan.keys[earlier]![p]!;
    if (k >= 0 && k === plan.keys[earlier]![q] && plan.blockSizes[earlier]![k]! <= plan.maxBlockSize)
      return true;
  }
  return false;
}

/** Counting sort of record indices by key: the members of key k are order[starts[k] .. +sizes[k]). */
function groupByKey(keys: Int32Array, sizes: Int32Array): { order: Uint32Array; starts: Uint32Array } {
  const starts = new Uint32Array(sizes.length);
  let at = 0;
  for (let k = 0; k < sizes.length; k++) {
    starts[k] = at;
    at += sizes[k]!;
  }
  const cursor = starts.slice();
  const order = new Uint32Array(at);
  for (let r = 0; r < keys.length; r++) {
    const k = keys[r]!;
    if (k >= 0) order[cursor[k]!++] = r;
  }
  return { order, starts };
}

/** Pairs the rules would generate, counted without storing them (for the prior). */
export async function countPairs(plan: BlockingPlan): Promise<number> {
  let total = 0;
  const stats = await generatePairs(plan, 1 << 16, () => {});
  total = stats.pairs;
  return total;
}

/** Every possible pair: n(n-1)/2, or across inputs only in link mode. */
export function totalPairs(table: RecordTable, linkMode: boolean): number {
  if (!linkMode) return (table.size * (table.size - 1)) / 2;
  const perSource = new Map<number, number>();
  for (const s of table.source) perSource.set(s, (perSource.get(s) ?? 0) + 1);
  let sum = 0;
  let sumSquares = 0;
  for (const n of perSource.values()) {
    sum += n;
    sumSquares += n * n;
  }
  return (sum * sum - sumSquares) / 2;
}
