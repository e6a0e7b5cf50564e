import { z } from 'zod';
import { CHOICE_LIST_MAX } from '../core/json-limits.ts';
import { zGrade } from '../incidents/incident.ts';
import { zIsoDate } from '../intake/claim.ts';
import { zPlaceId } from '../places/place.ts';
import { zTollQuery } from '../tolls/toll.ts';

/** Open data: what can be exported and imported, and in which shapes. */

export const FULL_EXPORT_FORMAT = 'tally-full-export';

export const incidentFormats = ['acled', 'ucdp', 'geojson', 'hxl'] as const;
export const zIncidentFormat = z.enum(incidentFormats);
export type IncidentFormat = z.infer<typeof zIncidentFormat>;

export const tollFormats = ['csv', 'json'] as const;
export const importFormats = ['acled', 'ucdp', 'full'] as const;
export const zImportFormat = z.enum(importFormats);

/** How each export is sent: media type and file name extension. */
export const mediaTypes = {
  acled: { type: 'text/csv; charset=utf-8', extension: 'acled.csv' },
  ucdp: { type: 'text/csv; charset=utf-8', extension: 'ucdp.csv' },
  hxl: { type: 'text/csv; charset=utf-8', extension: 'hxl.csv' },
  geojson: { type: 'application/geo+json', extension: 'geojson' },
  csv: { type: 'text/csv; charset=utf-8', extension: 'csv' },
  json: { type: 'application/json', extension: 'json' },
  full: { type: 'application/x-ndjson', extension: 'tally.jsonl' },
} as const;

const commaList = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z.array(item).max(CHOICE_LIST_MAX),
  );

export const zIncidentExportQuery = z
  .object({
    format: zIncidentFormat.default('acled'),
    from: zIsoDate.optional().describe('Incidents ending on or after this day'),
    to: zIsoDate.optional().describe('Incidents starting on or before this day'),
    grades: commaList(zGrade)
      .optional()
      .describe('Only these grades. Without analyst access, only the headline grades are ever exported'),
    admin1: zPlaceId.optional().describe('Only incidents in this province (admin1 place id)'),
  })
  .strict();
export type IncidentExportQuery = z.infer<typeof zIncidentExportQuery>;

/** The toll query of GET /tolls plus a format; the service checks the toll rules with zTollQuery itself. */
export const zTollExportQuery = z
  .object({ format: z.enum(tollFormats).default('csv'), ...zTollQuery.shape })
  .strict();

export const zVictimExportQuery = z
  .object({ list: z.string().trim().min(1).max(200).optional().describe('Only this list (by name)') })
  .strict();

export const zCodebook = z.object({
  version: z.string().describe('Changes whenever any rule, code or setting in the codebook changes'),
  markdown: z.string(),
});
