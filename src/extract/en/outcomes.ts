import type { Outcome } from '../../intake/claim.ts';
import type { Mention } from '../language.ts';
import type { Token } from '../text.ts';
import { auxiliaries, outcomeAfter, outcomeBefore, outcomeNounsBeforeOf, unrealMarkers } from './lexicon.ts';

/**
 * The outcome word of a casualty figure: after the victims ("were killed",
 * "were among the dead"), before the count ("killing at least 20", "the
 * deaths of 12") or a death toll ("raising the toll to 13").
 */
/** "were killed", "were among the dead", "died", "dead" within a few words after the victims. */
export function outcomeAfterPhrase(
  tokens: Token[],
  from: number,
): { outcome: Outcome; index: number; unreal: boolean } | null {
  let j = skipAside(tokens, from);
  let unreal = false;
  for (let steps = 0; steps < 6 && j < tokens.length; steps++, j++) {
    const token = tokens[j] as Token;
    const outcome = outcomeAfter[token.lower];
    if (outcome) {
      // "killed or wounded" is a combined casualty figure, not a death toll.
      const combined = tokens[j + 1]?.lower === 'or' && tokens[j + 2]?.lower !== 'so';
      return { outcome, index: j, unreal: unreal || combined };
    }
    if (token.lower === 'among' && /^(dead|victims|killed|fatalities)$/.test(tokens[j + 2]?.lower ?? '')) {
      return { outcome: 'killed', index: j + 2, unreal };
    }
    if (token.lower === 'lost' && tokens[j + 2]?.lower === 'lives')
      return { outcome: 'killed', index: j + 2, unreal };
    // "sustained moderate wounds", "suffered minor injuries"
    if (/^(sustained|suffered|sustaining|suffering|received)$/.test(token.lower)) {
      const k = /^(injuries|wounds|injury|wound)$/.test(tokens[j + 1]?.lower ?? '') ? j + 1 : j + 2;
      if (/^(injuries|wounds|injury|wound)$/.test(tokens[k]?.lower ?? ''))
        return { outcome: 'injured', index: k, unreal };
    }
    // "More than 110,371 people have fallen"
    if (token.lower === 'fallen' && /^(have|has|had)$/.test(tokens[j - 1]?.lower ?? ''))
      return { outcome: 'killed', index: j, unreal };
    // "forced over 2 million to flee"
    if (token.lower === 'to' && /^(flee|leave)$/.test(tokens[j + 1]?.lower ?? ''))
      return { outcome: 'displaced', index: j + 1, unreal };
    if (token.lower === 'went' || token.lower === 'remain' || token.lower === 'remained') continue;
    if (unrealMarkers.has(token.lower) && token.lower !== 'to') {
      unreal = true;
      continue;
    }
    if (!auxiliaries.has(token.lower)) return null;
  }
  return null;
}

/** Skips ", including six children," and "(...)" between a subject and its verb. */
function skipAside(tokens: Token[], from: number): number {
  const first = tokens[from];
  if (first?.text === '(') {
    for (let j = from + 1; j < tokens.length && j < from + 12; j++) if (tokens[j]?.text === ')') return j + 1;
    return from;
  }
  if (
    first?.text === ',' &&
    /^(including|among|mostly|most|many|all|both|some|according)$/.test(tokens[from + 1]?.lower ?? '')
  ) {
    for (let j = from + 2; j < tokens.length && j < from + 16; j++) if (tokens[j]?.text === ',') return j + 1;
  }
  return from;
}

/** "killing at least 20", "the deaths of 12", "raising the toll to 13", "a previous toll of seven". */
export function outcomeBeforeCount(
  tokens: Token[],
  i: number,
): {
  outcome: Outcome;
  index: number;
  unreal: boolean;
  toll: boolean;
  revision: Mention['revision'];
  runningTotal?: boolean;
} | null {
  // 'The army said it had killed "dozens of terrorists"': quotation marks stand between verb and count.
  while (i > 1 && /^["“”«»]$/.test(tokens[i - 1]?.text ?? '')) i--;
  const prev = tokens[i - 1];
  if (!prev) return null;
  const unrealBefore = (index: number) =>
    tokens.slice(Math.max(0, index - 3), index).some((t) => unrealMarkers.has(t.lower));
  if (prev.lower === 'of' && outcomeNounsBeforeOf.has(tokens[i - 2]?.lower ?? '')) {
    const index = i - 2;
    return {
      outcome: outcomeBefore[tokens[index]?.lower ?? ''] ?? 'killed',
      index,
      unreal: unrealBefore(index),
      toll: false,
      revision: null,
    };
  }
  // "shot dead five policemen", "fatally shot an Afghan colonel"
  if (
    (prev.lower === 'dead' && /^(shot|gunned|left|found)$/.test(tokens[i - 2]?.lower ?? '')) ||
    (/^(shot|stabbed|wounded|injured)$/.test(prev.lower) &&
      /^(fatally|mortally)$/.test(tokens[i - 2]?.lower ?? ''))
  )
    return {
      outcome: 'killed' as Outcome,
      index: i - 2,
      unreal: unrealBefore(i - 2),
      toll: false,
      revision: null,
    };
  const verb = outcomeBefore[prev.lower];
  if (verb) {
    return {
      outcome: verb,
      index: i - 1,
      // "kill 20" is what might happen, except in a headline: "Air strikes kill 20 in Idlib".
      unreal: unrealBefore(i - 1) || (/^(kill|wound|injure)$/.test(prev.lower) && !headlineGrammar(tokens)),
      toll: false,
      revision: null,
    };
  }
  return tollBefore(tokens, i);
}

/** A headline has no closing full stop, and tells the news in the present tense. */
function headlineGrammar(tokens: Token[]): boolean {
  return !/^[.!?"”'’)]$/.test(tokens[tokens.length - 1]?.text ?? '.');
}

const tollLinks = new Set([
  'to',
  'of',
  'at',
  'reached',
  'hit',
  'was',
  'is',
  'stood',
  'from',
  'topped',
  'passed',
  'exceeded',
]);
const newTollWords =
  /^(raising|raised|rose|risen|rising|climbed|climbing|jumped|increased|bringing|brought|revised|updated|new|up|pushing|pushed|soared|mounted)$/;
const previousTollWords = /^(previous|earlier|initial|prior|preliminary|old)$/;

function tollBefore(tokens: Token[], i: number) {
  const prev = tokens[i - 1];
  if (!prev || !tollLinks.has(prev.lower)) return null;
  // "The attacks brought to 85 the number of people killed in Iraq since Friday": a period's total.
  if (
    prev.lower === 'to' &&
    /^(brought|bringing|brings|bring|raised|raising|raises|pushed|pushing|took|taking|takes)$/.test(
      tokens[i - 2]?.lower ?? '',
    )
  ) {
    const ahead = tokens.slice(i + 1, i + 12).map((t) => t.lower);
    const at = ahead.findIndex((w, k) => (w === 'number' && ahead[k + 1] === 'of') || w === 'toll');
    const outcome =
      at < 0
        ? undefined
        : ahead
            .slice(at + 1, at + 8)
            .map((w) => outcomeAfter[w])
            .find(Boolean);
    if (at >= 0 && (outcome || ahead[at] === 'toll'))
      return {
        outcome: outcome ?? ('killed' as Outcome),
        index: i - 2,
        unreal: false,
        toll: true,
        revision: null,
        runningTotal: true,
      };
  }
  let tollIndex = -1;
  for (let j = i - 1; j >= Math.max(0, i - 16); j--) {
    // "puts the number at 23"
    const numberPut =
      tokens[j]?.lower === 'number' &&
      prev.lower === 'at' &&
      /^(put|puts|putting|placed|places)$/.test(tokens[j - 2]?.lower ?? '');
    if (tokens[j]?.lower === 'toll' || tokens[j]?.lower === 'tolls' || numberPut) {
      tollIndex = j;
      break;
    }
    // "brings the number of people killed in attacks across Iraq in July to at least 271"
    if (tokens[j]?.lower === 'number' && tokens[j + 1]?.lower === 'of' && prev.lower === 'to') {
      const outcome = tokens
        .slice(j + 2, i)
        .map((t) => outcomeAfter[t.lower])
        .find(Boolean);
      if (outcome)
        return { outcome, index: j, unreal: false, toll: true, revision: null, runningTotal: true };
    }
    if (tokens[j]?.text === '.' || tokens[j]?.text === ';') break;
  }
  // "up from seven" after a toll already named in this clause
  if (tollIndex < 0 && prev.lower === 'from') {
    const window = tokens.slice(Math.max(0, i - 30), i - 1).map((t) => t.lower);
    if (!window.includes('toll')) return null;
    tollIndex = i - 1;
  }
  if (tollIndex < 0) return null;
  const window = tokens.slice(Math.max(0, tollIndex - 4), i).map((t) => t.lower);
  let revision: Mention['revision'] = null;
  if (prev.lower === 'from' || window.some((w) => previousTollWords.test(w))) revision = 'previous';
  else if (window.some((w) => newTollWords.test(w))) revision = 'new';
  const unreal = window.some((w) =>
    /^(not|could|would|might|may|sometimes|often|usually|routinely|typically)$/.test(w),
  );
  return {
    outcome: 'killed' as Outcome,
    index: tollIndex,
    unreal,
    toll: true,
    revision,
    runningTotal: false,
  };
}
