import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../core/actor.ts';
import { TallyError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { Db, Queryable } from '../db/client.ts';
import { ensureGazetteer } from '../places/resolve.ts';
import {
  type FullTable,
  fullTables,
  insertTableRows,
  occupiedTables,
  pageTable,
  tableColumns,
  tableExists,
} from './full.repo.ts';
import { FULL_EXPORT_FORMAT } from './opendata.ts';

const PAGE = 5000;

/**
 * Tally's full export as JSON Lines: a header, then one line per row ({"t": table, "r": row}),
 * table after table in the order an import writes them, then a trailer with the row counts, so
 * a cut-off file is refused instead of half-imported. Source identities (sealed) and the
 * accounts that submitted reports are never in it; `tally backup` is the way to move those.
 */
export async function* exportFull(
  db: Queryable,
  codebookVersion: string,
  onRows: (rows: number) => void = () => {},
): AsyncGenerator<string> {
  const tables: Array<{ table: FullTable; leaveOut: string[] }> = [];
  for (const table of fullTables) {
    if (!(await tableExists(db, table.name))) continue;
    const { derived } = await tableColumns(db, table.name);
    tables.push({ table, leaveOut: [...derived, ...(table.drop ?? [])] });
  }
  const header = {
    t: 'header',
    format: FULL_EXPORT_FORMAT,
    version: 1,
    codebook: codebookVersion,
    exported_at: new Date().toISOString(),
    tables: tables.map((t) => t.table.name),
  };
  yield `${JSON.stringify(header)}\n`;
  const counts: Record<string, number> = {};
  let total = 0;
  for (const { table, leaveOut } of tables) {
    counts[table.name] = 0;
    let after: string[] | null = null;
    for (;;) {
      const rows = await pageTable(db, table, leaveOut, after, PAGE);
      if (rows.length === 0) break;
      const prefix = `{"t":"${table.name}","r":`;
      yield rows.map((row) => `${prefix}${row.json}}\n`).join('');
      counts[table.name] = (counts[table.name] ?? 0) + rows.length;
      total += rows.length;
      onRows(total);
      if (rows.length < PAGE) break;
      after = (rows.at(-1) as { keys: string[] }).keys;
    }
  }
  yield `${JSON.stringify({ t: 'end', rows: counts })}\n`;
}

export interface FullImportSummary {
  rows: Record<string, number>;
  codebook: string;
}

const problem = (message: string) => new TallyError('validation_failed', message);

/**
 * Imports a full export into an empty database, all or nothing, in one transaction (claims may
 * point at later claims; the deferred foreign keys are checked at commit). The shipped
 * gazetteer is loaded first; the export's places are written over it. One audit entry records
 * the import and its row counts.
 */
export async function importFull(
  db: Db,
  actor: Actor,
  lines: AsyncIterable<string>,
  onRows: (rows: number) => void = () => {},
): Promise<FullImportSummary> {
  const known = new Map(fullTables.map((t) => [t.name, t]));
  return db.transaction(async (tx) => {
    const occupied = await occupiedTables(tx, ['source', 'report', 'claim', 'incident']);
    if (occupied.length > 0)
      throw problem(`A full import needs an empty database; these tables hold rows: ${occupied.join(', ')}`);
    await ensureGazetteer(tx);
    const columns = new Map<string, string[]>();
    const counts: Record<string, number> = {};
    let header: { codebook?: string } | null = null;
    let trailer: { rows?: Record<string, number> } | null = null;
    let batch: { table: string; rows: Array<Record<string, unknown>> } | null = null;
    let total = 0;
    let lineNo = 0;
    const flush = async () => {
      if (!batch || batch.rows.length === 0) return;
      let cols = columns.get(batch.table);
      if (!cols) {
        const insertable = new Set((await tableColumns(tx, batch.table)).insertable);
        cols = Object.keys(batch.rows[0] as object).filter((c) => insertable.has(c));
        columns.set(batch.table, cols);
      }
      counts[batch.table] =
        (counts[batch.table] ?? 0) + (await insertTableRows(tx, batch.table, cols, batch.rows));
      total += batch.rows.length;
      onRows(total);
      batch.rows = [];
    };
    for await (const line of lines) {
      lineNo++;
      if (line.trim() === '') continue;
      let entry: { t?: unknown; r?: unknown; codebook?: string; rows?: Record<string, number> };
      try {
        entry = JSON.parse(line);
      } catch {
        throw problem(`line ${lineNo} is not JSON`);
      }
      if (lineNo === 1) {
        if (entry.t !== 'header' || (entry as { format?: string }).format !== FULL_EXPORT_FORMAT)
          throw problem(`line 1 is not the header of a ${FULL_EXPORT_FORMAT} file`);
        header = entry;
        continue;
      }
      if (trailer) throw problem(`line ${lineNo} follows the end of the export`);
      if (entry.t === 'end') {
        trailer = entry;
        continue;
      }
      const table = typeof entry.t === 'string' ? known.get(entry.t) : undefined;
      if (!table || typeof entry.r !== 'object' || entry.r === null)
        throw problem(`line ${lineNo}: unknown table ${String(entry.t)}`);
      // Places go in one statement: a child may come before its parent in key order.
      const limit = table.name === 'place' ? Number.POSITIVE_INFINITY : 1000;
      if (batch && (batch.table !== table.name || batch.rows.length >= limit)) await flush();
      if (!batch || batch.table !== table.name) batch = { table: table.name, rows: [] };
      batch.rows.push(entry.r as Record<string, unknown>);
    }
    await flush();
    if (!header) throw problem('the file is empty');
    if (!trailer) throw problem('the file ends before its trailer: it was cut off, nothing was imported');
    for (const [table, expected] of Object.entries(trailer.rows ?? {})) {
      if ((counts[table] ?? 0) !== expected)
        throw problem(`${table}: the trailer says ${expected} rows, the file held ${counts[table] ?? 0}`);
    }
    await recordAudit(tx, actor, {
      action: 'opendata.import_full',
      entity: 'import',
      entityId: newId(),
      after: { codebook: header.codebook ?? null, rows: counts },
    });
    return { rows: counts, codebook: header.codebook ?? '' };
  });
}
