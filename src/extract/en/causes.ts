import type { Cause, CauseMention } from '../language.ts';
import type { Sentence, Token } from '../text.ts';
import { causePhrases } from './cause-words.ts';

/** Cause phrases indexed by their first word, longest phrase first. */
const byFirstWord = new Map<string, Array<{ words: string[]; type: Cause }>>();
for (const [phrase, type] of causePhrases) {
  const words = phrase.split(' ');
  const list = byFirstWord.get(words[0] as string) ?? [];
  list.push({ words, type });
  list.sort((a, b) => b.words.length - a.words.length);
  byFirstWord.set(words[0] as string, list);
}

/** Every cause phrase in a sentence: "air strikes", "a car bomb", "machinegun fire". */
export function findCauses(sentence: Sentence, source: string): CauseMention[] {
  const tokens = sentence.tokens;
  const found: CauseMention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const match = matchAt(tokens, i);
    if (!match) continue;
    const last = tokens[i + match.words.length - 1] as Token;
    const first = tokens[i] as Token;
    found.push({
      text: source.slice(first.start, last.end),
      span: [first.start, last.end],
      type: match.type,
    });
    i += match.words.length - 1;
  }
  // "suicide car bomb" was matched whole; a lone "bomb" after "barrel" is an air strike, handled by order.
  return found;
}

function matchAt(tokens: Token[], i: number) {
  const candidates = byFirstWord.get(tokens[i]?.lower ?? '');
  if (!candidates) return null;
  return candidates.find((c) => c.words.every((w, k) => tokens[i + k]?.lower === w)) ?? null;
}

/** The cause an outcome word itself names: "executed" is an execution. */
export function findCauseInWords(
  word: string,
  source: string,
  token: Token | undefined,
): { text: string; type: Cause } | null {
  if (!token) return null;
  if (/^(executed|executing|execution|executions|beheaded)$/.test(word))
    return { text: source.slice(token.start, token.end), type: 'execution' };
  return null;
}
