import type { ComparisonData } from './compile.ts';
import type { LevelSpec } from './config.ts';
import { editDistanceCodes, jaroWinklerCodes } from './strings.ts';

/**
 * The per-pair side of a comparison: which level a record pair falls in, and for levels with
 * a term-frequency adjustment, how common the agreed value is. Levels are tried in order and
 * the first that holds wins. Results are memoised per pair of distinct values in a
 * direct-mapped cache, since names repeat: most pairs cost one typed-array probe.
 */
export interface Kernel {
  levelCount: number;
  level(i: number, j: number): number;
  /** 1 where the level's weight is adjusted by term frequency. */
  tfLevels: Uint8Array;
  /** Frequency of the value the records agree on (the commoner one for fuzzy levels). */
  tfFrequency(i: number, j: number, level: number): number;
}

const CACHE_BITS = 18;

/** A direct-mapped memo from an unordered pair of ids (a < b) to a small integer. */
class PairMemo {
  private readonly keys: Float64Array;
  private readonly values: Int8Array;
  private readonly mask: number;
  constructor(
    private readonly width: number,
    bits = CACHE_BITS,
  ) {
    this.keys = new Float64Array(1 << bits).fill(-1);
    this.values = new Int8Array(1 << bits);
    this.mask = (1 << bits) - 1;
  }
  get(a: number, b: number, compute: (a: number, b: number) => number): number {
    const key = a * this.width + b;
    const slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) & this.mask;
    if (this.keys[slot] === key) return this.values[slot]!;
    const value = compute(a, b);
    this.keys[slot] = key;
    this.values[slot] = value;
    return value;
  }
}

export function makeKernel(data: ComparisonData): Kernel {
  const tfLevels = new Uint8Array(data.levelCount);
  data.levels.forEach((level, k) => {
    if ('tf' in level && level.tf) tfLevels[k + 1] = 1;
  });
  const level = levelFunction(data);
  return { levelCount: data.levelCount, level, tfLevels, tfFrequency: tfFunction(data) };
}

// Level kinds as small integers: the hot loop switches on numbers and reads parameters from a
// Float64Array, so one compiled function serves every comparison without megamorphic property loads.
const KIND = {
  exact: 1,
  skeleton: 2,
  jw: 3,
  jw_skeleton: 4,
  edit: 5,
  edit_skeleton: 6,
  days: 7,
  month: 8,
  year: 9,
  abs: 10,
  subset: 11,
  shared: 12,
  same_place: 13,
  within: 14,
  same_at: 15,
} as const;

function levelCodes(levels: LevelSpec[]): { kinds: Uint8Array; params: Float64Array } {
  const kinds = new Uint8Array(levels.length);
  const params = new Float64Array(levels.length);
  levels.forEach((level, k) => {
    switch (level.kind) {
      case 'jw':
        kinds[k] = level.on === 'skeleton' ? KIND.jw_skeleton : KIND.jw;
        params[k] = level.min;
        break;
      case 'edit':
        kinds[k] = level.on === 'skeleton' ? KIND.edit_skeleton : KIND.edit;
        params[k] = level.max;
        break;
      case 'days':
      case 'abs':
        kinds[k] = KIND[level.kind];
        params[k] = level.max;
        break;
      case 'shared':
        kinds[k] = KIND.shared;
        params[k] = level.min;
        break;
      case 'same_at':
        kinds[k] = KIND.same_at;
        params[k] = level.depth;
        break;
      case 'skeleton':
        kinds[k] = KIND.skeleton;
        params[k] = level.min_jw;
        break;
      case 'same_place':
        kinds[k] = KIND.same_place;
        params[k] = level.min_depth;
        break;
      case 'swap':
      case 'first_exact':
      case 'second_exact':
        kinds[k] = 0; // only name_pair uses these
        break;
      default:
        kinds[k] = KIND[level.kind];
    }
  });
  return { kinds, params };
}

const EMPTY_I32 = new Int32Array(0);
const EMPTY_F64 = new Float64Array(0);

function levelFunction(data: ComparisonData): (i: number, j: number) => number {
  const { valueIds, levels } = data;
  const elseLevel = levels.length + 1;
  if (data.type === 'name_pair') return namePairLevel(data);
  if (data.type === 'exact') {
    return (i, j) => {
      const a = valueIds[i]!;
      const b = valueIds[j]!;
      if (a < 0 || b < 0) return 0;
      return a === b ? 1 : elseLevel;
    };
  }
  const compute = distinctValueLevel(data);
  const isHierarchy = data.type === 'hierarchy';
  const memo = new PairMemo(Math.max(1, valueCount(data)));
  return (i, j) => {
    const a = valueIds[i]!;
    const b = valueIds[j]!;
    if (a < 0 || b < 0) return 0;
    // Equal values pass the first level (the same text), except equal paths that stop short
    // of the depth "same place" asks for: two records both saying only "Homs governorate".
    if (a === b && !isHierarchy) return 1;
    return a < b ? memo.get(a, b, compute) : memo.get(b, a, compute);
  };
}

function valueCount(data: ComparisonData): number {
  if (data.strings) return data.strings.offsets.length;
  if (data.tokenStart) return data.tokenStart.length;
  if (data.path && data.depth) return data.path.length / data.depth + 1;
  return data.valueIds.length + 1;
}

/**
 * The level of a pair of distinct values. String similarities are computed at most once per
 * pair (several JW thresholds share one JW), edit distance with the largest bound any level
 * asks for; across scripts only skeletons are comparable, so value levels use them.
 */
function distinctValueLevel(data: ComparisonData): (a: number, b: number) => number {
  const { kinds, params } = levelCodes(data.levels);
  const count = kinds.length;
  const elseLevel = count + 1;
  const codes = data.strings?.codes ?? new Uint16Array(0);
  const offsets = data.strings?.offsets ?? EMPTY_I32;
  const skeleton = data.skeleton ?? EMPTY_I32;
  const hasSkeleton = data.skeleton !== undefined;
  const arabic = data.arabic ?? new Uint8Array(0);
  const hasScript = data.arabic !== undefined;
  const days = data.days ?? EMPTY_F64;
  const months = data.months ?? EMPTY_F64;
  const years = data.years ?? EMPTY_F64;
  const numbers = data.numbers ?? EMPTY_F64;
  const maxEdit = Math.max(0, ...data.levels.map((level) => (level.kind === 'edit' ? level.max : 0)));
  const jw = (a: number, b: number) =>
    jaroWinklerCodes(
      codes,
      offsets[a]!,
      offsets[a + 1]! - offsets[a]!,
      offsets[b]!,
      offsets[b + 1]! - offsets[b]!,
    );
  const edit = (a: number, b: number) =>
    editDistanceCodes(
      codes,
      offsets[a]!,
      offsets[a + 1]! - offsets[a]!,
      offsets[b]!,
      offsets[b + 1]! - offsets[b]!,
      maxEdit,
    );
  return (a, b) => {
    const crossScript = hasScript && arabic[a] !== arabic[b];
    const sa = hasSkeleton ? skeleton[a]! : -1;
    const sb = hasSkeleton ? skeleton[b]! : -1;
    const skeletonsKnown = sa >= 0 && sb >= 0;
    let jwValue = -1;
    let jwSkeleton = -1;
    let editValue = -1;
    let editSkeleton = -1;
    for (let k = 0; k < count; k++) {
      let kind = kinds[k]!;
      const param = params[k]!;
      if (crossScript && kind === KIND.jw) kind = KIND.jw_skeleton;
      else if (crossScript && kind === KIND.edit) kind = KIND.edit_skeleton;
      let holds = false;
      switch (kind) {
        case KIND.skeleton:
          holds = skeletonsKnown && sa === sb;
          if (holds && !crossScript && param > 0) {
            if (jwValue < 0) jwValue = jw(a, b);
            holds = jwValue >= param;
          }
          break;
        case KIND.jw:
          if (jwValue < 0) jwValue = jw(a, b);
          holds = jwValue >= param;
          break;
        case KIND.jw_skeleton:
          if (skeletonsKnown && jwSkeleton < 0) jwSkeleton = jw(sa, sb);
          holds = skeletonsKnown && jwSkeleton >= param;
          break;
        case KIND.edit:
          if (editValue < 0) editValue = edit(a, b);
          holds = editValue <= param;
          break;
        case KIND.edit_skeleton:
          if (skeletonsKnown && editSkeleton < 0) editSkeleton = edit(sa, sb);
          holds = skeletonsKnown && editSkeleton <= param;
          break;
        case KIND.days:
          holds = Math.abs(days[a]! - days[b]!) <= param;
          break;
        case KIND.month:
          holds = months[a] === months[b] && !Number.isNaN(months[a]!);
          break;
        case KIND.year:
          holds = years[a] === years[b] && !Number.isNaN(years[a]!);
          break;
        case KIND.abs:
          holds = Math.abs(numbers[a]! - numbers[b]!) <= param;
          break;
        case KIND.subset:
        case KIND.shared:
          holds = tokenTest(data, kind === KIND.subset, param, a, b);
          break;
        case KIND.within:
        case KIND.same_at:
          holds = pathTest(data, kind === KIND.within, param, a, b);
          break;
        case KIND.same_place:
          holds = a === b && finestDepth(data, a) >= param;
          break;
        default:
          holds = false; // exact: the values differ
      }
      if (holds) return k + 1;
    }
    return elseLevel;
  };
}

function tokenTest(data: ComparisonData, subset: boolean, min: number, a: number, b: number): boolean {
  const starts = data.tokenStart!;
  const tokens = data.tokens!;
  let i = starts[a]!;
  let j = starts[b]!;
  const endA = starts[a + 1]!;
  const endB = starts[b + 1]!;
  let shared = 0;
  while (i < endA && j < endB) {
    const x = tokens[i]!;
    const y = tokens[j]!;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  if (subset) return shared > 0 && shared === Math.min(endA - starts[a]!, endB - starts[b]!);
  return shared >= min;
}

function finestDepth(data: ComparisonData, a: number): number {
  const depth = data.depth!;
  for (let d = depth - 1; d >= 0; d--) if (data.path![a * depth + d]! >= 0) return d;
  return -1;
}

function pathTest(data: ComparisonData, within: boolean, at: number, a: number, b: number): boolean {
  const path = data.path!;
  const depth = data.depth!;
  if (!within) {
    if (at >= depth) return false;
    const x = path[a * depth + at]!;
    return x >= 0 && x === path[b * depth + at];
  }
  // "within": every level both know agrees, and they share at least one.
  let shared = 0;
  for (let d = 0; d < depth; d++) {
    const x = path[a * depth + d]!;
    const y = path[b * depth + d]!;
    if (x < 0 || y < 0) continue;
    if (x !== y) return false;
    shared++;
  }
  return shared > 0;
}

function namePairLevel(data: ComparisonData): (i: number, j: number) => number {
  const first = data.valueIds;
  const second = data.secondOf!;
  const { codes, offsets } = data.strings!;
  const levels = data.levels;
  const elseLevel = levels.length + 1;
  const width = offsets.length;
  const jwMemo = new PairMemo(width);
  // JW scaled to 0..100 so the memo's Int8 holds it.
  const jwScaled = (a: number, b: number) =>
    Math.floor(
      100 *
        jaroWinklerCodes(
          codes,
          offsets[a]!,
          offsets[a + 1]! - offsets[a]!,
          offsets[b]!,
          offsets[b + 1]! - offsets[b]!,
        ),
    );
  const similarity = (a: number, b: number) => {
    if (a < 0 || b < 0) return 0;
    if (a === b) return 1;
    return (a < b ? jwMemo.get(a, b, jwScaled) : jwMemo.get(b, a, jwScaled)) / 100;
  };
  return (i, j) => {
    const fa = first[i]!;
    const sa = second[i]!;
    const fb = first[j]!;
    const sb = second[j]!;
    if ((fa < 0 && sa < 0) || (fb < 0 && sb < 0)) return 0;
    for (let k = 0; k < levels.length; k++) {
      const level = levels[k]!;
      let holds = false;
      switch (level.kind) {
        case 'exact':
          holds = fa >= 0 && sa >= 0 && fa === fb && sa === sb;
          break;
        case 'swap':
          holds = fa >= 0 && sa >= 0 && fa === sb && sa === fb;
          break;
        case 'jw':
          holds = similarity(fa, fb) >= level.min && similarity(sa, sb) >= level.min;
          break;
        case 'first_exact':
          holds = fa >= 0 && fa === fb;
          break;
        case 'second_exact':
          holds = sa >= 0 && sa === sb;
          break;
      }
      if (holds) return k + 1;
    }
    return elseLevel;
  };
}

/**
 * Per level, a function giving the frequency of the value a pair agrees on, chosen once at
 * setup so the scoring loop does no dispatch on the level's kind.
 */
function tfFunction(data: ComparisonData): (i: number, j: number, level: number) => number {
  const byLevel = data.levels.map((spec) => tfAccessor(data, spec));
  return (i, j, level) => {
    const accessor = byLevel[level - 1];
    return accessor ? accessor(i, j) : 1;
  };
}

function tfAccessor(data: ComparisonData, spec: LevelSpec): ((i: number, j: number) => number) | undefined {
  const { valueIds } = data;
  const of = (table: Float64Array, ids: Int32Array) => (i: number, j: number) => {
    const a = ids[i]!;
    const b = ids[j]!;
    return a < 0 || b < 0 ? 1 : Math.max(table[a]!, table[b]!);
  };
  switch (spec.kind) {
    case 'exact':
      if (data.type === 'name_pair') return of(data.comboTf!, data.comboOf!);
      return of(data.tf!, valueIds);
    case 'first_exact':
      return of(data.tf!, valueIds);
    case 'second_exact':
      return of(data.secondTf!, data.secondOf!);
    case 'skeleton': {
      const skeleton = data.skeleton!;
      const tf = data.tfSkeleton!;
      return (i, j) => {
        const a = valueIds[i]!;
        const b = valueIds[j]!;
        if (a < 0 || b < 0) return 1;
        const sa = skeleton[a]!;
        const sb = skeleton[b]!;
        return sa < 0 || sb < 0 ? 1 : Math.max(tf[sa]!, tf[sb]!);
      };
    }
    default:
      return undefined;
  }
}
