import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { TallyError } from '../core/errors.ts';
import type { Db } from '../db/client.ts';
import { readMigrations } from '../db/migrate.ts';
import {
  backedUpTables,
  countRecords,
  insertTableRows,
  readTablePage,
  restartIdentities,
  tableDigest,
} from './backup.repo.ts';

/**
 * A backup is one gzipped JSON-lines file: a header, every table's rows, every
 * evidence file in base64 chunks, and a manifest of SHA-256 digests that a
 * restore checks against what it wrote. It moves a record between PGlite and
 * PostgreSQL as well as between machines.
 */
interface Manifest {
  tables: Record<string, { rows: number; sha256: string }>;
  files: Record<string, { size: number; sha256: string }>;
}

const PAGE = 1000;
const CHUNK = 768 * 1024;

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

export async function backupTo(db: Db, dataDir: string, file: string): Promise<Manifest> {
  const gzip = createGzip();
  const done = pipeline(gzip, createWriteStream(file, { mode: 0o600 }));
  const write = (line: unknown) =>
    new Promise<void>((resolve) =>
      gzip.write(`${JSON.stringify(line)}\n`) ? resolve() : gzip.once('drain', resolve),
    );
  const manifest: Manifest = { tables: {}, files: {} };
  await write({
    format: 'tally-backup',
    version: 1,
    migrations: readMigrations().map((m) => m.name),
    created_at: new Date().toISOString(),
  });
  // One snapshot for every table, so the backup is consistent while Tally keeps running.
  await db.transaction(async (tx) => {
    await tx.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; SET LOCAL TIME ZONE 'UTC'");
    for (const table of await backedUpTables(tx)) {
      await write({ table });
      await tx.exec(
        `DECLARE rows_of_${table} NO SCROLL CURSOR FOR SELECT to_jsonb(t) AS row FROM "${table}" t`,
      );
      for (;;) {
        const rows = await readTablePage(tx, `rows_of_${table}`, PAGE);
        if (rows.length > 0) await write({ rows });
        if (rows.length < PAGE) break;
      }
      manifest.tables[table] = await tableDigest(tx, table);
    }
  });
  const evidence = join(dataDir, 'evidence', 'objects');
  for (const path of listFiles(evidence)) {
    const name = relative(evidence, path);
    await write({ file: name });
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) {
      hash.update(chunk as Buffer);
      await write({ chunk: (chunk as Buffer).toString('base64') });
    }
    manifest.files[name] = { size: statSync(path).size, sha256: hash.digest('hex') };
  }
  await write({ manifest });
  gzip.end();
  await done;
  return manifest;
}

/**
 * Restores into an empty, migrated database and data directory. Triggers are
 * off while rows go in (the audit chain and immutability triggers would refuse
 * or re-hash them), which needs a superuser on PostgreSQL. Every table and file
 * is then checked against the manifest; any difference is an error.
 */
export async function restoreFrom(db: Db, dataDir: string, file: string): Promise<Manifest> {
  if ((await countRecords(db)) > 0) {
    throw new TallyError(
      'conflict',
      'Restore needs an empty database: this one already holds sources or reports',
    );
  }
  let manifest: Manifest | undefined;
  let table: string | undefined;
  let out: { stream: ReturnType<typeof createWriteStream>; name: string } | undefined;
  const closeFile = async () => {
    if (!out) return;
    const stream = out.stream;
    await new Promise((resolve) => stream.end(resolve));
    out = undefined;
  };
  await db.transaction(async (tx) => {
    await tx.exec("SET LOCAL session_replication_role = replica; SET LOCAL TIME ZONE 'UTC'");
    // Opened here, right before it is read: readline drops the lines it emits before the
    // loop starts, and on PostgreSQL the wait for a connection could lose the header.
    const lines = createInterface({
      input: createReadStream(file).pipe(createGunzip()),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    let first = true;
    for await (const text of lines) {
      const line = JSON.parse(text) as Record<string, unknown>;
      if (first) {
        if (line.format !== 'tally-backup')
          throw new TallyError('validation_failed', `${file} is not a Tally backup`);
        first = false;
      } else if (typeof line.table === 'string') table = line.table;
      else if (Array.isArray(line.rows) && table) await insertTableRows(tx, table, line.rows);
      else if (typeof line.file === 'string') {
        await closeFile();
        const path = join(dataDir, 'evidence', 'objects', line.file);
        if (!path.startsWith(join(dataDir, 'evidence', 'objects')))
          throw new TallyError('validation_failed', 'A file path leaves the store');
        mkdirSync(dirname(path), { recursive: true });
        out = { stream: createWriteStream(path, { mode: 0o444 }), name: line.file };
      } else if (typeof line.chunk === 'string' && out) out.stream.write(Buffer.from(line.chunk, 'base64'));
      else if (line.manifest) manifest = line.manifest as Manifest;
    }
    await closeFile();
    await restartIdentities(tx);
  });
  if (!manifest)
    throw new TallyError('validation_failed', `${file} ends before its manifest: the backup is truncated`);
  await verifyAgainst(db, dataDir, manifest);
  return manifest;
}

async function verifyAgainst(db: Db, dataDir: string, manifest: Manifest): Promise<void> {
  await db.exec("SET TIME ZONE 'UTC'");
  const differences: string[] = [];
  for (const [table, expected] of Object.entries(manifest.tables)) {
    const actual = await tableDigest(db, table);
    if (actual.sha256 !== expected.sha256)
      differences.push(
        `table ${table}: ${actual.rows} rows restored, ${expected.rows} backed up, digests differ`,
      );
  }
  for (const [name, expected] of Object.entries(manifest.files)) {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(join(dataDir, 'evidence', 'objects', name)))
      hash.update(chunk as Buffer);
    if (hash.digest('hex') !== expected.sha256)
      differences.push(`file ${name}: content differs from the backup`);
  }
  if (differences.length > 0)
    throw new TallyError('internal', `The restore does not match the backup:\n${differences.join('\n')}`);
}
