/**
 * String similarity on UTF-16 code units stored in one shared array (see columns.ts), so the
 * scoring workers compare names without building JavaScript strings and without allocating:
 * the flag and row buffers below are reused across calls and grow only when a longer name comes.
 */

let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);
let rowPrev = new Int32Array(64);
let rowCur = new Int32Array(64);
let rowPrevPrev = new Int32Array(64);

function ensure(length: number): void {
  if (length < flagsA.length) return;
  const size = 2 ** Math.ceil(Math.log2(length + 1));
  flagsA = new Uint8Array(size);
  flagsB = new Uint8Array(size);
  rowPrev = new Int32Array(size);
  rowCur = new Int32Array(size);
  rowPrevPrev = new Int32Array(size);
}

/** Jaro-Winkler similarity (prefix scale 0.1, prefix up to 4) of codes[a..a+la) and codes[b..b+lb). */
export function jaroWinklerCodes(codes: Uint16Array, a: number, la: number, b: number, lb: number): number {
  if (la === 0 || lb === 0) return la === lb ? 1 : 0;
  ensure(Math.max(la, lb));
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  flagsA.fill(0, 0, la);
  flagsB.fill(0, 0, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = i > window ? i - window : 0;
    const hi = Math.min(i + window + 1, lb);
    const c = codes[a + i];
    for (let j = lo; j < hi; j++) {
      if (flagsB[j] === 0 && codes[b + j] === c) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[k] === 0) k++;
    if (codes[a + i] !== codes[b + k]) transpositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / la + m / lb + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  const maxPrefix = Math.min(4, la, lb);
  while (prefix < maxPrefix && codes[a + prefix] === codes[b + prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * Optimal-string-alignment (Damerau-Levenshtein with adjacent transpositions) distance,
 * giving up early: returns max + 1 as soon as the distance must exceed max.
 */
export function editDistanceCodes(
  codes: Uint16Array,
  a: number,
  la: number,
  b: number,
  lb: number,
  max: number,
): number {
  if (Math.abs(la - lb) > max) return max + 1;
  if (la === 0) return lb;
  if (lb === 0) return la;
  ensure(lb + 1);
  for (let j = 0; j <= lb; j++) rowPrev[j] = j;
  for (let i = 1; i <= la; i++) {
    rowCur[0] = i;
    let rowMin = i;
    const ca = codes[a + i - 1];
    for (let j = 1; j <= lb; j++) {
      const cb = codes[b + j - 1];
      const cost = ca === cb ? 0 : 1;
      let best = rowPrev[j - 1]! + cost;
      const del = rowPrev[j]! + 1;
      const ins = rowCur[j - 1]! + 1;
      if (del < best) best = del;
      if (ins < best) best = ins;
      if (i > 1 && j > 1 && ca === codes[b + j - 2] && codes[a + i - 2] === cb) {
        const swap = rowPrevPrev[j - 2]! + 1;
        if (swap < best) best = swap;
      }
      rowCur[j] = best;
      if (best < rowMin) rowMin = best;
    }
    if (rowMin > max) return max + 1;
    const spare = rowPrevPrev;
    rowPrevPrev = rowPrev;
    rowPrev = rowCur;
    rowCur = spare;
  }
  return rowPrev[lb]!;
}

/** Convenience forms on plain strings, for tests and one-off comparisons. */
export function jaroWinkler(left: string, right: string): number {
  const codes = toCodes(left + right);
  return jaroWinklerCodes(codes, 0, left.length, left.length, right.length);
}

export function editDistance(left: string, right: string, max = 1e9): number {
  const codes = toCodes(left + right);
  return editDistanceCodes(codes, 0, left.length, left.length, right.length, max);
}

function toCodes(text: string): Uint16Array {
  const codes = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
  return codes;
}
