import { z } from 'zod';

/** How precisely a place is known, from whole country down to a neighbourhood. */
export const placeLevels = ['country', 'admin1', 'admin2', 'admin3', 'locality', 'neighbourhood'] as const;
export const zPlaceLevel = z.enum(placeLevels);
export type PlaceLevel = z.infer<typeof zPlaceLevel>;

export const zPlaceId = z.string().min(1).max(100);

/**
 * A place id in a URL path: the characters ids are made of (gazetteer `sy-aleppo`, `gn-170063`,
 * pcodes `sy-pc-sy02`), checked before any lookup so a path like `/places/%00` is a 400.
 */
export const zPlaceIdParam = zPlaceId.regex(
  /^[A-Za-z0-9][A-Za-z0-9._:-]*$/,
  'must be a place id: letters, digits, and . _ : - (such as sy-aleppo)',
);

export const PLACE_NAME_MAX = 200;
export const PLACE_ALTERNATES_MAX = 100;

export const zCountryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as SY')
  .transform((code) => code.toUpperCase());

/** What sort of place: neighbourhood, village, checkpoint, hospital, military_post, camp... */
export const zPlaceKind = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase words joined by _, such as military_post');

const zName = z.string().trim().min(1).max(PLACE_NAME_MAX);

export const zNewPlace = z
  .object({
    id: zPlaceId
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and hyphens')
      .optional()
      .describe('Choose the id; by default one is made from the parent and the name'),
    name_en: zName.describe('The name in Latin script, as sources write it in English'),
    name_ar: zName.nullable().optional().describe('The name in Arabic script'),
    alternates: z
      .array(zName)
      .max(PLACE_ALTERNATES_MAX)
      .optional()
      .describe('Other spellings, in either script'),
    level: zPlaceLevel.default('neighbourhood'),
    kind: zPlaceKind.optional(),
    parent_id: zPlaceId
      .nullable()
      .optional()
      .describe('The place this one lies in, e.g. the city of a neighbourhood'),
    country_code: zCountryCode.optional().describe("Defaults to the parent's country"),
    lat: z.number().min(-90).max(90).nullable().optional(),
    lon: z.number().min(-180).max(180).nullable().optional(),
    pcode: z.string().trim().min(1).max(40).nullable().optional().describe('OCHA P-code'),
  })
  .strict()
  .refine((p) => (p.lat == null) === (p.lon == null), {
    message: 'give both lat and lon, or neither',
    path: ['lat'],
  })
  .refine((p) => p.level === 'country' || p.parent_id || p.country_code, {
    message: 'a place below country level needs parent_id (or at least country_code)',
    path: ['parent_id'],
  });
export type NewPlace = z.infer<typeof zNewPlace>;

export const placeOrigins = ['gazetteer', 'user', 'import'] as const;

export const zPlace = z.object({
  id: zPlaceId,
  parent_id: z.string().nullable(),
  level: zPlaceLevel,
  kind: z.string().nullable(),
  country_code: z.string(),
  name_en: z.string(),
  name_ar: z.string().nullable(),
  alternates: z.array(z.string()),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  population: z.number().nullable(),
  geonames_id: z.number().nullable(),
  pcode: z.string().nullable(),
  origin: z.enum(placeOrigins),
});
export type Place = z.infer<typeof zPlace>;

export const zPlaceSummary = zPlace.pick({
  id: true,
  name_en: true,
  name_ar: true,
  level: true,
  country_code: true,
});
export type PlaceSummary = z.infer<typeof zPlaceSummary>;

export const zPlaceWithAncestors = zPlace.extend({
  ancestors: z.array(zPlaceSummary).describe('Nearest first: city, governorate, country'),
});
export type PlaceWithAncestors = z.infer<typeof zPlaceWithAncestors>;

export const zPlaceCandidate = z.object({
  id: zPlaceId,
  name: z.string(),
  name_ar: z.string().nullable(),
  level: zPlaceLevel,
  precision: zPlaceLevel,
  admin1: z.string().nullable(),
  admin1_id: z.string().nullable(),
  country: z.string(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  score: z.number().min(0).max(1),
  matched: z.string(),
});

export const RESOLVE_TEXT_MAX = 5000;

export const zResolveQuery = z
  .object({
    q: z
      .string()
      .min(1)
      .max(RESOLVE_TEXT_MAX)
      .describe('A place phrase or a sentence: "rebel-held Aazaz", "ريف دمشق"'),
    country: zCountryCode.optional().describe('Prefer places in this country'),
    admin1: z
      .string()
      .max(PLACE_NAME_MAX)
      .optional()
      .describe('A governorate already named nearby (name or id)'),
    lat: z.coerce.number().min(-90).max(90).optional(),
    lon: z.coerce.number().min(-180).max(180).optional(),
  })
  .refine((q) => (q.lat === undefined) === (q.lon === undefined), {
    message: 'give both lat and lon',
    path: ['lat'],
  });
export type ResolveQuery = z.infer<typeof zResolveQuery>;

export const zResolveAnswer = z.object({
  query: z.string(),
  candidates: z.array(zPlaceCandidate).describe('Best first; empty means no place fits'),
});

export const zPrefixQuery = z.object({
  prefix: z
    .string()
    .trim()
    .min(1)
    .max(PLACE_NAME_MAX)
    .describe('The start of a name, in Latin or Arabic script'),
  country: zCountryCode.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export type PrefixQuery = z.infer<typeof zPrefixQuery>;
