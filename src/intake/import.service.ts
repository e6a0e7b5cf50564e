import { createWriteStream, statSync, type WriteStream } from 'node:fs';
import type { Actor } from '../core/actor.ts';
import { fieldProblemsFromZod, TallyError } from '../core/errors.ts';
import { unstorableTextError } from '../core/unstorable-text.ts';
import type { Db, Queryable } from '../db/client.ts';
import { detectFormat, type ImportRow, readImportRows } from './import.ts';
import { submitReport, submitReportInTransaction } from './intake.service.ts';
import { type NewReport, zNewReport } from './report.ts';

export interface ImportOptions {
  /** Import the good rows and write the bad ones, with reasons, to `rejectsPath`. */
  skipBad: boolean;
  rejectsPath?: string;
  onProgress?: (fraction: number) => void;
}

export interface ImportSummary {
  imported: number;
  duplicates: number;
  rejected: number;
  rejects_file: string | null;
}

/** Validates one row as a report; rows without a channel came through an import. */
function toReport(row: ImportRow): NewReport {
  if (row.unreadable) throw new TallyError('validation_failed', `line ${row.line}: ${row.unreadable}`);
  const unstorable = unstorableTextError(row.raw, `line ${row.line}: `);
  if (unstorable) throw unstorable;
  const raw = typeof row.raw === 'object' && row.raw !== null ? { channel: 'import', ...row.raw } : row.raw;
  const parsed = zNewReport.safeParse(raw);
  if (!parsed.success) {
    const fields = fieldProblemsFromZod(parsed.error.issues);
    throw new TallyError(
      'validation_failed',
      `line ${row.line}: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`,
      {
        fields,
        details: { line: row.line },
      },
    );
  }
  return parsed.data;
}

/**
 * Imports a JSONL or CSV file of reports. By default all-or-nothing: one bad
 * row and nothing from the file is stored. Retrying a file already imported
 * stores nothing new: every row comes back as a duplicate.
 */
export async function importReportsFile(
  db: Db,
  actor: Actor,
  path: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const format = detectFormat(path);
  const size = statSync(path, { throwIfNoEntry: false })?.size;
  if (size === undefined) throw new TallyError('not_found', `${path} does not exist`);
  const summary: ImportSummary = { imported: 0, duplicates: 0, rejected: 0, rejects_file: null };
  const rows = readImportRows(path, format, (bytes) => options.onProgress?.(bytes / size));

  const count = (created: boolean) => {
    if (created) summary.imported += 1;
    else summary.duplicates += 1;
  };

  if (!options.skipBad) {
    await db.transaction(async (tx: Queryable) => {
      for await (const row of rows) {
        const report = toReport(row);
        const { created } = await submitReportInTransaction(tx, actor, report).catch((error: unknown) => {
          throw atLine(error, row.line);
        });
        count(created);
      }
    });
    return summary;
  }

  const rejectsPath = options.rejectsPath ?? `${path}.rejected.jsonl`;
  let rejects: WriteStream | undefined;
  for await (const row of rows) {
    try {
      count((await submitReport(db, actor, toReport(row))).created);
    } catch (error) {
      if (!(error instanceof TallyError) || error.status >= 500) throw error;
      rejects ??= createWriteStream(rejectsPath);
      rejects.write(
        `${JSON.stringify({ line: row.line, error: error.message, fields: error.fields, row: row.raw })}\n`,
      );
      summary.rejected += 1;
    }
  }
  if (rejects) {
    await new Promise((resolve) => rejects?.end(resolve));
    summary.rejects_file = rejectsPath;
  }
  return summary;
}

function atLine(error: unknown, line: number): unknown {
  if (!(error instanceof TallyError)) return error;
  return new TallyError(error.code, `line ${line}: ${error.message}`, {
    fields: error.fields,
    details: { ...error.details, line },
  });
}
