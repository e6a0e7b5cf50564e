import type { SourceMention } from '../language.ts';
import type { Sentence, Token } from '../text.ts';
import { sourceNames } from './cause-words.ts';

/**
 * Who the figure comes from: "the Observatory said", "according to
 * activists", "state media reported", "a medic at the hospital told AFP",
 * "a video released by the Syrian Revolution General Commission".
 */
const speechVerbs = new Set([
  'said',
  'says',
  'say',
  'reported',
  'reports',
  'told',
  'added',
  'announced',
  'stated',
  'confirmed',
  'listed',
  'documented',
  'estimated',
  'estimates',
  'counted',
  'recorded',
  'quoted',
  'reporting',
  'saying',
  'blamed',
  'claimed',
  'cited',
]);
const byPhrases = new Set(['released', 'posted', 'published', 'distributed', 'issued', 'compiled']);
const stopBack = new Set([
  'that',
  'which',
  'who',
  'while',
  'but',
  'as',
  'whereas',
  'after',
  'because',
  'if',
  'when',
  'where',
  'to',
  'also',
  'had',
  'has',
  'have',
  'was',
  'were',
  'later',
  'earlier',
  'previously',
  'separately',
]);
const sourceStarters = new Set([
  ...speechVerbs,
  ...byPhrases,
  'according',
  'estimate',
  'tally',
  'count',
  'put',
  'puts',
  'putting',
  'placed',
  'places',
]);
const pronouns = new Set(['it', 'he', 'she', 'they', 'we']);
const maxPhrase = 9;

export function findSources(sentence: Sentence, source: string): SourceMention[] {
  const tokens = sentence.tokens;
  const found: SourceMention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]?.lower ?? '';
    if (!sourceStarters.has(word)) continue;
    let range: [number, number] | null = null;
    if (word === 'according' && tokens[i + 1]?.lower === 'to') range = forward(tokens, i + 2);
    else if (byPhrases.has(word) && tokens[i + 1]?.lower === 'by') range = forward(tokens, i + 2);
    // "a UN estimate of", "an AFP tally based on"
    else if (/^(estimate|tally|count)$/.test(word) && /^(of|based)$/.test(tokens[i + 1]?.lower ?? ''))
      range = ownerOf(tokens, i);
    else if (speechVerbs.has(word)) range = backward(tokens, i) ?? afterVerb(tokens, i);
    // "A medical official put the toll at 19"
    else if (
      /^(put|puts|putting|placed|places)$/.test(word) &&
      /^(the|a|its)$/.test(tokens[i + 1]?.lower ?? '') &&
      tokens.slice(i + 2, i + 4).some((t) => t.lower === 'toll' || t.lower === 'number')
    )
      range = backward(tokens, i);
    if (!range) continue;
    const phrase = mention(tokens, source, range);
    if (phrase) found.push(/^(estimate|tally|count)$/.test(word) ? { ...phrase, owner: true } : phrase);
  }
  return found;
}

function mention(tokens: Token[], source: string, [from, to]: [number, number]): SourceMention | null {
  const first = tokens[from];
  const last = tokens[to - 1];
  if (!first || !last || to <= from) return null;
  const text = source.slice(first.start, last.end);
  // "up from 12 reported on Wednesday" names a figure, not a source; "for the blasts and" is no speaker.
  if (tokens.slice(from, to).some((t) => t.numeric || /^(up|down|from|killed|dead|toll)$/.test(t.lower)))
    return null;
  if (/^(for|in|on|at|by|with|into|of|and|as)$/.test(first.lower) || last.lower === 'and') return null;
  const known = sourceNames.find(([pattern]) => pattern.test(text));
  // "it said", "the group said", "the human rights group said": the source named last.
  const backReference =
    !known &&
    /^(the|this|that) (group|organisation|organization|agency|ngo|source|official|officials|spokesman)$/i.test(
      text,
    );
  if ((to - from === 1 && pronouns.has(first.lower)) || backReference)
    return { text, span: [first.start, last.end], name: text, pronoun: true };
  const name = known ? known[1] : text.replace(/^the\s+/i, '');
  return { text, span: [first.start, last.end], name, pronoun: false };
}

const isBoundary = (t: Token | undefined) => !t || /^[,.;:"“”()?!—–-]$/.test(t.text);

/** The phrase after "according to" / "released by", up to punctuation. */
function forward(tokens: Token[], from: number): [number, number] | null {
  let j = from;
  while (j < tokens.length && j < from + maxPhrase && !isBoundary(tokens[j]) && tokens[j]?.lower !== 'that')
    j++;
  return j > from ? [from, j] : null;
}

/** The subject before a speech verb: "the Observatory" in "the Observatory said". */
function backward(tokens: Token[], verb: number): [number, number] | null {
  let j = verb - 1;
  // "The Britain-based Observatory, which gathers ..., said": skip the relative clause.
  if (tokens[j]?.text === ',') {
    let k = j - 1;
    while (k > 0 && k > verb - 30 && tokens[k]?.text !== ',') k--;
    // "The Local Coordination Committees, an activist network, says": the apposition too.
    if (tokens[k]?.text === ',' && /^(which|who|an?)$/.test(tokens[k + 1]?.lower ?? '')) j = k - 1;
    else return null;
  }
  while (
    j >= 0 &&
    /^(also|later|earlier|separately|previously|had|has|have|on|again)$/.test(tokens[j]?.lower ?? '')
  )
    j--;
  const end = j + 1;
  while (j >= 0 && end - j <= maxPhrase && !isBoundary(tokens[j]) && !stopBack.has(tokens[j]?.lower ?? ''))
    j--;
  const start = j + 1;
  if (end - start > maxPhrase - 1 || start >= end) return null;
  return [start, end];
}

/** ", said Rami Abdel Rahman, head of the Observatory" */
function afterVerb(tokens: Token[], verb: number): [number, number] | null {
  if (!isBoundary(tokens[verb - 1]) || !/^(said|says|reported|added)$/.test(tokens[verb]?.lower ?? ''))
    return null;
  const first = forward(tokens, verb + 1);
  if (!first) return null;
  const [, end] = first;
  if (
    tokens[end]?.text === ',' &&
    /^(head|director|chief|spokesman|spokeswoman|a|an|the)$/.test(tokens[end + 1]?.lower ?? '')
  ) {
    const second = forward(tokens, end + 1);
    if (second) return [first[0], second[1]];
  }
  return first;
}

/** "a UN estimate", "an AFP tally": the words from the article to the noun. */
function ownerOf(tokens: Token[], noun: number): [number, number] | null {
  for (let j = noun - 1; j >= Math.max(0, noun - 4); j--) {
    if (/^(a|an|the)$/.test(tokens[j]?.lower ?? '')) return j < noun - 1 ? [j, noun + 1] : null;
    if (isBoundary(tokens[j])) return null;
  }
  return null;
}
