import { TallyError } from '../../core/errors.ts';
import { hasArabic } from '../../names/normalize.ts';
import { dayNumber, parseLooseDate, parseLooseDateOrNull } from '../dates.ts';
import type { ComparisonSpec, LevelSpec } from './config.ts';
import { type PackedStrings, StringInterner, sharedFloat64, sharedInt32, sharedUint8 } from './intern.ts';
import { normalizeCell, skeletonOf } from './normalize.ts';
import { column, type RecordTable } from './table.ts';

/**
 * A comparison turned into typed arrays (all on SharedArrayBuffers) that a worker thread can
 * receive by reference: per record a value id, per value what the levels need (packed strings,
 * skeleton ids, script, day numbers, token sets, place paths) and term frequencies.
 * Level 0 is "null" (a side is missing), levels 1..L are the configured ones, L+1 is "else".
 */
export interface ComparisonData {
  name: string;
  type: ComparisonSpec['type'];
  levels: LevelSpec[];
  levelCount: number;
  tfWeight: number;
  /** Per record: value id, -1 when missing. For name_pair the forename. */
  valueIds: Int32Array;
  /** name_pair: per record the surname id and the (forename, surname) combination id. */
  secondOf?: Int32Array;
  comboOf?: Int32Array;
  strings?: PackedStrings;
  /** Per value: the id (in `strings`) of its skeleton, -1 if none. */
  skeleton?: Int32Array;
  /** Per value: 1 when written in Arabic script. */
  arabic?: Uint8Array;
  /** Per value: day number, year*12+month, year (dates); or the number (numbers). NaN when unknown. */
  days?: Float64Array;
  months?: Float64Array;
  years?: Float64Array;
  numbers?: Float64Array;
  /** Per value: token ids, tokens[tokenStart[v] .. tokenStart[v+1]), sorted. */
  tokenStart?: Int32Array;
  tokens?: Int32Array;
  /** Per value (a path): node ids coarse to fine, `depth` per path, -1 past the finest. */
  path?: Int32Array;
  depth?: number;
  /** Per value id (and per skeleton id): share of non-missing records holding it. */
  tf?: Float64Array;
  tfSkeleton?: Float64Array;
  comboTf?: Float64Array;
  secondTf?: Float64Array;
}

export function compileComparison(table: RecordTable, spec: ComparisonSpec): ComparisonData {
  const base = {
    name: spec.name,
    type: spec.type,
    levels: spec.levels,
    levelCount: spec.levels.length + 2,
    tfWeight: spec.tf_weight,
  };
  const needsSkeleton = spec.levels.some(
    (level) => level.kind === 'skeleton' || ('on' in level && level.on === 'skeleton'),
  );
  if (needsSkeleton && spec.normalize !== 'name' && !spec.skeleton_column && spec.type === 'string')
    throw new TallyError(
      'validation_failed',
      `comparison ${spec.name}: skeleton levels need normalize "name" or skeleton_column`,
    );
  switch (spec.type) {
    case 'string':
    case 'exact':
      return { ...base, ...compileStrings(table, spec) };
    case 'name_pair':
      return { ...base, ...compileNamePair(table, spec) };
    case 'date':
      return { ...base, ...compileDates(table, spec) };
    case 'number':
      return { ...base, ...compileNumbers(table, spec) };
    case 'tokens':
      return { ...base, ...compileTokens(table, spec) };
    case 'hierarchy':
      return { ...base, ...compilePaths(table, spec) };
  }
}

function frequencies(valueIds: Int32Array, size: number): Float64Array {
  const tf = sharedFloat64(size);
  let present = 0;
  for (const v of valueIds) {
    if (v < 0) continue;
    tf[v]!++;
    present++;
  }
  if (present > 0) for (let i = 0; i < size; i++) tf[i]! /= present;
  return tf;
}

function compileStrings(table: RecordTable, spec: ComparisonSpec) {
  const cells = column(table, spec.columns[0]!);
  const skeletonCells = spec.skeleton_column ? column(table, spec.skeleton_column) : null;
  const pool = new StringInterner();
  const valueIds = sharedInt32(table.size);
  const skeletonByValue: string[] = [];
  const memo = new Map<string, string>();
  for (let r = 0; r < table.size; r++) {
    const raw = cells[r]!;
    let value = memo.get(raw);
    if (value === undefined) {
      value = normalizeCell(raw, spec.normalize);
      if (memo.size < 2_000_000) memo.set(raw, value);
    }
    const id = pool.intern(value);
    valueIds[r] = id;
    if (id >= 0 && skeletonByValue[id] === undefined) {
      const skeleton = skeletonCells ? skeletonCells[r]! : spec.normalize === 'name' ? skeletonOf(raw) : '';
      skeletonByValue[id] = skeleton;
    }
  }
  const valueCount = pool.size;
  const skeleton = sharedInt32(valueCount);
  const arabic = sharedUint8(valueCount);
  for (let v = 0; v < valueCount; v++) {
    skeleton[v] = pool.intern(skeletonByValue[v] ?? '');
    arabic[v] = hasArabic(pool.values[v]!) ? 1 : 0;
  }
  const skeletonOfRecord = Int32Array.from(valueIds, (v) => (v < 0 ? -1 : skeleton[v]!));
  return {
    valueIds,
    strings: pool.pack(),
    skeleton,
    arabic,
    tf: frequencies(valueIds, pool.size),
    tfSkeleton: frequencies(skeletonOfRecord, pool.size),
  };
}

function compileNamePair(table: RecordTable, spec: ComparisonSpec) {
  if (spec.columns.length !== 2)
    throw new TallyError('validation_failed', `comparison ${spec.name}: name_pair needs two columns`);
  const first = column(table, spec.columns[0]!);
  const second = column(table, spec.columns[1]!);
  const pool = new StringInterner();
  const combos = new StringInterner();
  const valueIds = sharedInt32(table.size);
  const secondOf = sharedInt32(table.size);
  const comboOf = sharedInt32(table.size);
  for (let r = 0; r < table.size; r++) {
    const a = normalizeCell(first[r]!, spec.normalize);
    const b = normalizeCell(second[r]!, spec.normalize);
    valueIds[r] = pool.intern(a);
    secondOf[r] = pool.intern(b);
    comboOf[r] = a && b ? combos.intern(`${a}\u0000${b}`) : -1;
  }
  return {
    valueIds,
    secondOf,
    comboOf,
    strings: pool.pack(),
    tf: frequencies(valueIds, pool.size),
    secondTf: frequencies(secondOf, pool.size),
    comboTf: frequencies(comboOf, combos.size),
  };
}

function compileDates(table: RecordTable, spec: ComparisonSpec) {
  const cells = column(table, spec.columns[0]!);
  const pool = new StringInterner();
  const valueIds = sharedInt32(table.size);
  for (let r = 0; r < table.size; r++)
    valueIds[r] = pool.intern(datePlaceholder(cells[r]!) ? '' : cells[r]!.trim());
  const days = sharedFloat64(pool.size);
  const months = sharedFloat64(pool.size);
  const years = sharedFloat64(pool.size);
  for (let v = 0; v < pool.size; v++) {
    const parsed = parseLooseDateOrNull(pool.values[v]!);
    days[v] = parsed?.precision === 'day' ? dayNumber(parsed.start) : Number.NaN;
    months[v] = parsed?.month ? parsed.year * 12 + parsed.month : Number.NaN;
    years[v] = parsed ? parsed.year : Number.NaN;
  }
  return { valueIds, strings: pool.pack(), days, months, years, tf: frequencies(valueIds, pool.size) };
}

function compileNumbers(table: RecordTable, spec: ComparisonSpec) {
  const cells = column(table, spec.columns[0]!);
  const pool = new StringInterner();
  const valueIds = sharedInt32(table.size);
  for (let r = 0; r < table.size; r++) {
    const text = cells[r]!.trim();
    valueIds[r] = text === '' || Number.isNaN(Number(text)) ? -1 : pool.intern(String(Number(text)));
  }
  const numbers = sharedFloat64(pool.size);
  for (let v = 0; v < pool.size; v++) numbers[v] = Number(pool.values[v]);
  return { valueIds, strings: pool.pack(), numbers, tf: frequencies(valueIds, pool.size) };
}

function compileTokens(table: RecordTable, spec: ComparisonSpec) {
  const cells = column(table, spec.columns[0]!);
  const sets = new StringInterner();
  const tokenPool = new StringInterner();
  const valueIds = sharedInt32(table.size);
  for (let r = 0; r < table.size; r++) {
    const normalised = normalizeCell(cells[r]!, spec.normalize);
    const tokens = [...new Set(normalised.split(/\s+/).filter(Boolean))].sort();
    valueIds[r] = sets.intern(tokens.join(' '));
  }
  const starts: number[] = [];
  const ids: number[] = [];
  for (const set of sets.values) {
    starts.push(ids.length);
    const setIds = set.split(' ').map((token) => tokenPool.intern(token));
    ids.push(...setIds.sort((a, b) => a - b));
  }
  starts.push(ids.length);
  const tokenStart = sharedInt32(starts.length);
  tokenStart.set(starts);
  const tokens = sharedInt32(ids.length);
  tokens.set(ids);
  return { valueIds, tokenStart, tokens, tf: frequencies(valueIds, sets.size) };
}

/** Coarse-to-fine columns (governorate, district, place) as one path per record. */
function compilePaths(table: RecordTable, spec: ComparisonSpec) {
  const cells = spec.columns.map((name) => column(table, name));
  const depth = spec.columns.length;
  const nodes = new StringInterner();
  const paths = new StringInterner();
  const valueIds = sharedInt32(table.size);
  const pathNodes: number[] = [];
  for (let r = 0; r < table.size; r++) {
    const parts = cells.map((c) => normalizeCell(c[r]!, spec.normalize));
    // A node is named by its whole prefix, so two districts with one name in two governorates differ.
    let prefix = '';
    const ids: number[] = [];
    for (const part of parts) {
      prefix = `${prefix}/${part}`;
      ids.push(part === '' ? -1 : nodes.intern(prefix));
    }
    const key = ids.join(',');
    const before = paths.size;
    const id = ids.every((x) => x < 0) ? -1 : paths.intern(key);
    if (paths.size > before) pathNodes.push(...ids);
    valueIds[r] = id;
  }
  const path = sharedInt32(pathNodes.length);
  path.set(pathNodes);
  return { valueIds, path, depth, tf: frequencies(valueIds, paths.size) };
}

/** "0000-00-00" and the like say "unknown"; a garbled but real date stays, for the typo levels. */
function datePlaceholder(cell: string): boolean {
  try {
    return parseLooseDate(cell) === null;
  } catch {
    return false;
  }
}
