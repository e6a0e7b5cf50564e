import type { Outcome } from '../intake/claim.ts';
import type { Sentence } from './text.ts';

/**
 * The contract between the language-neutral pipeline (pipeline.ts) and one
 * language's lexicons and patterns (en/, later ar/). A language pack finds
 * phrases; the pipeline links them into claims, resolves places and dates.
 */
export type Qualifier = 'exact' | 'at_least' | 'at_most' | 'approx' | 'range' | 'vague' | 'unknown';
export type Cause =
  | 'air_drone_strike'
  | 'shelling_artillery_missile'
  | 'armed_clash'
  | 'sniper'
  | 'gunfire'
  | 'execution'
  | 'ied_car_bomb'
  | 'suicide_bomb'
  | 'landmine'
  | 'chemical'
  | 'death_in_detention'
  | 'torture'
  | 'other'
  | 'unknown';

export interface Count {
  text: string;
  qualifier: Qualifier;
  min: number | null;
  best: number | null;
  max: number | null;
}

export interface Victims {
  text: string | null;
  group: string;
  affiliation: string | null;
}

/** One casualty figure found in a sentence. */
export interface Mention {
  /** null only for breakdowns that take their parent's outcome ("including six children"). */
  outcome: Outcome | null;
  count: Count;
  /** null when the words name no group ("20 were killed"): inherited or 'people'. */
  victims: Victims | null;
  span: [number, number];
  /** Token index of the count, for clause lookup. */
  tokenIndex: number;
  /** "including six children", "16 of them": part of the previous figure. */
  breakdown: boolean;
  /** "raising the toll to 13" is new; "a previous toll of seven" is previous. */
  revision: 'new' | 'previous' | null;
  cumulative: boolean;
  /** Cause the outcome word itself implies ("executed"). */
  cause: { text: string; type: Cause } | null;
}

export interface DateMention {
  text: string;
  span: [number, number];
  start: string | null;
  end: string | null;
  precision: 'day' | 'week' | 'month' | 'year' | null;
  /** "since March 2011": the start of a running total. */
  since: boolean;
  /** "said on Friday": when a source spoke, a poor guess for when people died. */
  speech: boolean;
}

export interface PlacePhrase {
  /** The words as written, e.g. "Aleppo province", "the Damascus suburb of Daraya". */
  text: string;
  span: [number, number];
  /** The name to look up: "Aleppo", "Daraya". */
  name: string;
  /** An enclosing place named with it: "Damascus" in "the Damascus suburb of Daraya". */
  within: string | null;
  /** Level the words imply: "province" -> admin1. */
  levelHint: string | null;
  /**
   * How the place relates to the name: "along the frontier with Jordan" names the divisions on
   * this side of that border (`name` is the neighbour); "in and around Damascus" the city and the
   * division around it.
   */
  relation?: 'border' | 'around';
}

export interface CauseMention {
  text: string;
  span: [number, number];
  type: Cause;
}

export interface SourceMention {
  text: string;
  span: [number, number];
  /** A known name ("Syrian Observatory for Human Rights") or the phrase itself. */
  name: string;
  /** "it said", "he told AFP": the source named last in the article. */
  pronoun: boolean;
  /** "a UN estimate of": owns a figure but is not who "the group said" refers back to. */
  owner?: boolean;
}

/** "had not been finalised", "could not be independently verified". */
export interface DoubtMention {
  kind: 'provisional' | 'unverified';
  text: string;
  span: [number, number];
}

export interface ArticleHeader {
  /** Where the body starts (after title and dateline). */
  bodyStart: number;
  title: string | null;
  dateline: string | null;
  /** The publication date the dateline states, if it states a full date. */
  published: string | null;
}

export interface LanguagePack {
  code: string;
  readHeader(text: string): ArticleHeader;
  /** Sentences of text[from..], with tokens and clause starts. */
  splitSentences(text: string, from: number): Sentence[];
  findMentions(sentence: Sentence, source: string): Mention[];
  findDates(sentence: Sentence, source: string, published: string | null): DateMention[];
  findPlaces(sentence: Sentence, source: string): PlacePhrase[];
  findCauses(sentence: Sentence, source: string): CauseMention[];
  findSources(sentence: Sentence, source: string): SourceMention[];
  findDoubts(sentence: Sentence, source: string): DoubtMention[];
}
