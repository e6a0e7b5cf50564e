import type { Sentence, Token } from '../text.ts';
import type { ParsedCount } from './numbers.ts';

/**
 * Numbers that cannot be casualty figures whatever follows: years, days of
 * the month, measures ("370 kilometres"), ages ("a 13-year-old"), money.
 */
export const monthNames: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};

const unitWords = new Set([
  'km',
  'kilometres',
  'kilometers',
  'kilometre',
  'kilometer',
  'miles',
  'mile',
  'metres',
  'meters',
  'metre',
  'meter',
  'years',
  'year',
  'months',
  'month',
  'days',
  'day',
  'hours',
  'hour',
  'minutes',
  'minute',
  'weeks',
  'week',
  'percent',
  '%',
  'per',
  'times',
  'am',
  'pm',
  'dollars',
  'tonnes',
  'tons',
  'kg',
  'kilograms',
  'euros',
  'pounds',
  'feet',
  'seconds',
  'decades',
  'centuries',
  'o',
  'mph',
  'square',
  'hectares',
  'acres',
  'billion',
  'tanks',
  'vehicles',
  'rockets',
  'shells',
  'missiles',
  'villages',
  'towns',
  'cities',
  'points',
  'provinces',
  'countries',
  'nations',
  'members',
  'seats',
  'votes',
  'articles',
  'pages',
]);
const currency = new Set(['$', '£', '€', 'us', 'no', 'resolution', 'route', 'highway', 'article', 'page']);

export function isNotACasualtyNumber(tokens: Token[], i: number, parsed: ParsedCount): boolean {
  const first = tokens[i] as Token;
  const before = tokens[i - 1];
  const after = tokens[parsed.end];
  const value = parsed.count.best ?? parsed.count.min ?? 0;
  if (before && (before.lower in monthNames || currency.has(before.lower))) return true;
  if (after && after.lower in monthNames && parsed.count.qualifier === 'exact') return true;
  if (
    after &&
    unitWords.has(after.lower) &&
    !(after.lower === 'members' && tokens[parsed.end + 1]?.lower === 'of')
  )
    return true;
  // A bare four-digit year: "in 2011", "since 2012".
  if (first.numeric && /^(19|20)\d\d$/.test(first.text) && parsed.count.qualifier === 'exact') {
    const next = after?.lower ?? '';
    if (!/^(people|civilians|children|soldiers|rebels|fighters|were|have|had|dead|killed)$/.test(next))
      return true;
  }
  return value < 0;
}

const conflictWords = /^(war|conflict|uprising|revolt|revolution|crisis|insurgency|unrest|violence)$/;
/** First words of every cue below, checked before any regular expression. */
const cueFirstWords = new Set([
  'since',
  'so',
  'to',
  'overall',
  'in',
  'total',
  'estimates',
  'estimate',
  'war',
  'conflict',
  'uprising',
  'revolt',
  'revolution',
  'crisis',
  'insurgency',
  'unrest',
  'violence',
]);
const runningTotalCues = /^(since|so far|to date|overall|in total|in all|total)$/;
const superlatives =
  /^(deadliest|worst|bloodiest|biggest|largest|heaviest|highest|most|first|fiercest|single)$/;

/** A word or phrase that makes a figure a running total, and how it attaches. */
export interface CumulativeCue {
  index: number;
  /** "the war has killed ...": every figure after it. "... since March": the figure it follows. */
  kind: 'subject' | 'modifier';
  /** "200 arrested since a bombing killed 31": only the figure before it. */
  onlyBefore?: boolean;
}

/**
 * Running-total cues in a sentence: "the war has killed at least 45,000",
 * "killed since March 2011", "so far", "in Syria's conflict". A "since" that
 * opens a clause with its own killing ("since a bombing killed 31") is not one.
 */
export function cumulativeCues(sentence: Sentence): CumulativeCue[] {
  const tokens = sentence.tokens;
  const cues: CumulativeCue[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const word = tokens[k]?.lower as string;
    if (!cueFirstWords.has(word)) continue;
    const pair = `${word} ${tokens[k + 1]?.lower ?? ''}`;
    if (runningTotalCues.test(word) || runningTotalCues.test(pair)) {
      // "A total of 35 people were killed in the attacks" counts one event; "bringing the total to" is another cue.
      if (word === 'total' && tokens[k - 1]?.lower === 'a' && tokens[k + 1]?.lower === 'of') continue;
      // "the deadliest attack since 2003", "the worst violence since March": a comparison, not a total.
      if (word === 'since' && tokens.slice(Math.max(0, k - 8), k).some((t) => superlatives.test(t.lower)))
        continue;
      const opensEvent =
        word === 'since' && tokens.slice(k + 1, k + 8).some((t) => /^(killed|killing|left)$/.test(t.lower));
      cues.push({ index: k, kind: 'modifier', onlyBefore: opensEvent });
      continue;
    }
    // "Estimates of the death toll have ranged from 5,400 to more than 6,000"
    if ((word === 'estimates' || word === 'estimate') && tokens[k + 1]?.lower === 'of') {
      cues.push({ index: k, kind: 'subject' });
      continue;
    }
    if (!conflictWords.test(word)) continue;
    const after = tokens.slice(k + 1, k + 4).map((t) => t.lower);
    const before = tokens.slice(Math.max(0, k - 4), k).map((t) => t.lower);
    // "the war has killed", "the war that the Observatory says has killed"
    if (
      after.includes('has') ||
      after.includes('have') ||
      tokens.slice(k + 1, k + 7).some((t) => t.lower === 'has')
    ) {
      cues.push({ index: k, kind: 'subject' });
    } else if (word !== 'violence' && (before.includes('in') || before.includes('during'))) {
      cues.push({ index: k, kind: 'modifier' }); // "killed in Syria's conflict"
    } else if (word === 'violence' && before.includes('months')) {
      cues.push({ index: k, kind: 'modifier' }); // "in 21 months of violence"
    }
  }
  return cues;
}
