import type { PlacePhrase } from '../language.ts';
import type { Sentence, Token } from '../text.ts';
import { descriptors, notPlaceWords, particle, placeNouns, prepositions } from './place-words.ts';

/**
 * Place phrases in English wire prose: capitalised names after a place
 * preposition ("in Homs", "across Aleppo province", "near the town of Rastan",
 * "on rebel-held Aazaz"), before a place noun ("the Deir Baalbeh district"),
 * nested ones ("the Damascus suburb of Daraya", "Homs' Khalidiyeh
 * neighbourhood"). Names are looked up by the resolver, not here.
 */
const maxRun = 4;

export function findPlaces(sentence: Sentence, source: string): PlacePhrase[] {
  const tokens = sentence.tokens;
  const found: PlacePhrase[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const national = nationwideAt(tokens, source, i);
    if (national) {
      found.push(national);
      continue;
    }
    if (!startsName(tokens[i])) continue;
    const end = runEnd(tokens, i);
    const phrase = placeFromRun(tokens, source, i, end);
    if (phrase) found.push(phrase);
    i = phrase ? Math.max(end, tokenIndexAt(tokens, phrase.span[1])) - 1 : end - 1;
  }
  return found;
}

/** "across the country", "nationwide": the whole country the article is about. */
function nationwideAt(tokens: Token[], source: string, i: number): PlacePhrase | null {
  const word = tokens[i]?.lower;
  let end = -1;
  if (word === 'nationwide') end = i + 1;
  else if (
    /^(across|throughout|around)$/.test(word ?? '') &&
    tokens[i + 1]?.lower === 'the' &&
    tokens[i + 2]?.lower === 'country'
  )
    end = i + 3;
  if (end < 0) return null;
  const first = tokens[i] as Token;
  const last = tokens[end - 1] as Token;
  return {
    text: source.slice(first.start, last.end),
    span: [first.start, last.end],
    name: 'the country',
    within: null,
    levelHint: 'country',
  };
}

const startsName = (t: Token | undefined) =>
  !!t &&
  (t.capitalised || (particle.test(t.lower) && t.lower.includes('-'))) &&
  !t.numeric &&
  !notPlaceWords.has(t.lower) &&
  // "In Homs, five civilians died": a sentence's first word is capitalised, but "In" names nothing.
  !prepositions.has(t.lower);

function runEnd(tokens: Token[], i: number): number {
  let j = i + 1;
  while (j < tokens.length && j < i + maxRun) {
    const t = tokens[j] as Token;
    if (tokens[j - 1]?.possessive || tokens[j]?.text === "'") break;
    if (!(t.capitalised || particle.test(t.lower)) || t.numeric || notPlaceWords.has(t.lower)) break;
    j++;
  }
  // A lower-case particle joins names ("Ras al Ain") but ends none: "Douma at 10 am" is Douma.
  while (j > i + 1 && !tokens[j - 1]?.capitalised && !tokens[j - 1]?.lower.includes('-')) j--;
  return j;
}

function tokenIndexAt(tokens: Token[], offset: number): number {
  const index = tokens.findIndex((t) => t.end >= offset);
  return index < 0 ? tokens.length : index + 1;
}

function placeFromRun(tokens: Token[], source: string, start: number, end: number): PlacePhrase | null {
  const name = nameOf(tokens, start, end);
  const possessive = tokens[end - 1]?.possessive || tokens[end]?.text === "'";
  const afterRun = tokens[end]?.text === "'" ? end + 1 : end;
  // "Homs' Khalidiyeh neighbourhood", "Aleppo's Salaheddin district", "Baghdad's central Karrada area"
  let innerStart = afterRun;
  while (possessive && innerStart < afterRun + 2 && descriptors.has(tokens[innerStart]?.lower ?? ''))
    innerStart++;
  if (possessive && startsName(tokens[innerStart])) {
    const innerEnd = runEnd(tokens, innerStart);
    const noun = tokens[innerEnd]?.lower ?? '';
    const end = noun in placeNouns ? innerEnd + 1 : innerEnd;
    return phrase(
      tokens,
      source,
      start,
      end,
      nameOf(tokens, innerStart, innerEnd),
      name,
      placeNouns[noun] ?? null,
    );
  }
  const noun = tokens[end]?.lower ?? '';
  // "the main Damascus-Aleppo highway" is a road, not a place the dead were in.
  if (/^(highway|road|motorway|airport|university|border|crossing)$/.test(noun)) return null;
  // "Aleppo's eastern districts", "Idlib's countryside": parts of the place named, so the place itself.
  let own = afterRun;
  while (possessive && own < afterRun + 3 && !((tokens[own]?.lower ?? '') in placeNouns)) {
    if (!descriptors.has(tokens[own]?.lower ?? '')) break;
    own++;
  }
  const ownNoun = tokens[own]?.lower ?? '';
  if (possessive && ownNoun in placeNouns) {
    const level = placeNouns[ownNoun] === 'admin1' ? 'admin1' : null;
    return phrase(tokens, source, start, own + 1, name, null, level);
  }
  // "Iraq's second city Mosul", "Syria's conflict": the possessive is context, not the place.
  if (possessive) return null;
  if (noun in placeNouns) {
    // "the Damascus suburb of Daraya"
    if (tokens[end + 1]?.lower === 'of' && startsName(tokens[end + 2])) {
      const innerEnd = runEnd(tokens, end + 2);
      return phrase(
        tokens,
        source,
        start,
        innerEnd,
        nameOf(tokens, end + 2, innerEnd),
        name,
        placeNouns[noun] ?? null,
      );
    }
    return phrase(tokens, source, start, end + 1, name, null, placeNouns[noun] ?? null);
  }
  const hint = precededByPreposition(tokens, start);
  if (hint === false) return null;
  // "along the frontier with Jordan": the dead were on this side of it, in the divisions along it.
  if (hint === 'border')
    return { ...phrase(tokens, source, start, end, name, null, 'admin1'), relation: 'border' };
  // "in and around Damascus": the city and what surrounds it.
  if (
    tokens[start - 1]?.lower === 'around' &&
    tokens[start - 2]?.lower === 'and' &&
    tokens[start - 3]?.lower === 'in'
  )
    return { ...phrase(tokens, source, start - 3, end, name, null, hint), relation: 'around' };
  return phrase(tokens, source, start, end, name, null, hint);
}

/** Walks back over "the northwest province of" to a preposition; returns the level the words imply. */
function precededByPreposition(tokens: Token[], start: number): string | null | false {
  let hint: string | null = null;
  for (let j = start - 1; j >= 0 && j >= start - 6; j--) {
    const word = tokens[j]?.lower ?? '';
    if (word in placeNouns && hint == null) hint = placeNouns[word] ?? null;
    // "the southern countryside of Idlib", "the town of Rastan": the noun before "of" says the level.
    if (word === 'of' && hint == null && (tokens[j - 1]?.lower ?? '') in placeNouns)
      return placeNouns[tokens[j - 1]?.lower ?? ''] ?? null;
    if (prepositions.has(word)) return hint;
    // "the frontier with Jordan", "the border with Turkey"
    if (word === 'with' && /^(border|frontier|boundary)$/.test(tokens[j - 1]?.lower ?? '')) return 'border';
    // "fled Iraq's second city Mosul"
    if (!descriptors.has(word) && !tokens[j]?.possessive) return false;
  }
  return false;
}

function nameOf(tokens: Token[], start: number, end: number): string {
  return tokens
    .slice(start, end)
    .map((t) => (t.possessive ? t.text.slice(0, -2) : t.text))
    .join(' ');
}

function phrase(
  tokens: Token[],
  source: string,
  start: number,
  end: number,
  name: string,
  within: string | null,
  levelHint: string | null,
): PlacePhrase {
  const first = tokens[start] as Token;
  const last = tokens[end - 1] as Token;
  return {
    text: source.slice(first.start, last.end),
    span: [first.start, last.end],
    name,
    within,
    levelHint,
  };
}
