/**
 * Language-neutral text units: tokens with character offsets into the
 * original article, sentences and clauses. Every regular expression here is
 * linear (no nested quantifiers), so any input is scanned in one pass.
 */
export interface Token {
  text: string;
  /** Lower case, possessive "'s" removed: "Saturday's" -> "saturday". */
  lower: string;
  start: number;
  end: number;
  /** Digits, possibly with thousands separators or a decimal part: "45,000", "1.5". */
  numeric: boolean;
  /** Starts with an upper-case letter (false for scripts without case). */
  capitalised: boolean;
  possessive: boolean;
}

export interface Sentence {
  start: number;
  end: number;
  text: string;
  paragraph: number;
  tokens: Token[];
  /** Token indices where a new clause begins (always contains 0). */
  clauseStarts: number[];
}

// A word is letters/digits joined by apostrophes, hyphens or (between digits) , and .
const tokenPattern =
  /[\p{L}\p{N}]+(?:[,.](?=\p{N}{3}\b|\p{N}+\b(?![,.]\p{N}))[\p{N}]+|['’-][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu;
const numericPattern = /^\p{N}+(?:[,.]\p{N}+)*$/u;

export function tokenize(text: string, offset = 0): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(tokenPattern)) {
    const raw = match[0];
    const start = offset + (match.index ?? 0);
    // Character tests rather than regular expressions: this runs once per word of every article.
    const last = raw.charCodeAt(raw.length - 1);
    const apostrophe = raw.charCodeAt(raw.length - 2);
    const possessive =
      raw.length > 2 && (last === 115 || last === 83) && (apostrophe === 39 || apostrophe === 0x2019);
    const base = possessive ? raw.slice(0, -2) : raw;
    const code = raw.charCodeAt(0);
    const isDigit = code >= 48 && code <= 57;
    const capitalised = code < 128 ? code >= 65 && code <= 90 : raw.charAt(0) !== raw.charAt(0).toLowerCase();
    tokens.push({
      text: raw,
      lower: base.toLowerCase(),
      start,
      end: start + raw.length,
      numeric: isDigit ? numericPattern.test(raw) : code > 127 && numericPattern.test(raw),
      capitalised,
      possessive,
    });
  }
  return tokens;
}

/** The index of the clause (in sentence.clauseStarts) that holds token `index`. */
export function clauseOf(sentence: Sentence, index: number): number {
  let clause = 0;
  for (let i = 0; i < sentence.clauseStarts.length; i++) {
    if ((sentence.clauseStarts[i] ?? 0) <= index) clause = i;
  }
  return clause;
}

/** The index of the first token at or after character offset `at`. */
export function tokenAt(tokens: Token[], at: number): number {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((tokens[mid]?.start ?? 0) < at) low = mid + 1;
    else high = mid;
  }
  return low;
}

export const words = (tokens: Token[], from: number, to: number): string =>
  tokens
    .slice(from, to)
    .map((t) => t.lower)
    .join(' ');

/** The exact source text covered by tokens [from, to). */
export function textOf(source: string, tokens: Token[], from: number, to: number): string {
  const first = tokens[from];
  const last = tokens[to - 1];
  if (!first || !last) return '';
  return source.slice(first.start, last.end);
}

/** Whether an item's characters lie within a range (a clause, a sentence). */
export function within(item: { span: [number, number] }, range: [number, number]): boolean {
  return item.span[0] >= range[0] && item.span[1] <= range[1];
}
