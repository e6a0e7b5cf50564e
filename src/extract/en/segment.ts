import { isoDay, isValidDay } from '../calendar.ts';
import type { ArticleHeader } from '../language.ts';
import { type Sentence, tokenize } from '../text.ts';
import { monthNames } from './filters.ts';

/**
 * Titles, datelines and sentences of an English wire article.
 * "BEIRUT (Reuters) -", "BEIRUT - Agence France-Presse",
 * "BEIRUT, Dec 30, 2012 (AFP) -", "DAMASCUS, Syria (AP) —".
 */
const agencies =
  '(?:Reuters|AFP|AP|Agence France-Presse|Agence France Presse|Associated Press|dpa|Xinhua|Anadolu)';
const datelinePattern = new RegExp(
  `^[ \\t]*([A-Z][A-Z'.-]{1,20}(?: [A-Z][A-Z'.-]{1,20}){0,3})((?:, [A-Z][A-Za-z]{1,20}){0,2})((?:,? [A-Z][a-z]{2,8}\\.? \\d{1,2}(?:, \\d{4})?)?)[ \\t]*(\\(${agencies}\\))?[ \\t]*[-—–]{1,2}[ \\t]*(${agencies}[ \\t]*$)?`,
  'm',
);
const maxHeaderLines = 8;
const maxSentenceChars = 2000;

export function readHeader(text: string): ArticleHeader {
  let offset = 0;
  let title: string | null = null;
  const lines: Array<{ start: number; text: string }> = [];
  for (let k = 0; k < maxHeaderLines && offset < text.length; k++) {
    const newline = text.indexOf('\n', offset);
    const end = newline < 0 ? text.length : newline;
    lines.push({ start: offset, text: text.slice(offset, end) });
    offset = end + 1;
  }
  for (const line of lines) {
    const trimmed = line.text.trim();
    if (!trimmed) continue;
    const dateline = datelinePattern.exec(line.text);
    if (dateline && (dateline[4] || dateline[5] || dateline[3])) {
      const bodyStart = line.start + dateline[0].length;
      return { bodyStart, title, dateline: dateline[0].trim(), published: datelineDate(dateline[3] ?? '') };
    }
    // A title or caption: short, no closing full stop. Only lines before the body count.
    if (/[.!?"”]$/.test(trimmed) && trimmed.length > 60) break;
    if (trimmed.length < 200 && !/[.!?]$/.test(trimmed)) title ??= trimmed;
  }
  const firstLine = lines.find((l) => l.text.trim());
  const isTitle = firstLine && title === firstLine.text.trim();
  return {
    bodyStart: isTitle && firstLine ? firstLine.start + firstLine.text.length : 0,
    title: isTitle ? title : null,
    dateline: null,
    published: null,
  };
}

function datelineDate(words: string): string | null {
  const match = words.match(/([A-Z][a-z]{2,8})\.? (\d{1,2}), (\d{4})/);
  if (!match) return null;
  const month = monthNames[(match[1] ?? '').toLowerCase()];
  const [day, year] = [Number(match[2]), Number(match[3])];
  return month && isValidDay(year, month, day) ? isoDay(year, month, day) : null;
}

const abbreviations = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'gen',
  'lt',
  'col',
  'maj',
  'capt',
  'sgt',
  'st',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'no',
  'u.s',
  'u.n',
  'a.m',
  'p.m',
  'inc',
  'co',
  'vs',
  'etc',
  'i.e',
  'e.g',
  'brig',
  'rev',
  'gov',
  'sen',
  'rep',
  'prof',
  'approx',
]);

/** Sentences of text[from..]: split at paragraph breaks and at . ! ? before a capital. */
export function splitSentences(text: string, from: number): Sentence[] {
  const sentences: Sentence[] = [];
  let paragraph = 0;
  const paragraphs = /\n[ \t\r]*\n|$/g;
  paragraphs.lastIndex = from;
  let start = from;
  for (let match = paragraphs.exec(text); match; match = paragraphs.exec(text)) {
    const end = match.index;
    splitParagraph(text, start, end, paragraph++, sentences);
    start = match.index + match[0].length;
    if (match[0] === '') break;
    if (paragraphs.lastIndex === match.index) paragraphs.lastIndex++;
  }
  return sentences;
}

function splitParagraph(text: string, from: number, to: number, paragraph: number, out: Sentence[]): void {
  let start = from;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (body) out.push(makeSentence(text, start + lead, start + lead + body.length, paragraph));
    start = end;
  };
  for (let i = from; i < to; i++) {
    const ch = text.charCodeAt(i);
    // . ! ? (and a closing quote) then space then a capital, digit or quote.
    if ((ch === 46 || ch === 33 || ch === 63) && isSentenceEnd(text, i, to)) {
      let end = i + 1;
      while (end < to && /["'”’)]/.test(text.charAt(end))) end++;
      push(end);
    } else if (ch === 10 && /[.!?"”]\s*$/.test(text.slice(Math.max(from, i - 3), i))) {
      push(i);
    } else if (
      i - start >= maxSentenceChars &&
      (/\s/.test(text.charAt(i)) || i - start >= 2 * maxSentenceChars)
    ) {
      push(i); // Run-on text without full stops: bounded so nothing downstream grows quadratic.
    }
  }
  push(to);
}

function isSentenceEnd(text: string, i: number, to: number): boolean {
  let j = i + 1;
  while (j < to && /["'”’)]/.test(text.charAt(j))) j++;
  if (j >= to) return true;
  if (!/\s/.test(text.charAt(j))) return false;
  while (j < to && /\s/.test(text.charAt(j))) j++;
  if (!/[\p{Lu}\d"“']/u.test(text.charAt(j))) return false;
  if (text.charCodeAt(i) !== 46) return true;
  let wordStart = i;
  while (wordStart > i - 12 && wordStart > 0 && !/\s/.test(text.charAt(wordStart - 1))) wordStart--;
  const word = text
    .slice(wordStart, i)
    .toLowerCase()
    .replace(/^[("“]/, '');
  if (abbreviations.has(word)) return false;
  return !/^\p{Lu}$/u.test(text.slice(wordStart, i)); // an initial: "George W. Bush"
}

const clauseWords = new Set(['while', 'whereas', 'but', 'meanwhile', 'although', 'though']);

function makeSentence(text: string, start: number, end: number, paragraph: number): Sentence {
  const tokens = tokenize(text.slice(start, end), start);
  const clauseStarts = [0];
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i];
    const previous = tokens[i - 1];
    if (previous?.text === ';' || (token && clauseWords.has(token.lower))) clauseStarts.push(i);
    else if (previous?.text === ',' && token?.lower === 'and') clauseStarts.push(i);
  }
  return { start, end, text: text.slice(start, end), paragraph, tokens, clauseStarts };
}
