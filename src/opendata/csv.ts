import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

/** One documented column of an export: the codebook lists `about` under `name` (and `tag` for HXL). */
export interface Column {
  name: string;
  about: string;
  tag?: string;
}

/** RFC 4180: a cell is quoted when it holds a comma, quote, line break or edge space. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = Array.isArray(value) ? value.join('; ') : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;

/** Lines of a CSV body for records keyed by the columns' names, in the columns' order. */
export const csvRecords = (columns: Column[], records: Array<Record<string, unknown>>) =>
  records.map((record) => csvLine(columns.map((c) => record[c.name]))).join('');

/**
 * Reads a CSV file row by row as objects keyed by the header, with the 1-based line the row
 * started on. A second row of HXL hashtags (every non-empty cell starts with #) is skipped.
 */
export async function* readCsvRecords(
  path: string,
  onBytes: (bytes: number) => void = () => {},
): AsyncGenerator<{ line: number; cells: Record<string, string> }> {
  const stream = createReadStream(path);
  let bytes = 0;
  stream.on('data', (chunk) => {
    bytes += chunk.length;
    onBytes(bytes);
  });
  const parser = stream.pipe(
    parse({
      columns: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: false,
      info: true,
      trim: false,
    }),
  );
  let first = true;
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
  }>) {
    if (first) {
      first = false;
      const values = Object.values(record).filter((v) => v !== '');
      if (values.length > 0 && values.every((v) => v.trim().startsWith('#'))) continue;
    }
    yield { line: info.lines, cells: record };
  }
}
