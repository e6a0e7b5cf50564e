import type { ExtractedClaim } from './extraction.ts';
import type { CauseMention, DateMention, DoubtMention } from './language.ts';
import type { Sentence } from './text.ts';

/**
 * Doubt travels with the number. A sentence that says a toll is not final
 * ("the final death toll from Saturday's clashes had not been finalised")
 * makes provisional the figures it is about: its own, or else the earlier
 * figures its date and cause point at, or else the figure just before it. A
 * sentence that says evidence could not be verified ("The authenticity of the
 * video could not immediately be verified") marks its own figures, or else
 * those of the sentence just before it.
 */
export interface SentenceDoubt {
  sentence: Sentence;
  doubts: DoubtMention[];
  dates: DateMention[];
  causes: CauseMention[];
}

const inSentence = (c: ExtractedClaim, s: Sentence) => c.span[0] >= s.start && c.span[1] <= s.end;

export function markDoubts(claims: ExtractedClaim[], sentences: SentenceDoubt[]): void {
  const body = claims.filter((c) => !c.cumulative);
  sentences.forEach(({ sentence, doubts, dates, causes }, k) => {
    for (const doubt of doubts) {
      const own = body.filter((c) => inSentence(c, sentence));
      const about =
        own.length > 0
          ? own
          : doubt.kind === 'provisional'
            ? earlierAbout(body, sentence, dates, causes)
            : previousSentences(body, sentences, k);
      for (const claim of about) {
        if (doubt.kind === 'provisional') claim.provisional = true;
        else claim.verification = 'unverified';
      }
    }
  });
}

function earlierAbout(
  claims: ExtractedClaim[],
  sentence: Sentence,
  dates: DateMention[],
  causes: CauseMention[],
): ExtractedClaim[] {
  const before = claims.filter((c) => c.span[1] <= sentence.start);
  const day = dates.find((d) => d.start && !d.speech);
  const cause = causes[0]?.type;
  if (!day && !cause) return before.slice(-1);
  return before.filter(
    (c) =>
      (!day ||
        (c.date?.start != null &&
          c.date.start <= (day.end ?? day.start ?? '') &&
          (c.date.end ?? c.date.start) >= (day.start ?? ''))) &&
      (!cause || c.cause?.type === cause),
  );
}

/** The figures of the nearest sentence before, if it is the sentence just before. */
function previousSentences(
  claims: ExtractedClaim[],
  sentences: SentenceDoubt[],
  k: number,
): ExtractedClaim[] {
  const previous = sentences[k - 1]?.sentence;
  return previous ? claims.filter((c) => inSentence(c, previous)) : [];
}
