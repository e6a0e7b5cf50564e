import { z } from 'zod';

/** How precisely a place is known, from whole country down to a neighbourhood. */
export const placeLevels = ['country', 'admin1', 'admin2', 'admin3', 'locality', 'neighbourhood'] as const;
export const zPlaceLevel = z.enum(placeLevels);
export type PlaceLevel = z.infer<typeof zPlaceLevel>;

export const zPlaceId = z.string().min(1).max(100);
