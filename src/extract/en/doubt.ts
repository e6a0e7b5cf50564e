import type { DoubtMention } from '../language.ts';
import type { Sentence } from '../text.ts';

/**
 * Words that say a toll is not final, or that a figure's evidence is not
 * verified. The pipeline decides which figures they are about (doubt.ts).
 */
const provisional =
  /\b(?:(?:had|has|have) not (?:yet )?been finali[sz]ed|not (?:yet )?(?:been )?finali[sz]ed|not (?:yet )?final|(?:is|was|were|are) expected to (?:rise|climb|increase|go up)|(?:toll|number|figure)s? (?:could|may|might|is likely to|was likely to|were likely to|will likely|is expected to|was expected to) (?:rise|climb|increase|go up|grow)|(?:could|may|might) (?:still )?(?:rise|climb|increase)|preliminary (?:toll|figures?|count|report)|provisional (?:toll|figures?|count)|still (?:counting|rising|climbing)|(?:toll|number) (?:is|was) (?:still )?rising|still (?:being )?(?:pulled|recovered|retrieved) from the rubble|remain(?:ed)? (?:trapped|under the rubble)|feared (?:to be )?higher)\b/i;
const unverified =
  /\b(?:could not (?:be )?(?:immediately |independently )*(?:be )?(?:verified|confirmed|authenticated)|cannot (?:be )?(?:immediately |independently )*(?:verified|confirmed|authenticated)|could not (?:immediately |independently )*(?:verify|confirm|authenticate)|cannot (?:immediately |independently )*(?:verify|confirm)|(?:was|were|has|have|had) not (?:been )?(?:immediately |independently )*(?:verified|confirmed)|unverified|impossible to (?:independently )?(?:verify|confirm)|authenticity of (?:[\w-]+ ){1,6}could not)\b/i;

export function findDoubts(sentence: Sentence): DoubtMention[] {
  const found: DoubtMention[] = [];
  for (const [kind, pattern] of [
    ['provisional', provisional],
    ['unverified', unverified],
  ] as const) {
    const match = pattern.exec(sentence.text);
    if (match) {
      const start = sentence.start + match.index;
      found.push({ kind, text: match[0], span: [start, start + match[0].length] });
    }
  }
  return found;
}
