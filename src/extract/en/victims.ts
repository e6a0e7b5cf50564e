import type { Victims } from '../language.ts';
import type { Token } from '../text.ts';
import { outcomeAfter, outcomeBefore } from './lexicon.ts';
import { affiliations, groupModifiers, groupNouns } from './victim-words.ts';

/**
 * The victim noun phrase after a count: "children", "male victims",
 * "Hezbollah fighters", "members of the security forces", "of them".
 */
export interface ParsedVictims {
  victims: Victims | null;
  /** The head noun, lower case ("fighters"), or null. */
  head: string | null;
  end: number;
  /** "16 of them", "six of the dead": a breakdown of an earlier figure. */
  ofEarlier: boolean;
  /**
   * The head is a noun the lexicon does not know ("28 Taliban members", "250 Iraqis", "three
   * citizens"): a victim only when a passive or intransitive outcome follows it (mentions.ts).
   */
  unknownHead?: boolean;
}

/** Words that end a victim phrase before any head noun is found. */
const stopWords = new Set([
  'were',
  'was',
  'are',
  'is',
  'have',
  'has',
  'had',
  'been',
  'in',
  'on',
  'at',
  'by',
  'near',
  'and',
  'or',
  'from',
  'to',
  'with',
  'for',
  'the',
  'a',
  'an',
  'who',
  'that',
  'which',
  'killed',
  'dead',
  'wounded',
  'injured',
  'died',
  'when',
  'after',
  'as',
  'across',
  'since',
  'during',
  'including',
  'while',
  'but',
  'of',
  'into',
  'over',
  'than',
  'per',
  'this',
  'last',
  'they',
  'their',
  'its',
  'his',
  'her',
]);
const modifierLimit = 4;
const earlierHeads = new Set(['them', 'whom', 'those', 'the', 'these']);
const nonAffiliationCaps = new Set([
  'syrian',
  'iraqi',
  'lebanese',
  'turkish',
  'jordanian',
  'palestinian',
  'the',
]);

export function parseVictims(tokens: Token[], source: string, from: number): ParsedVictims {
  const none: ParsedVictims = { victims: null, head: null, end: from, ofEarlier: false };
  const first = tokens[from];
  if (!first) return none;
  // "20 of their fighters", "three of its soldiers": the group follows the possessive.
  if (first.lower === 'of' && /^(their|its|his|our)$/.test(tokens[from + 1]?.lower ?? '')) {
    const named = parseVictims(tokens, source, from + 2);
    if (named.victims)
      return {
        ...named,
        victims: {
          ...named.victims,
          text: source.slice(first.start, tokens[named.end - 1]?.end ?? first.end),
        },
      };
  }
  // "3 of the 10 suspects": the group is the one named after the second number, not an earlier figure's.
  if (first.lower === 'of' && tokens[from + 1]?.lower === 'the' && tokens[from + 2]?.numeric) {
    const named = parseVictims(tokens, source, from + 3);
    const end = named.victims
      ? named.end
      : /^\p{L}+$/u.test(tokens[from + 3]?.text ?? '')
        ? from + 4
        : from + 3;
    const text = source.slice(first.start, tokens[end - 1]?.end ?? first.end);
    return {
      victims: {
        text,
        group: named.victims?.group ?? 'people',
        affiliation: named.victims?.affiliation ?? null,
      },
      head: named.head,
      end,
      ofEarlier: false,
    };
  }
  if (first.lower === 'of' && earlierHeads.has(tokens[from + 1]?.lower ?? '')) {
    // "16 of them", "six of the dead": the group comes from the earlier figure.
    const end = tokens[from + 1]?.lower === 'the' ? from + 3 : from + 2;
    return { victims: null, head: null, end, ofEarlier: true };
  }
  let lastWord = -1;
  for (let j = from; j < from + modifierLimit + 1 && j < tokens.length; j++) {
    const token = tokens[j] as Token;
    const next = tokens[j + 1];
    const isHead = token.lower in groupNouns && !(next && next.lower in groupNouns && next.lower !== 'dead');
    if (isHead) return headAt(tokens, source, from, j);
    if ((token.lower === 'members' || token.lower === 'member') && next?.lower === 'of')
      return membersAt(tokens, source, from, j);
    if (!isModifier(token)) break;
    lastWord = j;
  }
  // The words end in a noun the lexicon lacks: it heads the phrase, if an outcome vouches for it.
  const last = tokens[lastWord];
  if (
    last &&
    /^\p{L}[\p{L}'’-]+$/u.test(last.text) &&
    // A noun, not a verb or an outcome: "12 reported on Wednesday", "322 deaths".
    !/(ed|ing|ly)$/.test(last.lower) &&
    !(last.lower in outcomeAfter) &&
    !(last.lower in outcomeBefore) &&
    !notPersons.has(last.lower)
  )
    return { ...headAt(tokens, source, from, lastWord), unknownHead: true };
  return none;
}

/** Nouns that count things, not people: "five years", "200 tanks" (and no outcome follows them). */
const notPersons = new Set([
  'years',
  'year',
  'days',
  'day',
  'hours',
  'hour',
  'weeks',
  'week',
  'months',
  'month',
  'minutes',
  'times',
  'percent',
  'kilometres',
  'kilometers',
  'km',
  'miles',
  'metres',
  'meters',
  'dollars',
  'tons',
  'tonnes',
  'houses',
  'homes',
  'buildings',
  'vehicles',
  'cars',
  'tanks',
  'bombs',
  'rockets',
  'missiles',
  'shells',
  'mortars',
  'drones',
  'aircraft',
  'planes',
  'jets',
  'trucks',
  'attacks',
  'strikes',
  'raids',
  'explosions',
  'blasts',
  'incidents',
  'villages',
  'towns',
]);

// "Eleven IS jihadists": the Islamic State's initials, not the verb.
const isIslamicState = (token: Token) => token.text === 'IS';

function isModifier(token: Token): boolean {
  if (isIslamicState(token)) return true;
  if (token.numeric || stopWords.has(token.lower)) return false;
  if (/^["“”']$/.test(token.text)) return true; // dozens of "terrorists"

  return /^[\p{L}][\p{L}'’-]*$/u.test(token.text) || /^\d+-[\p{L}-]+$/u.test(token.text);
}

function headAt(tokens: Token[], source: string, from: number, headIndex: number): ParsedVictims {
  const head = tokens[headIndex] as Token;
  let group = groupNouns[head.lower] ?? 'people';
  let end = headIndex + 1;
  const modifiers = tokens.slice(from, headIndex).filter((t) => !/^["“”']$/.test(t.text));
  for (const modifier of modifiers) {
    const implied = groupModifiers[modifier.lower];
    if (implied && (group === 'people' || group === 'civilians' || implied === 'security_forces'))
      group = implied;
  }
  // "women and children", "soldiers and militiamen": one group for both.
  const joined = tokens[end]?.lower === 'and' ? tokens[end + 1] : undefined;
  if (joined && joined.lower in groupNouns) {
    const other = groupNouns[joined.lower] ?? 'people';
    if (other !== group) {
      const civilianish = new Set(['women', 'children', 'civilians']);
      group = civilianish.has(group) && civilianish.has(other) ? 'civilians' : 'people';
    }
    end += 2;
  }
  let affiliation = affiliationOf(modifiers);
  // "fighters from the Al-Nusra Front", "members of Hezbollah"
  if (!affiliation && (tokens[end]?.lower === 'from' || tokens[end]?.lower === 'of')) {
    const after = tokens[end + 1]?.lower === 'the' ? end + 2 : end + 1;
    const named = capitalisedRun(tokens, after);
    if (named > after) affiliation = affiliationOf(tokens.slice(after, named), true);
  }
  // Only the sides of the war have an affiliation; "Kurdish civilians" are civilians.
  if (group !== 'combatants' && group !== 'security_forces') affiliation = null;
  const text = source.slice(tokens[from]?.start ?? 0, tokens[end - 1]?.end ?? 0);
  return { victims: { text, group, affiliation }, head: head.lower, end, ofEarlier: false };
}

function membersAt(tokens: Token[], source: string, from: number, membersIndex: number): ParsedVictims {
  let j = membersIndex + 1;
  if (tokens[j]?.lower !== 'of') return none(from);
  j++;
  if (tokens[j]?.lower === 'the') j++;
  const named = capitalisedRun(tokens, j);
  if (named > j) {
    const affiliation = affiliationOf(tokens.slice(j, named), true);
    const text = source.slice(tokens[from]?.start ?? 0, tokens[named - 1]?.end ?? 0);
    const group =
      /army|forces|police/i.test(text) && !/free syrian/i.test(text) ? 'security_forces' : 'combatants';
    return { victims: { text, group, affiliation }, head: 'members', end: named, ofEarlier: false };
  }
  const inner = parseVictims(tokens, source, j);
  const family =
    tokens[j]?.lower === 'same' || tokens[j + 1]?.lower === 'family' || tokens[j]?.lower === 'family';
  const end = inner.victims ? inner.end : family ? j + 2 : j;
  const text = source.slice(tokens[from]?.start ?? 0, tokens[end - 1]?.end ?? 0);
  const group = inner.victims?.group ?? (family ? 'civilians' : 'people');
  return {
    victims: { text, group, affiliation: inner.victims?.affiliation ?? null },
    head: 'members',
    end,
    ofEarlier: false,
  };
}

const affiliationEntries = Object.entries(affiliations);
const none = (from: number): ParsedVictims => ({ victims: null, head: null, end: from, ofEarlier: false });

/** The index after a run of capitalised words ("Al-Nusra Front", "Free Syrian Army"). */
function capitalisedRun(tokens: Token[], from: number): number {
  let j = from;
  while (j < tokens.length && j < from + 5 && (tokens[j]?.capitalised || tokens[j]?.lower === 'al')) j++;
  return j;
}

function affiliationOf(modifiers: Token[], named = false): string | null {
  const phrase = modifiers.map((t) => (isIslamicState(t) ? 'isis' : t.lower)).join(' ');
  for (const [key, name] of affiliationEntries) {
    if (phrase === key || phrase.endsWith(` ${key}`) || phrase.startsWith(`${key} `)) return name;
  }
  const capitals = modifiers.filter((t) => t.capitalised && !nonAffiliationCaps.has(t.lower));
  if (capitals.length > 0 && (named || capitals.length === modifiers.length)) {
    return capitals.map((t) => t.text.replace(/['’]s$/, '')).join(' ');
  }
  return null;
}
