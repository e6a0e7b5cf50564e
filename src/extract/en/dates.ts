import { addDays, isoDay, isValidDay, monthRange, parseIso, weekdayOnOrBefore, weekOf } from '../calendar.ts';
import type { DateMention } from '../language.ts';
import type { Sentence, Token } from '../text.ts';
import { monthNames } from './filters.ts';
import { units } from './numbers.ts';

/**
 * English date phrases resolved against the publication date: "on Saturday",
 * "Sunday's clashes", "yesterday", "overnight", "last week", "December 29",
 * "in early October", "since March 2011". Wires report the past, so a
 * weekday is the latest such day on or before publication.
 */
const weekdays: Record<string, number> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
};
const partsOfDay = new Set(['night', 'morning', 'evening', 'afternoon', 'dawn', 'overnight']);
const leadIns = new Set(['on', 'late', 'early', 'last', 'this', 'since', 'by', 'until', 'in', 'mid', 'the']);

type Resolved = Pick<DateMention, 'start' | 'end' | 'precision'>;

export function findDates(sentence: Sentence, source: string, published: string | null): DateMention[] {
  const tokens = sentence.tokens;
  const found: DateMention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const match = matchDateAt(tokens, i, published);
    if (!match) continue;
    let first = i;
    while (first > i - 2 && first > 0 && leadIns.has(tokens[first - 1]?.lower ?? '')) first--;
    // "since March 2011", "since the conflict began in 2011", "since a series of bombings last week"
    const since = tokens.slice(Math.max(0, first - 6), i).some((t) => t.lower === 'since');
    const speech = /^(said|says|told|reported|announced|added|stated)$/.test(tokens[first - 1]?.lower ?? '');
    const last = tokens[match.end - 1] as Token;
    const start = (tokens[first] as Token).start;
    found.push({
      text: source.slice(start, last.end),
      span: [start, last.end],
      ...match.resolved,
      since,
      speech,
    });
    i = match.end - 1;
  }
  return joinSpans(found, source);
}

/** "between Saturday and Monday": one span of days, from the first to the second. */
function joinSpans(found: DateMention[], source: string): DateMention[] {
  const joined: DateMention[] = [];
  for (let k = 0; k < found.length; k++) {
    const [a, b] = [found[k] as DateMention, found[k + 1]];
    const between = b ? source.slice(a.span[1], b.span[0]) : '';
    if (
      b &&
      /^\s+and\s+$/.test(between) &&
      /\bbetween\s+$/i.test(source.slice(Math.max(0, a.span[0] - 10), a.span[0])) &&
      a.start &&
      b.end &&
      a.start <= b.end
    ) {
      joined.push({
        ...a,
        text: source.slice(a.span[0], b.span[1]),
        span: [a.span[0], b.span[1]],
        end: b.end,
      });
      k++;
    } else joined.push(a);
  }
  return joined;
}

/** Words a date phrase can start with; this runs on every token of a sentence with a claim. */
const dateStarters = new Set([
  ...Object.keys(weekdays),
  'yesterday',
  'today',
  'tonight',
  'this',
  'last',
  'overnight',
  'previous',
  'past',
  'weekend',
]);

function matchDateAt(
  tokens: Token[],
  i: number,
  published: string | null,
): { end: number; resolved: Resolved } | null {
  const token = tokens[i] as Token;
  const word = token.lower;
  const ago = daysAgo(tokens, i);
  if (ago) {
    if (!published) return { end: ago.end, resolved: { start: null, end: null, precision: 'day' } };
    const day = addDays(published, -ago.days);
    return { end: ago.end, resolved: { start: day, end: day, precision: 'day' } };
  }
  if (token.numeric) {
    // Only "29 December" or a year after "in"/"since" can start a date with a number.
    const next = tokens[i + 1]?.lower ?? '';
    if (!(next in monthNames) && !/^(in|since|of|during)$/.test(tokens[i - 1]?.lower ?? '')) return null;
  } else if (
    !dateStarters.has(word) &&
    !(word in monthNames) &&
    !(word.includes('-') && /^(mid|early|late)-/.test(word))
  ) {
    return null;
  }
  const previous = tokens[i - 1]?.lower;
  const unknownDay: Resolved = { start: null, end: null, precision: 'day' };
  if (word in weekdays && token.capitalised) {
    const end = partsOfDay.has(tokens[i + 1]?.lower ?? '') ? i + 2 : i + 1;
    if (!published) return { end, resolved: unknownDay };
    const day = weekdayOnOrBefore(published, weekdays[word] ?? 0, previous === 'last');
    return { end, resolved: { start: day, end: day, precision: 'day' } };
  }
  const relative = relativeDay(tokens, i);
  if (relative) {
    if (!published) return { end: relative.end, resolved: { ...unknownDay, precision: relative.precision } };
    return { end: relative.end, resolved: relative.resolve(published) };
  }
  return calendarDate(tokens, i, published);
}

/** "two days ago", "3 days ago", "a day ago". */
function daysAgo(tokens: Token[], i: number): { days: number; end: number } | null {
  const unit = tokens[i + 1]?.lower;
  if ((unit !== 'days' && unit !== 'day') || tokens[i + 2]?.lower !== 'ago') return null;
  const word = tokens[i]?.lower ?? '';
  const days = word === 'a' || word === 'one' ? 1 : /^\d{1,2}$/.test(word) ? Number(word) : units[word];
  return days && days <= 31 ? { days, end: i + 3 } : null;
}

interface Relative {
  end: number;
  precision: Resolved['precision'];
  resolve: (published: string) => Resolved;
}

function relativeDay(tokens: Token[], i: number): Relative | null {
  const word = tokens[i]?.lower;
  const next = tokens[i + 1]?.lower;
  const day = (offset: number, end: number): Relative => ({
    end,
    precision: 'day',
    resolve: (p) => ({ start: addDays(p, offset), end: addDays(p, offset), precision: 'day' }),
  });
  if (word === 'yesterday') return day(-1, i + 1);
  if (word === 'today' || word === 'tonight') return day(0, i + 1);
  if (word === 'this' && (next === 'morning' || next === 'afternoon' || next === 'evening'))
    return day(0, i + 2);
  if (word === 'last' && next === 'night') return day(-1, i + 2);
  // "over the weekend", "at the weekend", "last weekend": the latest Saturday and Sunday.
  if (
    (word === 'weekend' && tokens[i - 1]?.lower === 'the') ||
    ((word === 'last' || word === 'this') && next === 'weekend')
  )
    return {
      end: word === 'weekend' ? i + 1 : i + 2,
      precision: 'day',
      resolve: (p) => {
        const saturday = weekdayOnOrBefore(p, 6, false);
        const sunday = addDays(saturday, 1) <= p ? addDays(saturday, 1) : saturday;
        return { start: saturday, end: sunday, precision: 'day' };
      },
    };
  if (word === 'overnight') {
    return {
      end: i + 1,
      precision: 'day',
      resolve: (p) => ({ start: addDays(p, -1), end: p, precision: 'day' }),
    };
  }
  if (word === 'previous' && next === 'day' && tokens[i - 1]?.lower === 'the') return day(-1, i + 2);
  // "in the past week", "over the past 24 hours"
  if (
    (word === 'past' || word === 'last') &&
    (next === 'week' || (next === '24' && tokens[i + 2]?.lower === 'hours'))
  ) {
    const week = next === 'week';
    if (tokens[i - 1]?.lower === 'the')
      return {
        end: week ? i + 2 : i + 3,
        precision: week ? 'week' : 'day',
        resolve: (p) => ({ start: addDays(p, week ? -7 : -1), end: p, precision: week ? 'week' : 'day' }),
      };
  }
  if ((word === 'last' || word === 'this') && next === 'week') {
    const offset = word === 'last' ? -7 : 0;
    return {
      end: i + 2,
      precision: 'week',
      resolve: (p) => ({ ...weekOf(addDays(p, offset)), precision: 'week' }),
    };
  }
  if ((word === 'last' || word === 'this') && next === 'month') {
    return {
      end: i + 2,
      precision: 'month',
      resolve: (p) => {
        const date = parseIso(p);
        const back = word === 'last' ? 1 : 0;
        const shifted = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - back, 1));
        return { ...monthRange(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1), precision: 'month' };
      },
    };
  }
  return null;
}

/** "December 29", "Dec. 29, 2012", "29 December", "October 2012", "in October", "mid-October", "2012". */
function calendarDate(
  tokens: Token[],
  i: number,
  published: string | null,
): { end: number; resolved: Resolved } | null {
  const token = tokens[i] as Token;
  const bare = token.lower.replace(/^(mid|early|late)-/, '');
  const month = monthNames[bare];
  const publishedYear = published ? Number(published.slice(0, 4)) : null;
  const yearAt = (k: number) => {
    const t = tokens[k];
    return t?.numeric && /^(19|20)\d\d$/.test(t.text) ? Number(t.text) : null;
  };
  // "may" is a verb far more often than a month; only "May 5" or "in May" count.
  if (
    month &&
    token.capitalised &&
    (bare !== 'may' || tokens[i + 1]?.numeric || tokens[i - 1]?.lower === 'in')
  ) {
    let k = i + 1;
    if (tokens[k]?.text === '.') k++;
    const dayToken = tokens[k];
    const dayNumber = dayToken?.numeric && /^\d{1,2}$/.test(dayToken.text) ? Number(dayToken.text) : null;
    if (dayNumber) {
      let end = k + 1;
      if (tokens[end]?.text === ',' && yearAt(end + 1)) end++;
      const year = yearAt(end);
      return dayResult(
        year ?? publishedYear,
        month,
        dayNumber,
        year ? end + 1 : end,
        published,
        year == null,
      );
    }
    const year = yearAt(i + 1);
    const y = year ?? pastYear(publishedYear, month, 1, published);
    const resolved: Resolved = y
      ? { ...monthRange(y, month), precision: 'month' }
      : { start: null, end: null, precision: 'month' };
    return { end: year ? i + 2 : i + 1, resolved };
  }
  // "29 December (2012)"
  if (token.numeric && /^\d{1,2}$/.test(token.text)) {
    const after = monthNames[tokens[i + 1]?.lower ?? ''];
    if (after && tokens[i + 1]?.capitalised) {
      const year = yearAt(i + 2);
      return dayResult(
        year ?? publishedYear,
        after,
        Number(token.text),
        year ? i + 3 : i + 2,
        published,
        year == null,
      );
    }
  }
  if (yearAt(i) && /^(in|since|of|during)$/.test(tokens[i - 1]?.lower ?? '')) {
    const y = yearAt(i) as number;
    return { end: i + 1, resolved: { start: isoDay(y, 1, 1), end: isoDay(y, 12, 31), precision: 'year' } };
  }
  return null;
}

function dayResult(
  year: number | null,
  month: number,
  day: number,
  end: number,
  published: string | null,
  guessedYear: boolean,
) {
  if (!isValidDay(year ?? 2000, month, day)) return null;
  const y = guessedYear ? pastYear(year, month, day, published) : year;
  const iso = y ? isoDay(y, month, day) : null;
  return { end, resolved: { start: iso, end: iso, precision: 'day' as const } };
}

/** A date written without its year lies on or before publication: "December 29" in a January paper is last year. */
function pastYear(year: number | null, month: number, day: number, published: string | null): number | null {
  if (year == null || !published) return year;
  return isoDay(year, month, day) > published ? year - 1 : year;
}
