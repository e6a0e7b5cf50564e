import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../core/actor.ts';
import { fieldProblemsFromZod, TallyError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { unstorableTextError } from '../core/unstorable-text.ts';
import type { Db } from '../db/client.ts';
import { toRecordInsert } from './records.ts';
import { zNewVictimRecord } from './victim.ts';
import { fieldForColumn, readSex, readStatus } from './victims.columns.ts';
import {
  createSingletonPersons,
  findOrCreateList,
  insertRecords,
  type VictimRecordInsert,
} from './victims.repo.ts';

/**
 * `tally victims import FILE --list NAME [--map column=field ...]`: a list of the dead as CSV
 * or JSONL. Each row is checked on its own and every problem is reported with its row number;
 * nothing is stored while any row is bad, unless skipBad, when good rows go in and the bad
 * ones are written with their reasons to a side file.
 */
export const IMPORT_FIELDS = Object.keys(zNewVictimRecord.shape).filter((f) => f !== 'list' && f !== 'id');

export interface ImportOptions {
  list: string;
  /** column → field */
  map?: Record<string, string>;
  skipBad?: boolean;
  rejectsPath?: string;
  batchSize?: number;
}

export interface RowProblem {
  row: number;
  field: string;
  message: string;
}

export interface ImportSummary {
  list: string;
  read: number;
  imported: number;
  duplicates: number;
  rejected: number;
  problems: RowProblem[];
  rejects_file: string | null;
  /** Columns whose header names no field: their values were not stored (add --map to read one). */
  ignored_columns: string[];
}

export function parseMapOptions(pairs: string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    const column = pair.slice(0, at).trim();
    const field = pair.slice(at + 1).trim();
    if (at <= 0 || !field)
      throw new TallyError('validation_failed', `--map wants column=field, got "${pair}"`);
    if (!IMPORT_FIELDS.includes(field))
      throw new TallyError(
        'validation_failed',
        `--map ${pair}: unknown field "${field}" (fields: ${IMPORT_FIELDS.join(', ')})`,
      );
    map[column] = field;
  }
  return map;
}

async function* readRows(path: string): AsyncGenerator<{ row: number; cells: Record<string, unknown> }> {
  if (/\.jsonl?$/i.test(path)) {
    const lines = createInterface({
      input: createReadStream(path, 'utf8'),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    let row = 0;
    for await (const line of lines) {
      row++;
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        yield { row, cells: { __error: 'not a JSON object on this line' } };
        continue;
      }
      yield {
        row,
        cells:
          value && typeof value === 'object' && !Array.isArray(value)
            ? (value as Record<string, unknown>)
            : { __error: 'not a JSON object' },
      };
    }
    return;
  }
  const parser = createReadStream(path).pipe(
    parse({ bom: true, columns: true, trim: true, skip_empty_lines: true, max_record_size: 1 << 18 }),
  );
  // Rows are numbered from 1 after the header, as a spreadsheet shows them less one.
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>)
      yield { row: ++row, cells: record };
  } catch (error) {
    const e = error as { code?: string; message?: string; lines?: number };
    throw new TallyError(
      'validation_failed',
      `${path}: line ${e.lines ?? '?'}: ${e.message ?? String(error)}`,
    );
  }
}

function toInput(
  cells: Record<string, unknown>,
  list: string,
  map: Record<string, string>,
  ignored: Set<string>,
): Record<string, unknown> {
  const input: Record<string, unknown> = { list };
  for (const [column, raw] of Object.entries(cells)) {
    const field = map[column] ?? fieldForColumn(column, IMPORT_FIELDS);
    if (!field) ignored.add(column);
    if (!field || raw === null || raw === undefined) continue;
    const value = typeof raw === 'number' ? String(raw) : raw;
    // Two columns for one field ("Name" and "الاسم"): the first with a value is kept.
    if (value === '' || input[field] !== undefined) continue;
    input[field] = value;
  }
  if (typeof input.sex === 'string') {
    const { sex, ageGroup } = readSex(input.sex);
    input.sex = sex ?? undefined;
    if (input.age === undefined && ageGroup) input.age = ageGroup;
  }
  if (typeof input.status === 'string') input.status = readStatus(input.status);
  return input;
}

export async function importVictimFile(
  db: Db,
  actor: Actor,
  path: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const map = options.map ?? {};
  const good: VictimRecordInsert[] = [];
  const problems: RowProblem[] = [];
  const rejectedRows: Array<{ row: number; cells: unknown; problems: RowProblem[] }> = [];
  let read = 0;
  const listId = newId();
  const ignored = new Set<string>();
  for await (const { row, cells } of readRows(path)) {
    read++;
    const rowProblems: RowProblem[] = [];
    const unstorable = unstorableTextError(cells);
    if (typeof cells.__error === 'string') rowProblems.push({ row, field: '(row)', message: cells.__error });
    else if (unstorable) for (const p of unstorable.fields) rowProblems.push({ row, ...p });
    else {
      const parsed = zNewVictimRecord.safeParse(toInput(cells, options.list, map, ignored));
      if (!parsed.success)
        for (const p of fieldProblemsFromZod(parsed.error.issues)) rowProblems.push({ row, ...p });
      else {
        try {
          good.push(toRecordInsert(parsed.data, listId));
        } catch (error) {
          if (!(error instanceof TallyError)) throw error;
          for (const p of error.fields) rowProblems.push({ row, ...p });
        }
      }
    }
    if (rowProblems.length > 0) {
      problems.push(...rowProblems);
      rejectedRows.push({ row, cells, problems: rowProblems });
    }
  }
  if (read === 0) throw new TallyError('validation_failed', `${path}: no rows to import`);
  if (problems.length > 0 && !options.skipBad) {
    throw new TallyError(
      'validation_failed',
      `${path}: ${rejectedRows.length} of ${read} rows are not valid; nothing was imported`,
      {
        fields: problems.slice(0, 50).map((p) => ({ field: `row ${p.row}: ${p.field}`, message: p.message })),
        details: { problems },
      },
    );
  }
  let rejectsFile: string | null = null;
  if (rejectedRows.length > 0) {
    rejectsFile = options.rejectsPath ?? `${path}.rejected.jsonl`;
    await writeFile(rejectsFile, `${rejectedRows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  }
  const imported = await db.transaction(async (tx) => {
    const storedListId = await findOrCreateList(tx, listId, options.list);
    const ids: string[] = [];
    const batch = options.batchSize ?? 2000;
    for (let at = 0; at < good.length; at += batch) {
      const rows = good.slice(at, at + batch).map((r) => ({ ...r, list_id: storedListId }));
      const inserted = await insertRecords(tx, rows);
      await createSingletonPersons(
        tx,
        inserted.map((record) => ({ record, person: newId() })),
        actor.id,
        `imported from list ${options.list}`,
      );
      ids.push(...inserted);
    }
    await recordAudit(tx, actor, {
      action: 'victim_list.import',
      entity: 'victim_list',
      entityId: storedListId,
      after: { list: options.list, file: path, read, imported: ids.length, rejected: rejectedRows.length },
    });
    return ids.length;
  });
  return {
    list: options.list,
    read,
    imported,
    duplicates: good.length - imported,
    rejected: rejectedRows.length,
    problems,
    rejects_file: rejectsFile,
    ignored_columns: [...ignored],
  };
}
