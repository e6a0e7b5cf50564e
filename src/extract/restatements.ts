import type { ExtractedClaim } from './extraction.ts';

/**
 * One figure told several times is one claim. A wire restates its lead in
 * the headline and again lower down ("Car bomb kills 12 in Homs" … "A car
 * bomb killed at least 12 people in Homs on Monday" … "the 12 dead
 * included …"). Each retelling is folded into one claim: the most detailed
 * telling keeps the claim's fields and span, the first telling keeps its
 * place in reading order, and the other tellings' words go to `also_at` so
 * the review desk can mark them all. Fields the kept telling lacks are taken
 * from the others.
 */
export interface ReadClaims {
  claims: ExtractedClaim[];
  /** The sentence each claim was read in: two figures of one sentence are never one figure. */
  sentenceOf: number[];
}

export function foldRestatements(headline: ReadClaims, body: ReadClaims): ExtractedClaim[] {
  const offset = headline.claims.length;
  const shift = (ref: number | null) => (ref == null ? null : ref + offset);
  const claims = [
    ...headline.claims,
    ...body.claims.map((c) => ({ ...c, part_of: shift(c.part_of), supersedes: shift(c.supersedes) })),
  ];
  // Headline sentences and body sentences never share an index.
  const sentenceOf = [...headline.sentenceOf.map((s) => -1 - s), ...body.sentenceOf];

  // into[k] = the claim that claim k is a retelling of (itself when it stands alone).
  const into = claims.map((_, k) => k);
  // Candidates are only the standing claims with the same outcome and number, so this stays linear.
  const standing = new Map<string, number[]>();
  const keyOf = (c: ExtractedClaim) =>
    `${c.outcome}|${c.count.best ?? c.count.min ?? c.count.max ?? c.count.text}`;
  // Body first: the headline is folded into whichever body telling it repeats.
  const order = [...claims.keys()].sort((a, b) => (a < offset ? 1e9 + a : a) - (b < offset ? 1e9 + b : b));
  for (const k of order) {
    const claim = claims[k] as ExtractedClaim;
    const key = keyOf(claim);
    const candidates = standing.get(key) ?? [];
    // The last few standing tellings only: a restatement is never far from a figure like it.
    const j = candidates
      .slice(-32)
      .find((j) => sentenceOf[j] !== sentenceOf[k] && retells(claims[j] as ExtractedClaim, claim, claims));
    if (j != null) into[k] = j;
    else standing.set(key, [...candidates.slice(-31), k]);
  }
  if (into.every((j, k) => j === k)) return claims;

  const tellingsOf = new Map<number, number[]>();
  into.forEach((root, k) => {
    tellingsOf.set(root, [...(tellingsOf.get(root) ?? []), k]);
  });
  const kept = [...claims.keys()].filter((k) => into[k] === k);
  const position = new Map(kept.map((k, i) => [k, i]));
  const newIndex = (ref: number | null) => (ref == null ? null : (position.get(into[ref] as number) ?? null));
  return kept.map((k) => {
    const tellings = tellingsOf.get(k) ?? [k];
    const richest = tellings.reduce((best, j) =>
      detail(claims[j] as ExtractedClaim) > detail(claims[best] as ExtractedClaim) ? j : best,
    );
    const main = claims[richest] as ExtractedClaim;
    const others = tellings.filter((j) => j !== richest).map((j) => claims[j] as ExtractedClaim);
    const pick = <K extends 'place' | 'date' | 'cause' | 'source'>(field: K) =>
      main[field] ?? others.find((o) => o[field])?.[field] ?? null;
    const partOf = main.part_of ?? others.find((o) => o.part_of != null)?.part_of ?? null;
    const supersedes = main.supersedes ?? others.find((o) => o.supersedes != null)?.supersedes ?? null;
    const self = position.get(k) ?? null;
    const ref = (r: number | null) => {
      const n = newIndex(r);
      return n === self ? null : n;
    };
    return {
      ...main,
      place: pick('place'),
      date: pick('date'),
      cause: pick('cause'),
      source: pick('source'),
      part_of: ref(partOf),
      supersedes: ref(supersedes),
      also_at: [...main.also_at, ...others.flatMap((o) => [o.span, ...o.also_at])].sort(
        (a, b) => a[0] - b[0],
      ),
    };
  });
}

/** Whether `later` tells the figure of `earlier` again. */
function retells(earlier: ExtractedClaim, later: ExtractedClaim, claims: ExtractedClaim[]): boolean {
  if (earlier.outcome !== later.outcome || earlier.cumulative !== later.cumulative) return false;
  if (!sameCount(earlier.count, later.count)) return false;
  if (later.supersedes != null || earlier.supersedes != null) return false;
  // A breakdown is its parent's part, not a retelling of it; two parts retell only under one parent.
  if (later.part_of != null && claims[later.part_of] === earlier) return false;
  if (earlier.part_of != null && claims[earlier.part_of] === later) return false;
  if ((earlier.part_of == null) !== (later.part_of == null) && !vagueVictims(earlier) && !vagueVictims(later))
    return false;
  if (!sameGroup(earlier, later)) return false;
  return samePlace(earlier.place, later.place) && sameDate(earlier.date, later.date);
}

type Count = ExtractedClaim['count'];
function sameCount(a: Count, b: Count): boolean {
  if (a.qualifier === 'vague' || b.qualifier === 'vague')
    return a.qualifier === b.qualifier && a.text.toLowerCase() === b.text.toLowerCase();
  // "at least 12" and "12" are one figure told twice; 12 and 13 are two.
  const value = (c: Count) => c.best ?? c.min ?? c.max;
  return value(a) != null && value(a) === value(b) && (a.max == null || b.max == null || a.max === b.max);
}

/** "the 12 dead" names no group of its own and can retell "12 soldiers". */
const vagueVictims = (c: ExtractedClaim) => c.victims.text == null || c.victims.group === 'people';
const sameGroup = (a: ExtractedClaim, b: ExtractedClaim) =>
  a.victims.group === b.victims.group || vagueVictims(a) || vagueVictims(b);

type Place = ExtractedClaim['place'];
function samePlace(a: Place, b: Place): boolean {
  if (!a || !b) return true;
  if (a.id && b.id) {
    if (a.id === b.id) return true;
    // "in Homs" and "in Homs' Khalidiyeh neighbourhood": one is inside the other's governorate.
    const coarse = (p: NonNullable<Place>) => p.precision === 'admin1' || p.precision === 'country';
    if (coarse(a) || coarse(b))
      return (
        a.country === b.country &&
        (a.precision === 'country' || b.precision === 'country' || a.admin1 === b.admin1)
      );
    return false;
  }
  return a.text.toLowerCase() === b.text.toLowerCase() || !a.id || !b.id;
}

type Day = ExtractedClaim['date'];
function sameDate(a: Day, b: Day): boolean {
  if (!a?.start || !b?.start) return true;
  return a.start <= (b.end ?? b.start) && b.start <= (a.end ?? a.start);
}

/** How much a telling says: its place, date, source, cause and victims. */
function detail(c: ExtractedClaim): number {
  const levels = ['country', 'admin1', 'admin2', 'admin3', 'locality', 'neighbourhood'];
  return (
    (c.place ? 1 + levels.indexOf(c.place.precision ?? '') : 0) +
    (c.date ? 2 : 0) +
    (c.source ? 2 : 0) +
    (c.cause ? 1 : 0) +
    (c.victims.text ? 1 : 0) +
    (c.count.qualifier !== 'exact' ? 1 : 0)
  );
}
