import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parse } from 'csv-parse';
import { TallyError } from '../../core/errors.ts';

/**
 * The records to link, column by column: one string array per column read, '' for an empty
 * cell, and for each record the input file it came from (link mode pairs only across files).
 */
export interface RecordTable {
  size: number;
  ids: string[];
  columns: Map<string, string[]>;
  /** Index of the input file per record. */
  source: Uint8Array;
  sourceNames: string[];
}

export function column(table: RecordTable, name: string): string[] {
  const values = table.columns.get(name);
  if (!values) throw new TallyError('validation_failed', `column "${name}" is not in the input`);
  return values;
}

/** The longest cell we accept: longer ones are almost always a broken quote swallowing the file. */
export const MAX_FIELD_CHARS = 64 * 1024;

export interface ReadCsvOptions {
  /** Columns that must be present; others are read only if `keep` lists them (empty when absent). */
  required: string[];
  keep?: string[];
  /** The wanted column a header stands for when it is not that column's own name ("Full name" → name). */
  headerAlias?: (header: string) => string | null;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** Reads one or more CSV files (the same required columns in each) into one table, streaming. */
export async function readCsvTables(paths: string[], options: ReadCsvOptions): Promise<RecordTable> {
  if (paths.length > 250) throw new TallyError('validation_failed', 'at most 250 input files');
  const table: RecordTable = {
    size: 0,
    ids: [],
    columns: new Map(),
    sourceNames: [],
    source: new Uint8Array(0),
  };
  const wanted = [...new Set([...options.required, ...(options.keep ?? [])])];
  for (const name of wanted) table.columns.set(name, []);
  const sources: number[] = [];
  for (const [fileIndex, path] of paths.entries()) {
    table.sourceNames.push(path);
    const before = table.size;
    await readOneCsv(path, wanted, options, (cells) => {
      for (const [k, name] of wanted.entries()) table.columns.get(name)!.push(cells[k] ?? '');
      sources.push(fileIndex);
      table.size++;
    });
    if (table.size === before)
      throw new TallyError('validation_failed', `${path}: the file has a header but no rows`);
  }
  table.source = Uint8Array.from(sources);
  return table;
}

async function readOneCsv(
  path: string,
  wanted: string[],
  options: ReadCsvOptions,
  onRow: (cells: Array<string | undefined>) => void,
): Promise<void> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new TallyError('validation_failed', `${path}: no such file`);
  }
  if (size === 0)
    throw new TallyError('validation_failed', `${path}: the file is empty (a header row is needed)`);
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      trim: true,
      skip_empty_lines: true,
      max_record_size: MAX_FIELD_CHARS * 4,
      relax_column_count: false,
    }),
  );
  let positions: Array<number | undefined> | null = null;
  let bytes = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!positions) {
        positions = headerPositions(path, record, options.required, wanted, options.headerAlias);
        continue;
      }
      const cells = positions.map((at) => (at === undefined ? undefined : record[at]));
      for (const cell of cells) {
        if (cell && cell.length > MAX_FIELD_CHARS)
          throw new TallyError(
            'validation_failed',
            `${path}: line ${parser.info.lines}: a field of ${cell.length} characters (limit ${MAX_FIELD_CHARS}); is a quote left open?`,
          );
      }
      onRow(cells);
      if (options.onProgress && (parser.info.records & 0x3fff) === 0) {
        bytes = parser.info.bytes;
        options.onProgress(bytes, size);
      }
    }
  } catch (error) {
    throw csvError(path, error);
  }
  if (!positions) throw new TallyError('validation_failed', `${path}: no header row`);
}

function headerPositions(
  path: string,
  header: string[],
  required: string[],
  wanted: string[],
  headerAlias?: (header: string) => string | null,
): Array<number | undefined> {
  const at = new Map<string, number>();
  for (const [i, name] of header.entries()) if (!at.has(name)) at.set(name, i);
  // A column's own name wins; an alias fills only a column no header names exactly.
  if (headerAlias)
    for (const [i, name] of header.entries()) {
      const column = wanted.includes(name) ? null : headerAlias(name);
      if (column && wanted.includes(column) && !at.has(column)) at.set(column, i);
    }
  const missing = required.filter((name) => !at.has(name));
  if (missing.length > 0) {
    throw new TallyError('validation_failed', `${path}: missing column(s) ${missing.join(', ')}`, {
      fields: missing.map((name) => ({
        field: name,
        message: `not in header: ${header.join(',').slice(0, 200)}`,
      })),
    });
  }
  return wanted.map((name) => at.get(name));
}

function csvError(path: string, error: unknown): TallyError {
  if (error instanceof TallyError) return error;
  const e = error as { code?: string; message?: string; lines?: number };
  const where = e.lines ? `line ${e.lines}` : 'reading';
  const messages: Record<string, string> = {
    CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
    CSV_INVALID_CLOSING_QUOTE: 'a quote inside a field is not escaped (write "" for a quote)',
    CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'the row has a different number of fields from the header',
    CSV_MAX_RECORD_SIZE: `a row is longer than ${MAX_FIELD_CHARS * 4} characters; is a quote left open?`,
    CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text after a closing quote',
  };
  const known = e.code ? messages[e.code] : undefined;
  return new TallyError('validation_failed', `${path}: ${where}: ${known ?? e.message ?? String(error)}`, {
    cause: error,
  });
}
