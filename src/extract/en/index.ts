import type { LanguagePack } from '../language.ts';
import { findCauses } from './causes.ts';
import { findDates } from './dates.ts';
import { findDoubts } from './doubt.ts';
import { findMentions } from './mentions.ts';
import { findPlaces } from './places.ts';
import { readHeader, splitSentences } from './segment.ts';
import { findSources } from './sources.ts';

/** English: lexicons and patterns for news-wire prose (AFP, Reuters, AP). */
export const english: LanguagePack = {
  code: 'en',
  readHeader,
  splitSentences,
  findMentions,
  findDates,
  findPlaces,
  findCauses,
  findSources,
  findDoubts,
};
