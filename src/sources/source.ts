import { z } from 'zod';
import { zUuid } from '../core/ids.ts';

/** Kinds of source a monitor hears from (methodology brief §8). */
export const sourceKinds = [
  'activist',
  'medic',
  'hospital',
  'morgue',
  'news_outlet',
  'monitor',
  'official',
  'social_media',
] as const;
export const zSourceKind = z.enum(sourceKinds);
export type SourceKind = z.infer<typeof zSourceKind>;

export const SOURCE_TEXT_MAX = 200;
export const RELIABILITY_NOTE_MAX = 2000;

export const zNewSource = z
  .object({
    id: zUuid.optional().describe('Client-chosen id; retrying with the same id and content is harmless'),
    kind: zSourceKind,
    pseudonym: z
      .string()
      .trim()
      .min(1)
      .max(SOURCE_TEXT_MAX)
      .describe('How staff refer to the source; never a real name'),
    independence_group: z
      .string()
      .trim()
      .min(1)
      .max(SOURCE_TEXT_MAX)
      .optional()
      .describe('Sources that re-report each other share a group; defaults to the source itself'),
    reliability_note: z.string().max(RELIABILITY_NOTE_MAX).nullable().optional(),
  })
  .strict();
export type NewSource = z.infer<typeof zNewSource>;

export const zSource = z.object({
  id: zUuid,
  kind: zSourceKind,
  pseudonym: z.string(),
  independence_group: z.string(),
  reliability_note: z.string().nullable(),
  created_at: z.string(),
});
export type Source = z.infer<typeof zSource>;

/** Who a source really is. Stored sealed (AES-256-GCM); only admins open it, and each opening is audited. */
export const zSourceIdentity = z
  .object({
    real_name: z.string().trim().min(1).max(SOURCE_TEXT_MAX),
    contact: z
      .string()
      .trim()
      .max(1000)
      .nullable()
      .optional()
      .describe('Phone, messenger handle, how to reach them'),
  })
  .strict();
export type SourceIdentity = z.infer<typeof zSourceIdentity>;
