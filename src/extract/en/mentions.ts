import type { Mention } from '../language.ts';
import { clauseOf, type Sentence, type Token } from '../text.ts';
import { findCauseInWords } from './causes.ts';
import { cumulativeCues, isNotACasualtyNumber } from './filters.ts';
import { auxiliaries, outcomeAfter, outcomeBefore, outcomeNounsBeforeOf } from './lexicon.ts';
import { parseCountAt } from './numbers.ts';
import { outcomeAfterPhrase, outcomeBeforeCount } from './outcomes.ts';
import { groupNouns, singularGroupNouns } from './victim-words.ts';
import { parseVictims } from './victims.ts';

/**
 * Finds casualty figures in one English sentence: a count, the victims and
 * the outcome word that makes it a casualty ("13 children were killed",
 * "killing at least 20", "left dozens dead", "raising the toll to 13").
 * A number with no outcome word is not a casualty and gives nothing.
 */
interface Candidate {
  mention: Mention;
  countStart: number;
  end: number;
  /** How the outcome was found: after the noun phrase, before the count, or not at all. */
  via: 'after' | 'before' | 'toll' | null;
  unreal: boolean;
  /** "a rebel": a count only with its own outcome word. */
  article: boolean;
  /** "16 of them", "six of the dead". */
  ofEarlier: boolean;
  /** Token index of the figure's own outcome word, when it has one. */
  outcomeAt: number | null;
}

/** "..., an activist group said": a speaker, not a further victim. */
const beforeSpeech = (tokens: Token[], from: number) =>
  tokens.slice(from, from + 3).some((t) => /^(said|says|told|reported|added|stated)$/.test(t.lower));

const impliedKilled = new Set(['dead', 'bodies', 'corpses', 'martyrs', 'lives']);
const breakdownWords = new Set(['including', 'includes', 'included', 'include', 'among']);

export function findMentions(sentence: Sentence, source: string): Mention[] {
  const tokens = sentence.tokens;
  const candidates: Candidate[] = [];
  for (let i = 0; i < tokens.length; ) {
    const parsed = parseCountAt(tokens, source, i);
    if (!parsed || isNotACasualtyNumber(tokens, i, parsed)) {
      i++;
      continue;
    }
    const victims = parseVictims(tokens, source, parsed.end);
    // "killing one and wounding five": a lone "one" right after the outcome verb counts a person.
    const oneAfterVerb =
      tokens[i]?.lower === 'one' && (tokens[i - 1]?.lower ?? '') in outcomeBefore && !victims.victims;
    const knownSingular = victims.head && singularGroupNouns.has(victims.head) && !victims.unknownHead;
    // "an Afghan colonel was killed": a noun the lexicon lacks counts one when a passive outcome follows.
    if (parsed.article && !knownSingular && !oneAfterVerb && !victims.unknownHead) {
      i++;
      continue;
    }
    // "four of the dead were policemen": the group follows the verb.
    if (victims.ofEarlier && /^(were|was|are)$/.test(tokens[victims.end]?.lower ?? '')) {
      const named = parseVictims(tokens, source, victims.end + 1);
      if (named.victims && named.head && named.head in groupNouns) {
        victims.victims = named.victims;
        victims.end = named.end;
      }
    }
    const npEnd = Math.max(victims.end, parsed.end);
    // "killed a family of seven": the family is the victims, and the verb stands before it.
    const family = victims.victims ? -1 : familyStart(tokens, i);
    const phraseStart = family >= 0 ? family : i;
    if (family >= 0)
      victims.victims = {
        text: source.slice(tokens[family]?.start ?? 0, tokens[npEnd - 1]?.end ?? 0),
        group: 'civilians',
        affiliation: null,
      };
    const mention: Mention = {
      outcome: null,
      count: parsed.count,
      victims: victims.victims,
      span: [tokens[phraseStart]?.start ?? 0, tokens[npEnd - 1]?.end ?? 0],
      tokenIndex: i,
      breakdown: victims.ofEarlier || isBreakdownCue(tokens, i),
      revision: null,
      cumulative: false,
      cause: null,
    };
    const candidate: Candidate = {
      mention,
      countStart: phraseStart,
      end: npEnd,
      via: null,
      unreal: false,
      article: parsed.article,
      ofEarlier: victims.ofEarlier,
      outcomeAt: null,
    };
    const headRightAfter = victims.victims?.text?.toLowerCase() === victims.head;
    if (victims.head && impliedKilled.has(victims.head) && (headRightAfter || victims.head !== 'dead')) {
      mention.outcome = 'killed';
      candidate.via = 'after';
      candidate.outcomeAt = npEnd - 1;
    }
    findOutcome(tokens, source, candidate);
    // "28 Taliban members were killed", "three citizens were martyred": an unknown noun is a victim
    // only as the subject of a passive or intransitive outcome, never of "5 car bombs killed 20".
    if (
      victims.unknownHead &&
      !(
        candidate.via === 'before' ||
        (candidate.via === 'after' && passiveOutcome(tokens, candidate.outcomeAt))
      )
    )
      candidate.unreal = true;
    candidates.push(candidate);
    i = npEnd;
  }
  shareOutcomesInLists(tokens, candidates);
  const kept = candidates.filter(
    (c) => (c.mention.outcome || (c.mention.breakdown && (c.mention.victims || c.ofEarlier))) && !c.unreal,
  );
  markRunningTotals(sentence, kept);
  return kept.map((c) => c.mention);
}

const intransitive = /^(died|dies|perished|drowned|lives|injuries|wounds|injury|wound|fallen|dead|missing)$/;
/** "were killed", "had been wounded", "died", "lost their lives": not "bombs killed 20". */
function passiveOutcome(tokens: Token[], at: number | null): boolean {
  if (at == null) return false;
  if (intransitive.test(tokens[at]?.lower ?? '')) return true;
  for (let k = at - 1; k >= 0 && k >= at - 4; k--) {
    const word = tokens[k]?.lower ?? '';
    if (/^(were|was|are|is|been|be|being|got|get)$/.test(word)) return true;
    if (!auxiliaries.has(word)) return false;
  }
  return false;
}

/** Where "a family of" starts before the count at i, or -1. */
function familyStart(tokens: Token[], i: number): number {
  if (tokens[i - 1]?.lower !== 'of' || tokens[i - 2]?.lower !== 'family') return -1;
  return /^(a|an|entire|whole)$/.test(tokens[i - 3]?.lower ?? '') ? i - 3 : i - 2;
}

function isBreakdownCue(tokens: Token[], i: number): boolean {
  const before = tokens.slice(Math.max(0, i - 4), i).map((t) => t.lower);
  const last = before[before.length - 1];
  // "Eight members of one family were among 25 people killed": 25 is the whole, not a part.
  if (last === 'among' && /^(were|was|are|is)$/.test(before[before.length - 2] ?? '')) return false;
  if (last && breakdownWords.has(last)) return true;
  const joined = before.join(' ');
  // "Among them are two children", "Among the wounded are 14 children"
  return /(among|of) (them|whom)( (are|were|was|is))?$|among (the|those) (dead|killed|victims|wounded|injured)( (were|are|was|is))?$/.test(
    joined,
  );
}

function findOutcome(tokens: Token[], source: string, candidate: Candidate): void {
  const { mention } = candidate;
  // "the body of a young man arrested ...": the noun before names the outcome.
  const nounBefore =
    tokens[candidate.countStart - 1]?.lower === 'of' &&
    outcomeNounsBeforeOf.has(tokens[candidate.countStart - 2]?.lower ?? '');
  const after = nounBefore ? null : outcomeAfterPhrase(tokens, candidate.end);
  if (after && !mention.outcome) {
    mention.outcome = after.outcome;
    candidate.via = 'after';
    candidate.outcomeAt = after.index;
    candidate.unreal = after.unreal;
    mention.span[1] = tokens[after.index]?.end ?? mention.span[1];
    mention.cause = findCauseInWords(tokens[after.index]?.lower ?? '', source, tokens[after.index]);
  }
  // "Two of the wounded, aged 25 and 30, later died": deaths among those counted before, not a part of them.
  const ofWounded = tokens
    .slice(candidate.countStart + 1, candidate.end)
    .some((t) => t.lower === 'wounded' || t.lower === 'injured');
  if (!mention.outcome && candidate.ofEarlier && ofWounded) {
    const died = tokens
      .slice(candidate.end, candidate.end + 12)
      .findIndex((t) => /^(died|succumbed|killed)$/.test(t.lower));
    if (died >= 0) {
      mention.outcome = 'killed';
      mention.breakdown = false;
      candidate.via = 'after';
      candidate.outcomeAt = candidate.end + died;
      mention.span[1] = tokens[candidate.end + died]?.end ?? mention.span[1];
    }
  }
  if (!mention.outcome) {
    const before = outcomeBeforeCount(tokens, candidate.countStart);
    if (before) {
      mention.outcome = before.outcome;
      candidate.via = before.toll ? 'toll' : 'before';
      candidate.outcomeAt = before.index;
      candidate.unreal = before.unreal;
      mention.revision = before.revision;
      if ('runningTotal' in before && before.runningTotal) mention.cumulative = true;
      mention.span[0] = tokens[before.index]?.start ?? mention.span[0];
      mention.cause = findCauseInWords(tokens[before.index]?.lower ?? '', source, tokens[before.index]);
    }
  }
  // "killed or wounded 100", "40 dead or injured": casualties of either kind, no count of either.
  if (candidate.outcomeAt != null && eitherOutcome(tokens, candidate.outcomeAt)) candidate.unreal = true;
  // "denied that 20 people were killed", "if 20 were killed"
  const preceding = tokens.slice(Math.max(0, candidate.countStart - 3), candidate.countStart);
  if (preceding.some((t) => ['denied', 'denies', 'deny', 'if', 'unless', 'not', 'feared'].includes(t.lower)))
    candidate.unreal = true;
}

/** "killed 12 people in Idlib and eight in Aleppo": a place, then "and" before a bare count. */
function placeThenAnd(tokens: Token[], from: number, to: number): boolean {
  const between = tokens.slice(from, to);
  if (between.length < 3 || between.length > 6) return false;
  const [first, last] = [between[0] as Token, between[between.length - 1] as Token];
  const names = between.slice(1, last.lower === 'and' && between[between.length - 2]?.text === ',' ? -2 : -1);
  return (
    /^(in|near|on|at)$/.test(first.lower) &&
    last.lower === 'and' &&
    names.length > 0 &&
    names.every((t) => t.capitalised || /^(al|el|ez|as|ar)(-\p{L}+)?$/u.test(t.lower))
  );
}

/** "killed or wounded", "dead or injured": the outcome word at `at` is joined by "or" to another. */
function eitherOutcome(tokens: Token[], at: number): boolean {
  const isOutcome = (k: number) =>
    (tokens[k]?.lower ?? '') in outcomeAfter || (tokens[k]?.lower ?? '') in outcomeBefore;
  return (
    (tokens[at - 1]?.lower === 'or' && isOutcome(at - 2)) ||
    (tokens[at + 1]?.lower === 'or' && isOutcome(at + 2))
  );
}

/** "5 soldiers and 3 rebels were killed", "killed 5 people and wounded 12 others", "including 13 children and five women". */
function shareOutcomesInLists(tokens: Token[], candidates: Candidate[]): void {
  const wordsBetween = (a: Candidate, b: Candidate) =>
    tokens
      .slice(a.end, b.countStart)
      .map((t) => t.lower)
      .join(' ');
  const joinedToNext = (a: Candidate, b: Candidate) => {
    const between = wordsBetween(a, b);
    // "A woman and her three children were killed"
    return /^(,|and|, and|or|as well as|plus|, as well as|and (his|her|their))$/.test(between);
  };
  for (let k = candidates.length - 2; k >= 0; k--) {
    const [a, b] = [candidates[k] as Candidate, candidates[k + 1] as Candidate];
    if (
      !a.mention.outcome &&
      b.via === 'after' &&
      joinedToNext(a, b) &&
      !b.mention.breakdown &&
      !a.mention.breakdown
    ) {
      a.mention.outcome = b.mention.outcome;
      a.unreal = b.unreal;
      // "Three soldiers, two civilians and one agent were killed": the verb follows the whole list.
      a.via = 'after';
    }
  }
  for (let k = 1; k < candidates.length; k++) {
    const [a, b] = [candidates[k - 1] as Candidate, candidates[k] as Candidate];
    const joined = joinedToNext(a, b) || (!b.mention.victims && placeThenAnd(tokens, a.end, b.countStart));
    if (b.mention.outcome || !joined || b.article || beforeSpeech(tokens, b.end)) continue;
    if (a.mention.breakdown) b.mention.breakdown = true;
    b.mention.outcome = a.mention.outcome;
    b.unreal = a.unreal;
    if (!b.mention.victims && a.mention.victims) b.mention.victims = a.mention.victims;
  }
  // "Eight members of one family were among 25 people killed": the family died too.
  for (let k = 0; k + 1 < candidates.length; k++) {
    const [a, b] = [candidates[k] as Candidate, candidates[k + 1] as Candidate];
    if (
      !a.mention.outcome &&
      b.mention.outcome &&
      /^(were|was|are|is) among( the)?$/.test(wordsBetween(a, b))
    ) {
      a.mention.outcome = b.mention.outcome;
      a.unreal = b.unreal;
    }
  }
  // "Three civilians were killed and five wounded": the wounded are civilians too.
  for (let k = 1; k < candidates.length; k++) {
    const [a, b] = [candidates[k - 1] as Candidate, candidates[k] as Candidate];
    if (b.mention.victims || !a.mention.victims || b.mention.breakdown || a.mention.breakdown) continue;
    if (
      /^((were|was) )?((killed|wounded|injured|hurt|dead) )?(and|while)( (killed|wounded|injured))?$/.test(
        wordsBetween(a, b),
      )
    )
      b.mention.victims = {
        text: null,
        group: a.mention.victims.group,
        affiliation: a.mention.victims.affiliation,
      };
  }
  // A breakdown takes its parent's outcome: the nearest figure before it.
  let parent: Candidate | null = null;
  for (const candidate of candidates) {
    if (candidate.mention.breakdown && !candidate.mention.outcome && parent) {
      candidate.mention.outcome = parent.mention.outcome;
      candidate.unreal = parent.unreal;
    }
    if (!candidate.mention.breakdown && candidate.mention.outcome) parent = candidate;
  }
}

/** Attaches each running-total cue to the figures it governs, within one clause. */
function markRunningTotals(sentence: Sentence, candidates: Candidate[]): void {
  if (candidates.length === 0) return;
  const clause = (index: number) => clauseOf(sentence, index);
  for (const cue of cumulativeCues(sentence)) {
    const sameClause = candidates.filter((c) => clause(c.countStart) === clause(cue.index));
    if (cue.kind === 'subject') {
      // "The conflict has killed 100,000, forced 2 million to flee, and displaced 5 million"
      for (const c of candidates) {
        if (c.countStart > cue.index && joinedByAnd(sentence, clause(cue.index), clause(c.countStart)))
          c.mention.cumulative = true;
      }
      continue;
    }
    const before = sameClause.filter((c) => c.countStart < cue.index && !c.mention.breakdown);
    const after = cue.onlyBefore ? undefined : sameClause.find((c) => c.countStart > cue.index);
    const target = before[before.length - 1] ?? after;
    if (target) target.mention.cumulative = true;
  }
}

/** Clauses from..to are one statement: each later one opens with "and" (not "while", "but"). */
function joinedByAnd(sentence: Sentence, from: number, to: number): boolean {
  for (let k = from + 1; k <= to; k++) {
    const first = sentence.tokens[sentence.clauseStarts[k] ?? 0];
    if (first?.lower !== 'and') return false;
  }
  return true;
}
