import type { Count, Qualifier } from '../language.ts';
import type { Token } from '../text.ts';

/**
 * English count phrases: "13", "thirteen", "a dozen", "two hundred",
 * "45,000", "1.5 million", "at least 13", "between 10 and 15", "dozens".
 * Vague amounts follow ACLED: tens 10, dozens 12, hundreds 100; a score is 20.
 */
export const units: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const multipliers: Record<string, number> = { hundred: 100, thousand: 1000, million: 1_000_000 };

/** Vague amounts: the smallest number the word can mean, as ACLED codes it. */
const vagueAmounts: Record<string, number> = {
  tens: 10,
  dozens: 12,
  scores: 20,
  hundreds: 100,
  thousands: 1000,
  millions: 1_000_000,
  several: 3,
  'a few': 2,
  'a number': 2,
  'tens of thousands': 10_000,
  'hundreds of thousands': 100_000,
};

/** Words before a number and the qualifier they give it. Longest first. */
const qualifierPhrases: Array<[string[], Qualifier]> = [
  // "killing a total of 192 healthcare workers"
  [['a', 'total', 'of'], 'exact'],
  [['no', 'fewer', 'than'], 'at_least'],
  [['no', 'less', 'than'], 'at_least'],
  [['in', 'excess', 'of'], 'at_least'],
  [['no', 'more', 'than'], 'at_most'],
  [['more', 'or', 'less'], 'approx'],
  [['at', 'least'], 'at_least'],
  [['more', 'than'], 'at_least'],
  [['upwards', 'of'], 'at_least'],
  [['over'], 'at_least'],
  [['up', 'to'], 'at_most'],
  [['as', 'many', 'as'], 'at_most'],
  [['at', 'most'], 'at_most'],
  [['fewer', 'than'], 'at_most'],
  [['less', 'than'], 'at_most'],
  [['nearly'], 'approx'],
  [['almost'], 'approx'],
  [['about'], 'approx'],
  [['around'], 'approx'],
  [['some'], 'approx'],
  [['approximately'], 'approx'],
  [['roughly'], 'approx'],
  [['an', 'estimated'], 'approx'],
  [['close', 'to'], 'approx'],
  [['just', 'under'], 'approx'],
  [['just', 'over'], 'approx'],
  [['an', 'additional'], 'exact'],
  [['another'], 'exact'],
];

export interface ParsedCount {
  count: Count;
  /** Token index just after the count phrase ("dozens of" ends after "of"). */
  end: number;
  /** "a rebel": only a count when a singular victim noun follows. */
  article: boolean;
}

/** A plain number starting at token i: value and the index after it. */
export function parseNumberAt(tokens: Token[], i: number): { value: number; end: number } | null {
  const token = tokens[i];
  if (!token) return null;
  let value: number | null = null;
  let end = i + 1;
  if (token.numeric) {
    // "45,000" and "45.000" group thousands; "1.5" is a decimal before "million".
    const grouped = /^\d{1,3}(?:[,]\d{3})+$/.test(token.text);
    value = grouped ? Number(token.text.replaceAll(',', '')) : Number(token.text.replace(',', '.'));
  } else if (token.lower in units) {
    value = units[token.lower] ?? null;
  } else if (/^[a-z]+-[a-z]+$/.test(token.lower)) {
    const [tens, unit] = token.lower.split('-') as [string, string];
    if ((units[tens] ?? 0) >= 20 && (units[unit] ?? 10) < 10) value = (units[tens] ?? 0) + (units[unit] ?? 0);
  } else if ((token.lower === 'a' || token.lower === 'one') && (tokens[i + 1]?.lower ?? '') in multipliers) {
    value = 1;
  } else if (
    token.lower === 'half' &&
    tokens[i + 1]?.lower === 'a' &&
    (tokens[i + 2]?.lower ?? '') in multipliers
  ) {
    value = 0.5;
    end = i + 2;
  }
  if (value == null || !Number.isFinite(value)) return null;
  // "two hundred", "1.5 million", "three thousand five hundred"
  for (;;) {
    const next = tokens[end];
    const multiplier = next ? multipliers[next.lower] : undefined;
    if (multiplier && value < multiplier) {
      value *= multiplier;
      end++;
      const rest = tokens[end]?.lower === 'and' ? end + 1 : end;
      const tail = parseSmallNumber(tokens, rest);
      if (tail && tail.value < multiplier) {
        value += tail.value;
        end = tail.end;
      }
      continue;
    }
    break;
  }
  return { value: Math.round(value), end };
}

function parseSmallNumber(tokens: Token[], i: number): { value: number; end: number } | null {
  const token = tokens[i];
  if (!token || token.numeric) return null;
  const parsed = parseNumberAt(tokens, i);
  return parsed && parsed.value < 1000 ? parsed : null;
}

function matchesAt(tokens: Token[], i: number, phrase: string[]): boolean {
  for (let k = 0; k < phrase.length; k++) if (tokens[i + k]?.lower !== phrase[k]) return false;
  return true;
}

/** Words a count phrase can start with; anything else is rejected at once (this runs on every token). */
const starters = new Set([
  ...qualifierPhrases.map(([phrase]) => phrase[0] as string),
  ...Object.keys(units),
  ...Object.keys(vagueAmounts).map((k) => k.split(' ')[0] as string),
  'between',
  'a',
  'an',
  'half',
]);

function spanText(source: string, tokens: Token[], from: number, end: number): string {
  return source.slice(tokens[from]?.start ?? 0, tokens[end - 1]?.end ?? 0);
}

/** Parses a count phrase starting exactly at token i, or returns null. */
export function parseCountAt(tokens: Token[], source: string, i: number): ParsedCount | null {
  const first = tokens[i];
  const hyphenated = first?.lower.includes('-') && /^[a-z]+-[a-z]+$/.test(first.lower);
  if (!first || !(first.numeric || starters.has(first.lower) || hyphenated)) return null;
  let qualifier: Qualifier = 'exact';
  let at = i;
  for (const [phrase, q] of qualifierPhrases) {
    if (matchesAt(tokens, i, phrase)) {
      qualifier = q;
      at = i + phrase.length;
      break;
    }
  }
  const text = (end: number) => spanText(source, tokens, i, end);

  const vague = parseVagueAt(tokens, at);
  if (vague) {
    const count: Count = {
      text: text(vague.textEnd),
      qualifier: 'vague',
      min: vague.value,
      best: vague.value,
      max: null,
    };
    return { count, end: vague.end, article: false };
  }
  if (at === i && matchesAt(tokens, at, ['between'])) {
    const low = parseNumberAt(tokens, at + 1);
    const and = low ? tokens[low.end] : undefined;
    const high = low && and?.lower === 'and' ? parseNumberAt(tokens, low.end + 1) : null;
    if (low && high && low.value <= high.value)
      return { count: range(text(high.end), low.value, high.value), end: high.end, article: false };
    return null;
  }
  const hyphenRange = tokens[at]?.text.match(/^(\d+)-(\d+)$/);
  if (hyphenRange) {
    const [low, high] = [Number(hyphenRange[1]), Number(hyphenRange[2])];
    if (low <= high) return { count: range(text(at + 1), low, high), end: at + 1, article: false };
  }
  // "another civilian was killed" counts one ("another" is read as a qualifier, so `at` is past it);
  // "another 35 residents" counts the 35.
  const another =
    tokens[i]?.lower === 'another' && at === i + 1 && !tokens[at]?.numeric && !parseNumberAt(tokens, at);
  if (another)
    return { count: { text: text(at), qualifier: 'exact', min: 1, best: 1, max: 1 }, end: at, article: true };
  const article = at === i && (tokens[at]?.lower === 'a' || tokens[at]?.lower === 'an');
  if (article && tokens[at + 1]?.lower !== 'dozen' && !((tokens[at + 1]?.lower ?? '') in multipliers)) {
    return {
      count: { text: text(at + 1), qualifier: 'exact', min: 1, best: 1, max: 1 },
      end: at + 1,
      article: true,
    };
  }
  if (
    matchesAt(tokens, at, ['a', 'dozen']) ||
    (parseNumberAt(tokens, at) && tokens[at + 1]?.lower === 'dozen')
  ) {
    const times = tokens[at]?.lower === 'a' ? 1 : (parseNumberAt(tokens, at)?.value ?? 1);
    const value = times * 12;
    const end = at + 2;
    return {
      count: withQualifier(text(end), qualifier === 'exact' ? 'approx' : qualifier, value),
      end,
      article: false,
    };
  }
  const number = parseNumberAt(tokens, at);
  if (!number) return null;
  // "two or three", "10 to 15"
  const joiner = tokens[number.end]?.lower;
  if (qualifier === 'exact' && (joiner === 'or' || joiner === 'to')) {
    const high = parseNumberAt(tokens, number.end + 1);
    if (high && high.value > number.value) {
      return { count: range(text(high.end), number.value, high.value), end: high.end, article: false };
    }
  }
  const lone = tokens[at]?.lower === 'one' && number.end === at + 1;
  return { count: withQualifier(text(number.end), qualifier, number.value), end: number.end, article: lone };
}

function parseVagueAt(tokens: Token[], i: number): { value: number; end: number; textEnd: number } | null {
  const first = tokens[i]?.lower ?? '';
  const second = tokens[i + 1]?.lower;
  const third = tokens[i + 2]?.lower;
  let key: string | null = null;
  let length = 1;
  if ((first === 'tens' || first === 'hundreds') && second === 'of' && third === 'thousands') {
    key = `${first} of thousands`;
    length = 3;
  } else if (first === 'a' && (second === 'few' || (second === 'number' && third === 'of'))) {
    key = `a ${second}`;
    length = 2;
  } else if (first in vagueAmounts && !first.includes(' ')) {
    key = first;
  }
  if (!key) return null;
  const textEnd = i + length;
  const end = tokens[textEnd]?.lower === 'of' ? textEnd + 1 : textEnd;
  return { value: vagueAmounts[key] ?? 0, end, textEnd };
}

function range(text: string, low: number, high: number): Count {
  return { text, qualifier: 'range', min: low, best: null, max: high };
}

function withQualifier(text: string, qualifier: Qualifier, value: number): Count {
  switch (qualifier) {
    case 'at_least':
      return { text, qualifier, min: value, best: value, max: null };
    case 'at_most':
      return { text, qualifier, min: null, best: value, max: value };
    case 'approx':
      return { text, qualifier, min: null, best: value, max: null };
    default:
      return { text, qualifier, min: value, best: value, max: value };
  }
}
