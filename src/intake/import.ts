import { createReadStream, statSync } from 'node:fs';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { parse as parseCsv } from 'csv-parse';
import { TallyError } from '../core/errors.ts';

/** One row of an import file, before validation, with where it came from. */
export interface ImportRow {
  line: number;
  raw: unknown;
  /** Set when the row could not even be read (bad JSON). */
  unreadable?: string;
}

export type ImportFormat = 'jsonl' | 'csv';

export function detectFormat(path: string): ImportFormat {
  const extension = extname(path).toLowerCase();
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  if (extension === '.csv') return 'csv';
  throw new TallyError(
    'validation_failed',
    `Cannot import ${path}: use a .jsonl (one report per line) or .csv file`,
  );
}

/** Columns a CSV may carry; `payload` and `attachments` hold JSON text. */
const csvJsonColumns = new Set(['payload', 'attachments', 'claims']);

/**
 * Reads rows one at a time, reporting bytes read for the progress bar, so a
 * large file never sits in memory.
 */
export async function* readImportRows(
  path: string,
  format: ImportFormat,
  onBytes: (bytesRead: number) => void,
): AsyncGenerator<ImportRow> {
  const size = statSync(path).size;
  if (size === 0) throw new TallyError('validation_failed', `${path} is empty: there is nothing to import`);
  const stream = createReadStream(path);
  let bytes = 0;
  stream.on('data', (chunk) => {
    bytes += chunk.length;
    onBytes(bytes);
  });

  if (format === 'jsonl') {
    let line = 0;
    for await (const text of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
      line += 1;
      if (text.trim() === '') continue;
      try {
        yield { line, raw: JSON.parse(text) };
      } catch (error) {
        yield { line, raw: text.slice(0, 200), unreadable: `not valid JSON: ${(error as Error).message}` };
      }
    }
    return;
  }

  const parser = stream.pipe(
    parseCsv({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: false }),
  );
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      const line = (parser.info?.lines ?? 0) as number;
      const row: Record<string, unknown> = {};
      let unreadable: string | undefined;
      for (const [column, value] of Object.entries(record)) {
        if (value === '') continue; // an empty cell means "not given"
        if (csvJsonColumns.has(column)) {
          try {
            row[column] = JSON.parse(value);
          } catch {
            unreadable = `column ${column} must hold JSON`;
          }
        } else row[column] = value;
      }
      yield unreadable ? { line, raw: row, unreadable } : { line, raw: row };
    }
  } catch (error) {
    throw new TallyError(
      'validation_failed',
      `${path} is not a readable CSV file: ${(error as Error).message}`,
    );
  }
}
