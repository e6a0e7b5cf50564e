import { type Actor, roleAtLeast } from '../core/actor.ts';
import { TallyError } from '../core/errors.ts';
import type { Queryable } from '../db/client.ts';
import { grades as allGrades } from '../incidents/incident.ts';
import { zTollQuery } from '../tolls/toll.ts';
import { loadTollSettings, type TollSettings } from '../tolls/toll-settings.ts';
import { computeTolls } from '../tolls/tolls.service.ts';
import { acledColumns, acledRecord } from './acled.present.ts';
import { buildCodebook } from './codebook.ts';
import { shiftDays } from './codes.ts';
import { type Column, csvLine, csvRecords } from './csv.ts';
import { exportFull } from './full.service.ts';
import { geojsonClosing, geojsonFeature, geojsonOpening } from './geojson.present.ts';
import { hxlColumns, hxlHashtags, hxlRecord } from './hxl.present.ts';
import { type ExportIncident, incidentRecords } from './incident-records.ts';
import { countExportIncidents, type IncidentExportFilter } from './opendata.repo.ts';
import { type IncidentExportQuery, type IncidentFormat, mediaTypes } from './opendata.ts';
import { tollColumns, tollRecords, victimColumns, victimRecords } from './tables.present.ts';
import { ucdpColumns, ucdpRecord } from './ucdp.present.ts';

/** An export ready to stream: its name and media type, and a body read page by page. */
export interface ExportStream {
  filename: string;
  mediaType: string;
  codebook: string;
  /** Rows it will hold (for a progress bar), or null when unknown. */
  total: () => Promise<number | null>;
  body: (onRows?: (rows: number) => void) => AsyncGenerator<string>;
}

export interface ExportOptions {
  settings?: TollSettings;
  /** The day the public view's provisional window is measured from (tests fix it). */
  today?: string;
}

const isAnalyst = (actor: Actor | undefined) => !!actor && roleAtLeast(actor.role, 'analyst');
const stamp = () => new Date().toISOString().slice(0, 10);

function requireRole(actor: Actor | undefined, role: 'analyst' | 'admin', what: string) {
  if (!actor) throw new TallyError('unauthorized', `Sign in to export ${what}`);
  if (!roleAtLeast(actor.role, role))
    throw new TallyError('forbidden', `Exporting ${what} needs the ${role} role; you are ${actor.role}`);
}

const incidentFormats: Record<
  IncidentFormat,
  { columns?: Column[]; record?: (i: ExportIncident, codebook: string) => Record<string, unknown> }
> = {
  acled: { columns: acledColumns, record: acledRecord },
  ucdp: { columns: ucdpColumns, record: ucdpRecord },
  hxl: { columns: hxlColumns, record: hxlRecord },
  geojson: {},
};

/**
 * Incidents in one of the field's formats. Analysts and above get every grade they ask for,
 * with notes and source pseudonyms; anyone else (the public, reporters) gets the public view:
 * headline grades only, no day still provisional, no notes, kinds of source instead of names.
 */
export function exportIncidents(
  db: Queryable,
  actor: Actor | undefined,
  query: IncidentExportQuery,
  options: ExportOptions = {},
): ExportStream {
  const settings = options.settings ?? loadTollSettings();
  const analyst = isAnalyst(actor);
  const wanted = query.grades ?? (analyst ? [...allGrades] : settings.headlineGrades);
  const filter: IncidentExportFilter = {
    from: query.from ?? null,
    to: query.to ?? null,
    grades: analyst ? wanted : wanted.filter((g) => settings.headlineGrades.includes(g)),
    admin1: query.admin1 ?? null,
    endedBy: analyst ? null : shiftDays(options.today ?? stamp(), -settings.provisionalDays),
  };
  const { version } = buildCodebook(settings);
  const view = { analyst, victimGroupParents: settings.victimGroupParents };
  const format = incidentFormats[query.format];
  return {
    filename: `tally-incidents-${stamp()}.${mediaTypes[query.format].extension}`,
    mediaType: mediaTypes[query.format].type,
    codebook: version,
    total: () => countExportIncidents(db, filter),
    async *body(onRows = () => {}) {
      let rows = 0;
      if (query.format === 'geojson') {
        yield geojsonOpening(version, analyst ? 'analyst' : 'public');
        for await (const page of incidentRecords(db, filter, view)) {
          const features = page.map((i) => JSON.stringify(geojsonFeature(i)));
          yield `${rows > 0 ? ',\n' : ''}${features.join(',\n')}`;
          rows += page.length;
          onRows(rows);
        }
        yield `\n${geojsonClosing}`;
        return;
      }
      const columns = format.columns as Column[];
      const record = format.record as (i: ExportIncident, codebook: string) => Record<string, unknown>;
      yield csvLine(columns.map((c) => c.name));
      if (query.format === 'hxl') yield csvLine(hxlHashtags());
      for await (const page of incidentRecords(db, filter, view)) {
        yield csvRecords(
          columns,
          page.map((i) => record(i, version)),
        );
        rows += page.length;
        onRows(rows);
      }
    },
  };
}

/** Live tolls (analyst access, like GET /tolls) as CSV rows or the JSON the tolls API gives. */
export function exportTolls(
  db: Queryable,
  actor: Actor | undefined,
  raw: Record<string, unknown> & { format: 'csv' | 'json' },
  options: ExportOptions = {},
): ExportStream {
  requireRole(actor, 'analyst', 'live tolls');
  const { format, ...rest } = raw;
  const parsed = zTollQuery.safeParse(rest);
  if (!parsed.success)
    throw new TallyError('validation_failed', 'The toll query is not valid', {
      fields: parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'query', message: i.message })),
    });
  const settings = options.settings ?? loadTollSettings();
  const { version } = buildCodebook(settings);
  return {
    filename: `tally-tolls-${parsed.data.from}-${parsed.data.to}.${mediaTypes[format].extension}`,
    mediaType: mediaTypes[format].type,
    codebook: version,
    total: async () => null,
    async *body(onRows = () => {}) {
      const tolls = await computeTolls(db, parsed.data, {
        settings,
        ...(options.today ? { today: options.today } : {}),
      });
      onRows(tolls.figures.length);
      if (format === 'json') {
        yield `${JSON.stringify({ codebook: version, ...tolls })}\n`;
        return;
      }
      yield csvLine(tollColumns.map((c) => c.name));
      yield csvRecords(tollColumns, tollRecords(tolls.figures, version));
    },
  };
}

/** Victim records as lists published them, without notes or affiliation (analyst access). */
export function exportVictims(
  db: Queryable,
  actor: Actor | undefined,
  query: { list?: string | undefined },
  options: ExportOptions = {},
): ExportStream {
  requireRole(actor, 'analyst', 'victim lists');
  const { version } = buildCodebook(options.settings ?? loadTollSettings());
  return {
    filename: `tally-victims-${stamp()}.csv`,
    mediaType: mediaTypes.csv.type,
    codebook: version,
    total: async () => null,
    async *body(onRows = () => {}) {
      yield csvLine(victimColumns.map((c) => c.name));
      let rows = 0;
      for await (const page of victimRecords(db, query.list ?? null, version)) {
        yield csvRecords(victimColumns, page);
        rows += page.length;
        onRows(rows);
      }
    },
  };
}

/** Everything an import needs to rebuild the same incidents and tolls (admin only). */
export function exportEverything(
  db: Queryable,
  actor: Actor | undefined,
  options: ExportOptions = {},
): ExportStream {
  requireRole(actor, 'admin', 'the full database');
  const { version } = buildCodebook(options.settings ?? loadTollSettings());
  return {
    filename: `tally-full-${stamp()}.${mediaTypes.full.extension}`,
    mediaType: mediaTypes.full.type,
    codebook: version,
    total: async () => null,
    body: (onRows) => exportFull(db, version, onRows),
  };
}
