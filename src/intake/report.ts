import { z } from 'zod';
import type { Actor } from '../core/actor.ts';
import { zUuid } from '../core/ids.ts';
import { zClaim, zNewClaim } from './claim.ts';

export const channels = ['api', 'form', 'import', 'wire'] as const;
export const zChannel = z.enum(channels);
export type Channel = z.infer<typeof zChannel>;

/** Limits shared by the API, the importer and the field form. */
export const REPORT_TEXT_MAX = 200_000;
export const REPORT_CLAIMS_MAX = 500;
export const REPORT_ATTACHMENTS_MAX = 50;

export const zAttachment = z
  .object({
    name: z.string().min(1).max(255),
    media_type: z
      .string()
      .regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a media type such as video/mp4')
      .optional(),
    size: z.int().min(0).optional(),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits')
      .optional(),
  })
  .strict();

export const zNewReport = z
  .object({
    id: zUuid.describe('Chosen by the client before the first attempt and reused on every retry'),
    source_id: zUuid,
    channel: zChannel.default('api'),
    reported_at: z.iso
      .datetime({
        offset: true,
        message: 'must be an ISO 8601 date-time with a zone, e.g. 2012-12-30T14:05:00Z',
      })
      .nullable()
      .optional()
      .describe("When the source said it, by the client's clock"),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or ar')
      .optional(),
    text: z
      .string()
      .min(1)
      .max(REPORT_TEXT_MAX)
      .optional()
      .describe('The original words, exactly as received'),
    payload: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Structured content, e.g. from the field form'),
    attachments: z.array(zAttachment).max(REPORT_ATTACHMENTS_MAX).default([]),
    revises: zUuid.optional().describe('The report this one corrects'),
    claims: z.array(zNewClaim).max(REPORT_CLAIMS_MAX).default([]),
  })
  .strict()
  .refine((r) => r.text !== undefined || r.payload !== undefined, {
    message: 'a report needs its original text, a structured payload, or both',
    path: ['text'],
  });
export type NewReport = z.infer<typeof zNewReport>;

export const zReport = z.object({
  id: zUuid,
  source_id: zUuid,
  channel: zChannel,
  received_at: z.string(),
  reported_at: z.string().nullable(),
  language: z.string().nullable(),
  text: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()).nullable(),
  attachments: z.array(zAttachment),
  revises: zUuid.nullable(),
  content_hash: z.string(),
});
export type Report = z.infer<typeof zReport>;

export const zReportWithClaims = zReport.extend({ claims: z.array(zClaim) });
export type ReportWithClaims = z.infer<typeof zReportWithClaims>;

export const zReportListQuery = z.object({
  since: z.iso.datetime({ offset: true }).optional().describe('Only reports received at or after this time'),
  source: zUuid.optional().describe('Only reports from this source'),
});

/** A reporter reads only reports they submitted; another's id looks exactly like a missing one. */
export const reportHiddenFrom = (actor: Actor | undefined, row: { submitted_by: string | null }) =>
  actor?.role === 'reporter' && row.submitted_by !== actor.userId;
