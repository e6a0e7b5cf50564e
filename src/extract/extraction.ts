import { z } from 'zod';
import {
  COUNT_MAX,
  type NewClaim,
  zCause,
  zCountQualifier,
  zDatePrecision,
  zIsoDate,
  zOutcome,
  zVictimGroup,
} from '../intake/claim.ts';

/**
 * The output of `tally extract --json`: a contract documented in
 * docs/extract-json.md. `part_of` and `supersedes` are positions in `claims`.
 */
const zCountValue = z.int().min(0).max(COUNT_MAX).nullable();

export const zExtractedClaim = z
  .object({
    outcome: zOutcome,
    count: z
      .object({
        text: z.string(),
        qualifier: zCountQualifier,
        min: zCountValue,
        best: zCountValue,
        max: zCountValue,
      })
      .strict(),
    victims: z
      .object({ text: z.string().nullable(), group: zVictimGroup, affiliation: z.string().nullable() })
      .strict(),
    place: z
      .object({
        text: z.string(),
        id: z.string().nullable(),
        name: z.string().nullable(),
        admin1: z.string().nullable(),
        country: z.string().nullable(),
        precision: z.string().nullable(),
        /** Gazetteer ids of every division the phrase spans when it is more than one ("in and around Damascus"). */
        covers: z.array(z.string()),
      })
      .strict()
      .nullable(),
    date: z
      .object({
        text: z.string(),
        start: zIsoDate.nullable(),
        end: zIsoDate.nullable(),
        precision: zDatePrecision.nullable(),
      })
      .strict()
      .nullable(),
    cause: z.object({ text: z.string(), type: zCause }).strict().nullable(),
    source: z.object({ text: z.string(), name: z.string() }).strict().nullable(),
    cumulative: z.boolean(),
    /** The text says this toll is not final: "had not been finalised", "expected to rise". */
    provisional: z.boolean(),
    /** "unverified" when the text says the figure's own evidence could not be verified. */
    verification: z.enum(['unverified']).nullable(),
    part_of: z.int().min(0).nullable(),
    supersedes: z.int().min(0).nullable(),
    span: z.tuple([z.int().min(0), z.int().min(0)]),
    /** Other tellings of the same figure (a headline, a later "the 12 dead"): one claim, several spans. */
    also_at: z.array(z.tuple([z.int().min(0), z.int().min(0)])),
  })
  .strict();
export type ExtractedClaim = z.infer<typeof zExtractedClaim>;

export const zExtraction = z
  .object({
    published: zIsoDate.nullable(),
    claims: z.array(zExtractedClaim),
  })
  .strict();
export type Extraction = z.infer<typeof zExtraction>;

const placeLevels = new Set(['country', 'admin1', 'admin2', 'admin3', 'locality', 'neighbourhood']);
type PlaceLevelValue = 'country' | 'admin1' | 'admin2' | 'admin3' | 'locality' | 'neighbourhood';

/**
 * Turns an extraction into claims the intake accepts, all "proposed": wire
 * reports store what the extractor found for a person to accept or correct.
 */
export function toNewClaims(extraction: Extraction): NewClaim[] {
  return extraction.claims.map((claim) => ({
    outcome: claim.outcome,
    count: { ...claim.count, text: claim.count.text.slice(0, 200) },
    victims: {
      text: claim.victims.text?.slice(0, 200) ?? null,
      group: claim.victims.group,
      affiliation: claim.victims.affiliation?.slice(0, 200) ?? null,
    },
    place: claim.place
      ? {
          text: claim.place.text.slice(0, 500),
          id: claim.place.id,
          // The intake only knows gazetteer levels; anything else is left unset.
          precision: placeLevels.has(claim.place.precision ?? '')
            ? (claim.place.precision as PlaceLevelValue)
            : null,
        }
      : null,
    date: claim.date ? { ...claim.date, text: claim.date.text.slice(0, 200) } : null,
    cause: claim.cause ? { text: claim.cause.text.slice(0, 200), type: claim.cause.type } : null,
    perpetrator: null,
    source: claim.source
      ? { text: claim.source.text.slice(0, 500), name: claim.source.name.slice(0, 200) }
      : null,
    cumulative: claim.cumulative,
    part_of: claim.part_of,
    supersedes: claim.supersedes,
    span: claim.span,
    status: 'proposed' as const,
  }));
}
