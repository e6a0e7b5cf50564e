import { z } from 'zod';
import { zUuid } from '../core/ids.ts';

/** Verification status of one item (security brief EI7); SQL CHECK lists mirror these. */
export const verificationStatuses = [
  'unverified',
  'in_review',
  'verified',
  'inconclusive',
  'rejected',
] as const;
export const zVerificationStatus = z.enum(verificationStatuses);
export type VerificationStatus = z.infer<typeof zVerificationStatus>;

export const checkKinds = [
  'source_check',
  'geolocation',
  'chronolocation',
  'content_consistency',
  'earlier_copy_found',
  'metadata_consistency',
] as const;
export const zCheckKind = z.enum(checkKinds);

export const checkResults = ['supports', 'contradicts', 'inconclusive'] as const;
export const zCheckResult = z.enum(checkResults);

export const custodyEvents = [
  'received',
  'hashed',
  'analysed',
  'viewed',
  'exported',
  'derived',
  'checked',
  'verified',
  'linked',
  'fixity_checked',
] as const;
export type CustodyEvent = (typeof custodyEvents)[number];

export const derivativeKinds = ['thumbnail', 'public'] as const;
export const zDerivativeKind = z.enum(derivativeKinds);
export type DerivativeKind = z.infer<typeof zDerivativeKind>;

export const uploadStatuses = ['receiving', 'complete', 'rejected'] as const;
export const fixityStatuses = ['intact', 'altered', 'missing'] as const;

/** Several GB of video is normal; above this a file is refused at creation (ASVS 5.2.1). */
export const EVIDENCE_MAX_BYTES = 16 * 1024 ** 3;

export const zSha256 = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'must be a SHA-256 as 64 hex digits')
  .transform((hex) => hex.toLowerCase());

/** What a client declares when it starts an upload: the bytes come later, in PATCH requests. */
export const zNewUpload = z
  .object({
    id: zUuid
      .optional()
      .describe('Client-chosen upload id; creating it again with the same fields is harmless'),
    sha256: zSha256.describe('SHA-256 of the whole file, computed on the device before sending'),
    length: z.number().int().positive().max(EVIDENCE_MAX_BYTES).describe('Size of the file in bytes'),
    filename: z.string().trim().min(1).max(255).optional().describe('Original file name, kept as provenance'),
    source_id: zUuid.optional().describe('The source who sent the file'),
    report_id: zUuid.optional().describe('The report the file came with'),
    captured_at: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('Capture time as the submitter declares it'),
    place_text: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .optional()
      .describe('Capture place as the submitter wrote it'),
    lat: z.number().min(-90).max(90).optional(),
    lon: z.number().min(-180).max(180).optional(),
  })
  .strict()
  .refine((u) => (u.lat === undefined) === (u.lon === undefined), {
    message: 'lat and lon come together',
    path: ['lat'],
  });
export type NewUpload = z.infer<typeof zNewUpload>;

export const zUpload = z.object({
  id: zUuid,
  sha256: z.string(),
  length: z.number(),
  offset: z.number().describe('Bytes the server holds; resume from here'),
  status: z.enum(uploadStatuses),
  rejection: z.string().nullable(),
  item_id: zUuid.nullable(),
  created_at: z.string(),
});
export type Upload = z.infer<typeof zUpload>;

export const zEvidenceItem = z.object({
  id: zUuid,
  sha256: z.string(),
  size: z.number(),
  media_type: z.string(),
  original_filename: z.string().nullable(),
  source_id: zUuid.nullable(),
  report_id: zUuid.nullable(),
  channel: z.string(),
  submitted_by: z.string(),
  received_at: z.string(),
  declared: z.object({
    captured_at: z.string().nullable(),
    place_text: z.string().nullable(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
  }),
  file_metadata: z.record(z.string(), z.unknown()).nullable(),
  analysis_status: z.enum(['pending', 'done', 'failed']),
  exact_duplicate_of: zUuid.nullable(),
  near_duplicates: z.array(
    z.object({ item_id: zUuid, distance: z.number(), matched_frames: z.number(), method: z.string() }),
  ),
  verification_status: zVerificationStatus,
  fixity_status: z.enum(fixityStatuses),
  incident_ids: z.array(zUuid),
  victim_ids: z.array(zUuid),
});
export type EvidenceItem = z.infer<typeof zEvidenceItem>;

export const zEvidenceListQuery = z.object({
  incident: zUuid.optional().describe('only items linked to this incident'),
});

export const zCustodyEntry = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string(),
  event: z.enum(custodyEvents),
  details: z.record(z.string(), z.unknown()),
});
export type CustodyEntry = z.infer<typeof zCustodyEntry>;

export const zNewCheck = z
  .object({
    kind: zCheckKind,
    method: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .describe('How the check was done, so another person can redo it'),
    result: zCheckResult,
    notes: z.string().max(10_000).optional(),
    reviewer: z.string().trim().min(1).max(200),
  })
  .strict();
export type NewCheck = z.infer<typeof zNewCheck>;

export const zCheck = zNewCheck.extend({
  id: zUuid,
  item_id: zUuid,
  notes: z.string().nullable(),
  at: z.string(),
});
export type Check = z.infer<typeof zCheck>;

export const zStatusChange = z
  .object({
    status: zVerificationStatus,
    reviewer: z.string().trim().min(1).max(200),
    notes: z.string().trim().min(1, 'a status change needs a reason').max(10_000),
  })
  .strict();
export type StatusChange = z.infer<typeof zStatusChange>;

export const zDerivative = z.object({
  id: zUuid,
  item_id: zUuid,
  parent_sha256: z.string(),
  kind: zDerivativeKind,
  sha256: z.string(),
  size: z.number(),
  media_type: z.string(),
  tool: z.string(),
  tool_version: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  created_at: z.string(),
});
export type Derivative = z.infer<typeof zDerivative>;

/** Counts of linked evidence per verification status: what incident grading reads. */
export type EvidenceSummary = Record<VerificationStatus, number> & { total: number };
