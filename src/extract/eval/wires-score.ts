import type { ExtractedClaim } from '../extraction.ts';
import { maxWeightAssignment } from './hungarian.ts';
import { normaliseAdmin1 } from './score.ts';
import { type LocatedGold, locate, type WireArticle } from './wires.ts';

/**
 * Scores extracted claims against a hand-annotated article the way the
 * maintainers' private evaluation does: a one-to-one matching (maximum weight,
 * Hungarian) in which a pair may match only when the outcome agrees, the gold
 * count equals the claim's min, best or max (vague figures match loosely) and
 * the claim's words overlap one of the gold's tellings. Field accuracy is then
 * counted on the matched pairs. Unmatched claims that retell a gold figure are
 * repeats: false positives, counted apart so the report says why.
 */
export const fields = ['date', 'admin1', 'group', 'source', 'part_of', 'cumulative'] as const;
export type Field = (typeof fields)[number];
export const recallClasses = ['breakdown', 'revision', 'vague', 'context_date'] as const;
export type RecallClass = (typeof recallClasses)[number];

export interface WireTally {
  expected: number;
  predicted: number;
  matched: number;
  repeats: number;
  correct: Record<Field, number>;
  classes: Record<RecallClass, { expected: number; matched: number }>;
}

export interface WireScore extends WireTally {
  problems: string[];
}

export const emptyWireTally = (): WireTally => ({
  expected: 0,
  predicted: 0,
  matched: 0,
  repeats: 0,
  correct: { date: 0, admin1: 0, group: 0, source: 0, part_of: 0, cumulative: 0 },
  classes: {
    breakdown: { expected: 0, matched: 0 },
    revision: { expected: 0, matched: 0 },
    vague: { expected: 0, matched: 0 },
    context_date: { expected: 0, matched: 0 },
  },
});

const overlaps = (a: [number, number], b: [number, number]) => a[0] < b[1] && b[0] < a[1];
const spansOf = (c: ExtractedClaim): Array<[number, number]> => [c.span, ...(c.also_at ?? [])];
const touches = (gold: LocatedGold, claim: ExtractedClaim) =>
  spansOf(claim).some((s) => gold.at.some((g) => overlaps(s, g)));

function sameNumber(gold: LocatedGold, claim: ExtractedClaim): boolean {
  if (gold.qualifier === 'vague' || claim.count.qualifier === 'vague') return true;
  const value = gold.best ?? gold.min ?? gold.max;
  const { min, best, max } = claim.count;
  return value != null && (value === min || value === best || value === max);
}

const classesOf = (gold: LocatedGold): RecallClass[] => [
  ...(gold.part_of != null ? (['breakdown'] as const) : []),
  ...(gold.supersedes != null ? (['revision'] as const) : []),
  ...(gold.qualifier === 'vague' ? (['vague'] as const) : []),
  ...(gold.tags.includes('context_date') ? (['context_date'] as const) : []),
];

const flat = (s: string | null | undefined) =>
  s
    ? s
        .toLowerCase()
        .replace(/^(the|a|an)\s+/, '')
        .replace(/[^\p{L}\p{N} ]/gu, '')
        .trim()
    : '';
/** Sources are named loosely in wires: "the Observatory" and "Syrian Observatory for Human Rights". */
function sameSource(gold: string | null, claim: ExtractedClaim): boolean {
  const g = flat(gold);
  const names = [flat(claim.source?.name), flat(claim.source?.text)].filter(Boolean);
  if (!g) return names.length === 0;
  return names.some((n) => n === g || n.includes(g) || g.includes(n));
}

/**
 * Dates agree when both are absent, or when the claim's days overlap the gold's and neither
 * span is more than a day longer: "overnight" read as one night or as the day after it is one
 * reading of the text, "in 2015" read as the year's first day (an annotation habit) is another.
 */
function sameDays(gold: LocatedGold, claim: ExtractedClaim): boolean {
  const start = claim.date?.start ?? null;
  if (gold.date == null || start == null) return gold.date == null && start == null;
  const day = (d: string) => Date.parse(d) / 86_400_000;
  const [gs, ge] = [day(gold.date), day(gold.date_end ?? gold.date)];
  const [cs, ce] = [day(start), day(claim.date?.end ?? start)];
  if (cs > ge || gs > ce) return false;
  if (gold.date_end == null && gold.date === start) return true;
  return Math.abs(ce - cs - (ge - gs)) <= 1;
}

function fieldChecks(
  gold: LocatedGold,
  claim: ExtractedClaim,
  goldIndexOf: (claimIndex: number | null) => number | null,
): Record<Field, [boolean, string]> {
  return {
    date: [
      sameDays(gold, claim),
      `expected ${gold.date}${gold.date_end ? `..${gold.date_end}` : ''}, got ${claim.date?.start ?? null}..${claim.date?.end ?? null} (${claim.date?.text ?? 'no date'})`,
    ],
    admin1: [
      normaliseAdmin1(claim.place?.admin1) === normaliseAdmin1(gold.admin1),
      `expected ${gold.admin1}, got ${claim.place?.admin1 ?? null} (${claim.place?.text ?? 'no place'})`,
    ],
    group: [claim.victims.group === gold.group, `expected ${gold.group}, got ${claim.victims.group}`],
    source: [sameSource(gold.source, claim), `expected ${gold.source}, got ${claim.source?.name ?? null}`],
    part_of: [
      goldIndexOf(claim.part_of) === gold.part_of,
      `expected ${gold.part_of}, got claim ${claim.part_of} (gold ${goldIndexOf(claim.part_of)})`,
    ],
    cumulative: [claim.cumulative === gold.cumulative, `expected ${gold.cumulative}`],
  };
}

export function scoreArticle(article: WireArticle, claims: ExtractedClaim[]): WireScore {
  const gold = locate(article);
  const score: WireScore = {
    ...emptyWireTally(),
    expected: gold.length,
    predicted: claims.length,
    problems: [],
  };
  // Weight: a match is worth 100, and agreeing fields break ties between candidate pairings.
  const weights = gold.map((g) =>
    claims.map((c) => {
      if (c.outcome !== g.outcome || !sameNumber(g, c) || !touches(g, c)) return 0;
      // Ties go to the claim whose own words are the gold's main telling, then to the same number.
      const main = g.at[0] as [number, number];
      const bonus =
        (g.group === c.victims.group ? 2 : 0) +
        (overlaps(main, c.span) ? 2 : 0) +
        (c.count.qualifier === g.qualifier ? 1 : 0);
      return 100 + bonus;
    }),
  );
  const assigned = maxWeightAssignment(weights);
  const goldOfClaim = new Map<number, number>();
  assigned.forEach((c, g) => {
    if (c >= 0) goldOfClaim.set(c, g);
  });
  const goldIndexOf = (claimIndex: number | null) =>
    claimIndex == null ? null : (goldOfClaim.get(claimIndex) ?? -1);

  gold.forEach((g, gi) => {
    const label = `${g.outcome} ${g.best ?? g.min ?? g.max} ${g.group} "${g.evidence}"`;
    const ci = assigned[gi] ?? -1;
    for (const cls of classesOf(g)) score.classes[cls].expected++;
    if (ci < 0) {
      score.problems.push(`missed: ${label}`);
      return;
    }
    score.matched++;
    for (const cls of classesOf(g)) score.classes[cls].matched++;
    const checks = fieldChecks(g, claims[ci] as ExtractedClaim, goldIndexOf);
    for (const field of fields) {
      const [ok, detail] = checks[field];
      if (ok) score.correct[field]++;
      else score.problems.push(`${label}: ${field} ${detail}`);
    }
  });
  claims.forEach((claim, ci) => {
    if (goldOfClaim.has(ci)) return;
    // "Car bomb kills 12" ... "the 12 dead": a figure already matched, told again.
    const retold = gold.some(
      (g, gi) => (assigned[gi] ?? -1) >= 0 && g.outcome === claim.outcome && sameNumber(g, claim),
    );
    if (retold) score.repeats++;
    score.problems.push(
      `${retold ? 'repeat' : 'extra'}: ${claim.outcome} ${claim.count.text} ${claim.victims.group} ("${article.text.slice(...claim.span)}")`,
    );
  });
  return score;
}

export function addWireTally(total: WireTally, item: WireTally): void {
  total.expected += item.expected;
  total.predicted += item.predicted;
  total.matched += item.matched;
  total.repeats += item.repeats;
  for (const f of fields) total.correct[f] += item.correct[f];
  for (const c of recallClasses) {
    total.classes[c].expected += item.classes[c].expected;
    total.classes[c].matched += item.classes[c].matched;
  }
}

export function summariseWires(total: WireTally) {
  const precision = total.predicted === 0 ? 1 : total.matched / total.predicted;
  const recall = total.expected === 0 ? 1 : total.matched / total.expected;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const rate = (n: number) => (total.matched === 0 ? 0 : n / total.matched);
  const fieldRates = Object.fromEntries(fields.map((f) => [f, rate(total.correct[f])])) as Record<
    Field,
    number
  >;
  const classRecall = Object.fromEntries(
    recallClasses.map((c) => [
      c,
      total.classes[c].expected === 0 ? null : total.classes[c].matched / total.classes[c].expected,
    ]),
  ) as Record<RecallClass, number | null>;
  return { precision, recall, f1, fields: fieldRates, classRecall };
}
