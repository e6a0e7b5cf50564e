import { TallyError } from '../core/errors.ts';
import { markDoubts } from './doubt.ts';
import { english } from './en/index.ts';
import type { ExtractedClaim, Extraction } from './extraction.ts';
import type {
  CauseMention,
  DateMention,
  LanguagePack,
  Mention,
  PlacePhrase,
  SourceMention,
} from './language.ts';
import {
  articleCountry,
  finerPlaceAfter,
  firstUsable,
  PlaceLookup,
  placeOfFigure,
  type ResolvedPhrase,
  unresolvedOut,
  withoutLandmarks,
} from './place-lookup.ts';
import { noPlaceResolver, type PlaceResolver } from './places.ts';
import { foldRestatements, type ReadClaims } from './restatements.ts';
import { clauseOf, type Sentence, within } from './text.ts';
import { linkTotals } from './totals.ts';

/**
 * Reads one article and proposes the claims in it. Language-neutral: the
 * language pack finds figures, dates, places, causes and sources in each
 * sentence; this file links them into claims, carrying a date, place or
 * source from the clause, the sentence, the parent figure or the sentence
 * before, and relates breakdowns, revisions and running totals.
 */
export interface ExtractOptions {
  /** YYYY-MM-DD; otherwise the dateline's date, otherwise relative dates stay unresolved. */
  published?: string | null;
  resolver?: PlaceResolver;
  language?: LanguagePack;
}

export const MAX_INPUT_CHARS = 20_000_000;

/** What one sentence offers to the claims in it, computed only when a claim asks. */
interface SentenceFacts {
  dates: DateMention[];
  /** Unresolved: the gazetteer is asked only for the phrases a claim looks at. */
  places: PlacePhrase[];
  causes: CauseMention[];
  sources: SourceMention[];
}

interface Located {
  span: [number, number];
}

export function extractClaims(text: string, options: ExtractOptions = {}): Extraction {
  assertReadable(text);
  const pack = options.language ?? english;
  const header = pack.readHeader(text);
  const published = options.published ?? header.published ?? null;
  const places = new PlaceLookup(
    options.resolver ?? noPlaceResolver,
    options.resolver == null,
    articleCountry(text),
  );
  // The headline is read on its own, so its words lend no place, date or source to the body;
  // its figures are then folded into the body's tellings of them (restatements.ts).
  const headline = pack.splitSentences(text.slice(0, header.bodyStart), 0);
  const body = pack.splitSentences(text, header.bodyStart);
  const factsCache = new Map<Sentence, SentenceFacts>();
  const facts = (sentence: Sentence): SentenceFacts => {
    let found = factsCache.get(sentence);
    if (!found) {
      found = {
        dates: pack.findDates(sentence, text, published),
        places: withoutLandmarks(text, pack.findPlaces(sentence, text)),
        causes: pack.findCauses(sentence, text),
        sources: pack.findSources(sentence, text),
      };
      factsCache.set(sentence, found);
    }
    return found;
  };

  const read = (sentences: Sentence[]): ReadClaims => {
    const claims: ExtractedClaim[] = [];
    const sentenceOf: number[] = [];
    const mentionsOf: Mention[] = [];
    let lastSource: string | null = null;
    let previous: { sentence: Sentence; hadClaims: boolean } | null = null;
    for (const [sentenceIndex, sentence] of sentences.entries()) {
      const mentions = pack.findMentions(sentence, text);
      const firstIndex = claims.length;
      for (const mention of mentions) {
        const parentIndex = mention.breakdown ? findParent(mentionsOf, claims, firstIndex) : null;
        const parent = parentIndex == null ? null : (claims[parentIndex] ?? null);
        // "the toll ... since January rises to 318, including 80 children": the part is a running total too.
        if (parent?.cumulative) mention.cumulative = true;
        const outcome = mention.outcome ?? parent?.outcome;
        if (!outcome) continue;
        const here = facts(sentence);
        const before = () => (previous ? facts(previous.sentence) : null);
        const clause = clauseBounds(sentence, mention.tokenIndex);
        const near = <T extends Located>(list: T[], afterBias = 1) =>
          nearest(text, list, mention.span, clause, afterBias);

        // Event dates first; "said on Friday" and "since ..." only when nothing better is in the sentence.
        // A running total is dated by when counting began, or by the period it covers ("in July").
        const date = mention.cumulative
          ? (near(here.dates.filter((d) => d.since)) ??
            near(
              here.dates.filter(
                (d) => within(d, clause) && (d.precision === 'month' || d.precision === 'year'),
              ),
            ))
          : (near(here.dates.filter((d) => !d.since && !d.speech)) ??
            near(here.dates.filter((d) => d.since && within(d, clause))) ??
            near(here.dates.filter((d) => !d.since)));
        const nextFigure = mentions[mentions.indexOf(mention) + 1]?.span[0] ?? Number.POSITIVE_INFINITY;
        const place = finerPlaceAfter(
          text,
          places,
          placeOfFigure(places, ranked(text, here.places, mention.span, clause), clause),
          here.places.filter((p) => p.span[0] >= mention.span[1] && p.span[1] <= nextFigure),
        );
        const lastClaimBefore = previous?.hadClaims ? claims[firstIndex - 1] : undefined;
        const source = near(here.sources) ?? (previous?.hadClaims ? lastOf(before()?.sources ?? []) : null);
        const cause = mention.cause ?? near(here.causes, 2);
        const claim: ExtractedClaim = {
          outcome,
          count: mention.count,
          victims: mention.victims ?? {
            text: null,
            group: mention.breakdown && parent ? parent.victims.group : 'people',
            affiliation: mention.breakdown && parent ? parent.victims.affiliation : null,
          },
          place: place
            ? placeOut(place)
            : mention.cumulative
              ? null
              : (parent?.place ??
                // "in the Syrian desert (Badia)": a place the gazetteer lacks is kept as written rather
                // than replaced by the last sentence's place, which is somewhere else.
                unresolvedOut(here.places.find((p) => within(p, clause))) ??
                placeOut(firstUsable(places, [...(before()?.places ?? [])].reverse())) ??
                lastClaimBefore?.place ??
                // As with dates: a later toll for the event ("The death toll has risen to 44") is where the story is.
                lastPlacedClaim(claims, firstIndex)?.place ??
                null),
          date: date
            ? dateOut(date)
            : mention.cumulative
              ? null
              : (parent?.date ??
                (lastClaimBefore && !lastClaimBefore.cumulative ? lastClaimBefore.date : null) ??
                // Only a day carries over: "in July" in a running total dates no later event.
                dateFrom(before()?.dates.filter((d) => !d.since && !d.speech && d.precision === 'day')) ??
                // A roundup dates its events once: "Thirteen civilians were killed" follows Thursday's toll.
                lastDatedClaim(claims, firstIndex)?.date ??
                null),
          cause: cause ? { text: cause.text, type: cause.type } : (parent?.cause ?? null),
          source: source ? sourceOut(source, lastSource) : (parent?.source ?? null),
          cumulative: mention.cumulative,
          provisional: false,
          verification: null,
          part_of: parentIndex,
          supersedes: null,
          span: mention.span,
          also_at: [],
        };
        if (claim.source && !source?.pronoun && !source?.owner) lastSource = claim.source.name;
        claims.push(claim);
        sentenceOf.push(sentenceIndex);
        mentionsOf.push(mention);
      }
      linkRevisions(mentionsOf, claims, firstIndex);
      if (mentions.length === 0 && sentence.tokens.length > 0) {
        // Remember named sources so a later "it said" can be resolved.
        const named = sentence.tokens.some((t) => /^(said|says|reported|according)$/.test(t.lower))
          ? facts(sentence).sources.filter((s) => !s.pronoun)
          : [];
        if (named.length > 0) lastSource = (named[named.length - 1] as SourceMention).name;
      }
      previous = { sentence, hadClaims: claims.length > firstIndex };
    }
    return { claims, sentenceOf };
  };
  const claims = foldRestatements(read(headline), read(body));
  linkTotals(claims);
  markDoubts(
    claims,
    body.map((sentence) => {
      const doubts = pack.findDoubts(sentence, text);
      // A sentence's dates and causes are read only when it voices a doubt.
      const { dates, causes } = doubts.length > 0 ? facts(sentence) : { dates: [], causes: [] };
      return { sentence, doubts, dates, causes };
    }),
  );
  return { published, claims };
}

function assertReadable(text: string): void {
  if (typeof text !== 'string') throw new TallyError('validation_failed', 'The article must be text');
  if (text.length > MAX_INPUT_CHARS)
    throw new TallyError(
      'payload_too_large',
      `The article has ${text.length} characters; the limit is ${MAX_INPUT_CHARS}`,
    );
  // Text has no NUL bytes and few control characters; binary files have many.
  const sample = text.slice(0, 65_536);
  let controls = 0;
  for (let k = 0; k < sample.length; k++) {
    const code = sample.charCodeAt(k);
    if (code < 9 || (code > 13 && code < 32) || code === 0xfffd) controls++;
  }
  if (sample.includes(String.fromCharCode(0)) || controls > sample.length / 20)
    throw new TallyError('validation_failed', 'The input looks binary, not article text');
}

function clauseBounds(sentence: Sentence, tokenIndex: number): [number, number] {
  const clause = clauseOf(sentence, tokenIndex);
  const startToken = sentence.tokens[sentence.clauseStarts[clause] ?? 0];
  const nextStart = sentence.clauseStarts[clause + 1];
  const endToken = nextStart == null ? undefined : sentence.tokens[nextStart];
  return [startToken?.start ?? sentence.start, endToken?.start ?? sentence.end];
}

/** The item closest to the figure, preferring the figure's own clause. */
function nearest<T extends Located>(
  text: string,
  list: T[],
  span: [number, number],
  clause: [number, number],
  beforePenalty = 1,
): T | null {
  return ranked(text, list, span, clause, beforePenalty)[0] ?? null;
}

/** Items in the figure's clause first, then the rest of the sentence; closest first in each. */
function ranked<T extends Located>(
  text: string,
  list: T[],
  span: [number, number],
  clause: [number, number],
  beforePenalty = 1,
): T[] {
  if (list.length < 2) return list;
  // Causes follow their figure ("wounded by machinegun fire"), so words before it weigh more.
  // A comma between them suggests another phrase: "..., fired off barrages of rockets".
  const commas = (from: number, to: number) =>
    to - from > 200 ? 1 : text.slice(from, to).split(',').length - 1;
  const distance = (item: T) =>
    item.span[0] >= span[1]
      ? item.span[0] - span[1] + 20 * commas(span[1], item.span[0])
      : item.span[1] <= span[0]
        ? (span[0] - item.span[1]) * beforePenalty + 0.5 + 20 * commas(item.span[1], span[0])
        : 0;
  return list
    .map((item) => ({ item, key: (within(item, clause) ? 0 : 1e9) + distance(item) }))
    .sort((a, b) => a.key - b.key)
    .map((entry) => entry.item);
}

function lastPlacedClaim(claims: ExtractedClaim[], before: number): ExtractedClaim | undefined {
  for (let k = before - 1; k >= 0; k--) if (!claims[k]?.cumulative && claims[k]?.place?.id) return claims[k];
  return undefined;
}

function lastDatedClaim(claims: ExtractedClaim[], before: number): ExtractedClaim | undefined {
  for (let k = before - 1; k >= 0; k--) if (!claims[k]?.cumulative && claims[k]?.date) return claims[k];
  return undefined;
}

const lastOf = <T>(list: T[]): T | null => list[list.length - 1] ?? null;

/** The figure a breakdown belongs to: the last top-level one in this sentence, else the one before. */
function findParent(mentions: Mention[], claims: ExtractedClaim[], sentenceStart: number): number | null {
  for (let k = claims.length - 1; k >= 0; k--) {
    if (!mentions[k]?.breakdown && mentions[k]?.revision !== 'previous') return k;
    if (k < sentenceStart && !mentions[k]?.breakdown) return k;
  }
  return null;
}

/** "raising the toll to 13 (from seven)": the new figure supersedes the old one. */
function linkRevisions(mentions: Mention[], claims: ExtractedClaim[], sentenceStart: number): void {
  for (let k = sentenceStart; k < claims.length; k++) {
    if (mentions[k]?.revision !== 'new') continue;
    const claim = claims[k] as ExtractedClaim;
    let target: number | null = null;
    for (let j = sentenceStart; j < claims.length; j++)
      if (j !== k && mentions[j]?.revision === 'previous') target = j;
    if (target == null) {
      for (let j = sentenceStart - 1; j >= 0; j--) {
        const other = claims[j] as ExtractedClaim;
        if (
          other.outcome === claim.outcome &&
          // A running total revises an earlier running total, an incident's toll an incident's.
          other.cumulative === claim.cumulative &&
          other.part_of == null &&
          samePlaceOrUnknown(other, claim)
        ) {
          target = j;
          break;
        }
      }
    }
    claim.supersedes = target;
  }
}

/**
 * Whether two claims could be about one event by where they happened: a revised toll for a
 * bombing in Karrada does not revise one for clashes near Tal Afar earlier in the wire.
 */
function samePlaceOrUnknown(a: ExtractedClaim, b: ExtractedClaim): boolean {
  if (!a.place?.id || !b.place?.id || a.place.id === b.place.id) return true;
  const coarse = (p: NonNullable<ExtractedClaim['place']>) =>
    p.precision === 'admin1' || p.precision === 'country';
  if (coarse(a.place) || coarse(b.place))
    return (
      a.place.admin1 === b.place.admin1 || a.place.precision === 'country' || b.place.precision === 'country'
    );
  return false;
}

function placeOut(place: ResolvedPhrase | null): ExtractedClaim['place'] {
  if (!place) return null;
  const r = place.resolved;
  return {
    text: place.text,
    id: r.id,
    name: r.name,
    admin1: r.admin1,
    country: r.country,
    precision: r.precision,
    covers: r.covers,
  };
}

function dateFrom(list: DateMention[] | undefined) {
  const date = list ? lastOf(list) : null;
  return date ? dateOut(date) : null;
}

function dateOut(date: DateMention): NonNullable<ExtractedClaim['date']> {
  return { text: date.text, start: date.start, end: date.end, precision: date.precision };
}

function sourceOut(source: SourceMention, lastSource: string | null): NonNullable<ExtractedClaim['source']> {
  return { text: source.text, name: source.pronoun ? (lastSource ?? source.text) : source.name };
}
