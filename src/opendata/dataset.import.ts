import { ZodError } from 'zod';
import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../core/actor.ts';
import { type FieldProblem, fieldProblemsFromZod, TallyError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { Db } from '../db/client.ts';
import { insertIncident, linkClaims, replaceIncidentCounts } from '../incidents/incidents.repo.ts';
import { submitReportInTransaction } from '../intake/intake.service.ts';
import { listAllPlaces } from '../places/places.repo.ts';
import { ensureGazetteer, loadResolver, type PlaceResolver } from '../places/resolve.ts';
import { createSource } from '../sources/sources.service.ts';
import { readCsvRecords } from './csv.ts';
import {
  type DatasetFormat,
  type MappedRow,
  mapDatasetRow,
  RowProblem,
  uuidFromName,
} from './dataset.map.ts';

export interface DatasetImportOptions {
  /** The dataset's name, recorded as the source of every report (default: ACLED or UCDP GED). */
  dataset?: string;
  /** Import the good rows and list the bad ones, instead of refusing the whole file. */
  skipBad?: boolean;
  batchSize?: number;
  onBytes?: (bytes: number) => void;
}

export interface DatasetImportSummary {
  dataset: string;
  source_id: string;
  read: number;
  imported: number;
  duplicates: number;
  rejected: number;
  problems: Array<FieldProblem & { line: number }>;
}

const defaultNames: Record<DatasetFormat, string> = { acled: 'ACLED', ucdp: 'UCDP GED' };

function problemsOf(error: unknown): FieldProblem[] {
  if (error instanceof RowProblem) return [{ field: error.field, message: error.message }];
  if (error instanceof ZodError) return fieldProblemsFromZod(error.issues);
  throw error;
}

/**
 * Imports an ACLED-style or UCDP-style CSV: the dataset becomes a source (kind monitor, its own
 * independence group), each row a report with one accepted claim and an incident linked to it.
 * The file is read twice, never held whole: once to check every row (by default one bad row and
 * nothing is stored), once to write in batches. A row imported before is a duplicate, not a copy.
 */
export async function importDataset(
  db: Db,
  actor: Actor,
  format: DatasetFormat,
  path: string,
  options: DatasetImportOptions = {},
): Promise<DatasetImportSummary> {
  const dataset = options.dataset ?? defaultNames[format];
  await ensureGazetteer(db);
  const resolver: PlaceResolver = await loadResolver(db);
  const knownPlaces = new Set((await listAllPlaces(db)).map((p) => p.id));
  const sourceId = uuidFromName(`tally-import-source:${dataset}`);
  const map = (cells: Record<string, string>) =>
    mapDatasetRow(format, dataset, sourceId, cells, resolver, knownPlaces);

  const problems: DatasetImportSummary['problems'] = [];
  let read = 0;
  for await (const { line, cells } of readCsvRecords(path)) {
    read++;
    try {
      map(cells);
    } catch (error) {
      for (const p of problemsOf(error)) problems.push({ line, ...p });
    }
  }
  if (read === 0) throw new TallyError('validation_failed', `${path}: no rows to import`);
  const badLines = new Set(problems.map((p) => p.line));
  if (problems.length > 0 && !options.skipBad)
    throw new TallyError(
      'validation_failed',
      `${path}: ${badLines.size} of ${read} rows are not valid; nothing was imported`,
      {
        fields: problems
          .slice(0, 50)
          .map((p) => ({ field: `line ${p.line}: ${p.field}`, message: p.message })),
      },
    );

  await createSource(db, actor, {
    id: sourceId,
    kind: 'monitor',
    pseudonym: dataset,
    independence_group: `dataset:${dataset}`,
    reliability_note: `Imported from ${format === 'acled' ? 'an ACLED-style' : 'a UCDP GED-style'} file`,
  });
  let imported = 0;
  let duplicates = 0;
  let batch: MappedRow[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    const created = await db.transaction(async (tx) => {
      let n = 0;
      for (const row of rows) {
        const stored = await submitReportInTransaction(tx, actor, row.report);
        if (!stored.created) continue;
        const id = newId();
        const { counts, ...fields } = row.incident;
        await insertIncident(tx, id, {
          ...fields,
          date_end: fields.date_end ?? fields.date_start,
          place_id: fields.place_id ?? null,
          place_text: fields.place_text ?? null,
          place_precision: fields.place_precision ?? null,
          event_type: fields.event_type ?? null,
          sub_event_type: fields.sub_event_type ?? null,
          cause: fields.cause ?? null,
          notes: fields.notes ?? null,
        });
        await replaceIncidentCounts(tx, id, counts);
        await linkClaims(
          tx,
          id,
          stored.value.claims.map((c) => c.id),
          actor.id,
        );
        await recordAudit(tx, actor, {
          action: 'incident.create',
          entity: 'incident',
          entityId: id,
          after: { imported_from: dataset, report_id: row.report.id },
        });
        n++;
      }
      return n;
    });
    imported += created;
    duplicates += rows.length - created;
  };
  let line = 0;
  for await (const record of readCsvRecords(path, options.onBytes)) {
    line = record.line;
    if (badLines.has(line)) continue;
    batch.push(map(record.cells));
    if (batch.length >= (options.batchSize ?? 200)) await flush();
  }
  await flush();
  await db.transaction((tx) =>
    recordAudit(tx, actor, {
      action: 'opendata.import_dataset',
      entity: 'source',
      entityId: sourceId,
      after: { dataset, format, file: path, read, imported, duplicates, rejected: badLines.size },
    }),
  );
  return { dataset, source_id: sourceId, read, imported, duplicates, rejected: badLines.size, problems };
}
