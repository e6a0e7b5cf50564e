import type { ExtractedClaim } from './extraction.ts';

/**
 * Figures that add up. A roundup's lead gives a total that later paragraphs
 * break down by place ("23 children killed across Syria" … "13 children …
 * in and around Damascus … while 10 children were killed … across Aleppo
 * province"), or a paragraph ends with the sum ("bringing the day's toll to
 * 35"). When a figure equals the sum of two or more figures for the same
 * outcome and victims in finer places of its own, those are its parts: they
 * become `part_of` it, and it takes their dates and, when they agree, their
 * cause, since the lead's own words ("Regime forces Sunday pressed…") date
 * the report rather than the deaths.
 *
 * A smaller figure for the same place and day inside a vague one ("fighting
 * which left dozens dead" … "the bodies of nine male victims from Deir
 * Baalbeh") is counted among it, not beside it.
 */
const LEVELS = ['country', 'admin1', 'admin2', 'admin3', 'locality', 'neighbourhood'];
const level = (c: ExtractedClaim) => (c.place ? LEVELS.indexOf(c.place.precision ?? '') : -1);
const value = (c: ExtractedClaim) => c.count.best ?? c.count.min ?? c.count.max;
/** Candidates looked at for one total: the figures nearest it in the article. */
const MAX_PARTS_SEARCHED = 12;

const free = (c: ExtractedClaim) => c.part_of == null && !c.cumulative && c.supersedes == null;

/** Whether `part` lies inside `total`'s place, at a finer level. */
function inside(total: ExtractedClaim, part: ExtractedClaim): boolean {
  if (!part.place?.id || level(part) <= level(total)) return false;
  if (!total.place?.id) return false;
  if (total.place.precision === 'country') return part.place.country === total.place.country;
  return part.place.admin1 != null && part.place.admin1 === total.place.admin1;
}

const daysApart = (a: string, b: string) => Math.abs(Date.parse(a) - Date.parse(b)) / 86_400_000;
function closeInTime(total: ExtractedClaim, part: ExtractedClaim): boolean {
  if (!total.date?.start || !part.date?.start) return true;
  return daysApart(total.date.start, part.date.start) <= 1;
}

/** The one subset of `values` (at least two) that sums to `target`, or null when none or several do. */
function uniqueSubsetSum(values: number[], target: number): number[] | null {
  let found: number[] | null = null;
  const n = values.length;
  for (let mask = 1; mask < 1 << n; mask++) {
    if ((mask & (mask - 1)) === 0) continue; // a single figure is a retelling, not a sum
    let sum = 0;
    for (let k = 0; k < n && sum <= target; k++) if (mask & (1 << k)) sum += values[k] as number;
    if (sum !== target) continue;
    if (found) return null;
    found = [];
    for (let k = 0; k < n; k++) if (mask & (1 << k)) found.push(k);
  }
  return found;
}

export function linkTotals(claims: ExtractedClaim[]): void {
  // Largest first, so a day's total claims the children's total before that claims its parts.
  const totals = [...claims.keys()]
    .filter((k) => {
      const c = claims[k] as ExtractedClaim;
      // "bringing the day's toll to nine" reads as a revision until its parts are seen to sum to it.
      return c.part_of == null && !c.cumulative && value(c) != null && c.count.qualifier !== 'vague';
    })
    .sort((a, b) => (value(claims[b] as ExtractedClaim) ?? 0) - (value(claims[a] as ExtractedClaim) ?? 0));
  for (const t of totals) {
    const total = claims[t] as ExtractedClaim;
    const target = value(total) as number;
    const candidates = [...claims.keys()]
      .filter((k) => {
        const c = claims[k] as ExtractedClaim;
        return (
          k !== t &&
          free(c) &&
          c.outcome === total.outcome &&
          (c.victims.group === total.victims.group || total.victims.group === 'people') &&
          (value(c) ?? 0) > 0 &&
          (value(c) as number) < target &&
          inside(total, c) &&
          closeInTime(total, c)
        );
      })
      .sort((a, b) => Math.abs(a - t) - Math.abs(b - t))
      .slice(0, MAX_PARTS_SEARCHED);
    if (candidates.length < 2) continue;
    const chosen = uniqueSubsetSum(
      candidates.map((k) => value(claims[k] as ExtractedClaim) as number),
      target,
    );
    if (!chosen) continue;
    const parts = chosen.map((i) => claims[candidates[i] as number] as ExtractedClaim);
    for (const part of parts) part.part_of = t;
    // The figures it adds up are its parts, not earlier tolls it replaces.
    if (total.supersedes != null && parts.includes(claims[total.supersedes] as ExtractedClaim))
      total.supersedes = null;
    takePartsDate(total, parts);
    const causes = new Set(parts.map((p) => p.cause?.type ?? null));
    total.cause = causes.size === 1 ? (parts[0]?.cause ?? null) : null;
  }
  linkWithinVague(claims);
}

function takePartsDate(total: ExtractedClaim, parts: ExtractedClaim[]): void {
  const starts = parts.map((p) => p.date?.start).filter((d): d is string => Boolean(d));
  if (starts.length !== parts.length) return;
  const ends = parts.map((p) => p.date?.end ?? p.date?.start).filter((d): d is string => Boolean(d));
  const start = starts.reduce((a, b) => (a < b ? a : b));
  const end = ends.reduce((a, b) => (a > b ? a : b));
  const first = parts[0]?.date;
  total.date = {
    text: first?.text ?? total.date?.text ?? '',
    start,
    end,
    precision: start === end ? 'day' : (first?.precision ?? 'day'),
  };
}

function linkWithinVague(claims: ExtractedClaim[]): void {
  claims.forEach((outer, o) => {
    if (
      outer.count.qualifier !== 'vague' ||
      !free(outer) ||
      !outer.place?.id ||
      outer.victims.group !== 'people'
    )
      return;
    const floor = outer.count.min ?? outer.count.best;
    if (floor == null) return;
    for (let k = o + 1; k < claims.length; k++) {
      const c = claims[k] as ExtractedClaim;
      if (!free(c) || c.outcome !== outer.outcome || c.count.qualifier === 'vague') continue;
      const samePlace = c.place?.id === outer.place.id || (c.place?.id != null && inside(outer, c));
      const sameDay = c.date?.start != null && c.date.start === outer.date?.start;
      if (samePlace && sameDay && (c.count.max ?? c.count.best ?? Number.POSITIVE_INFINITY) <= floor)
        c.part_of = o;
    }
  });
}
