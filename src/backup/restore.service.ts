import { createHash, randomBytes } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { verifyAuditChain } from '../audit/audit.verify.ts';
import { keyringPathFor } from '../auth/keys.cli.ts';
import { TallyError } from '../core/errors.ts';
import type { Db, Queryable } from '../db/client.ts';
import { readMigrations } from '../db/migrate.ts';
import {
  appliedMigrations,
  backedUpTables,
  backupColumns,
  clearGazetteer,
  disableTriggersForTransaction,
  insertRowsText,
  occupiedTables,
  setSequences,
  tableDigest,
} from './backup.repo.ts';
import { type BackupSummary, KEYS_NOT_INCLUDED, type Manifest, zSequenceState } from './backup.ts';
import { backupLines, type InspectedBackup, inspectBackup } from './backup-file.ts';
import { openKeyring } from './keyring-seal.ts';

export interface RestoreOptions {
  /** Asked only when the backup holds the keyring (`tally backup --with-keys`). */
  passphrase?: () => Promise<string>;
}

const refuse = (message: string) => new TallyError('validation_failed', message);
/** tableDigest of a table without rows: a table the backup did not know must stay empty. */
const EMPTY_DIGEST = createHash('sha256').update('').digest('hex');

/** Refuses a backup whose schema this Tally cannot hold exactly, before anything is written. */
async function checkSchema(db: Queryable, inspected: InspectedBackup, file: string): Promise<void> {
  const known = new Set(readMigrations().map((m) => m.name));
  const backup = inspected.header.migrations;
  const unknown = backup.filter((name) => !known.has(name));
  if (unknown.length > 0)
    throw refuse(
      `${file} comes from a newer Tally: its schema has migrations this Tally does not know (${unknown.join(', ')}). Upgrade Tally, then restore; nothing was restored.`,
    );
  const target = await appliedMigrations(db);
  if (target.join() !== backup.join())
    throw refuse(
      `${file} is at schema ${backup.at(-1)}, this database at ${target.at(-1)}. A restore reproduces a backup exactly only into the same schema: restore it with the Tally release that made it, then upgrade. Nothing was restored.`,
    );
}

/** Where the keyring goes, refused before anything is written if another keyring is in the way. */
function keyringTarget(dataDir: string, keyring: Buffer | undefined): string | undefined {
  if (!keyring) return undefined;
  const path = keyringPathFor(dataDir);
  if (existsSync(path) && !readFileSync(path).equals(keyring))
    throw refuse(
      `A different keyring already exists at ${path}. Move it away (it may seal another database's identities) or restore into a fresh data directory; nothing was restored.`,
    );
  return existsSync(path) ? undefined : path;
}

/**
 * Restores a backup into an empty database and data directory, all or nothing:
 * 1. the whole file is read and checked (format, checksum, schema, passphrase) before any write;
 * 2. one transaction inserts every row (generated columns left to the database, identities
 *    and audit hashes as backed up), sets every sequence, and stages evidence files aside;
 * 3. before it commits, every table digest, staged file and the audit chain are checked;
 * 4. only then do files and the keyring move into place; any failure removes them again.
 */
export async function restoreFrom(
  db: Db,
  dataDir: string,
  file: string,
  options: RestoreOptions = {},
): Promise<{ manifest: Manifest; summary: BackupSummary }> {
  const inspected = await inspectBackup(file);
  const { header, manifest } = inspected;
  await checkSchema(db, inspected, file);
  let keyring: Buffer | undefined;
  if (inspected.keyring) {
    if (!options.passphrase)
      throw refuse(`${file} holds the keyring, sealed with a passphrase: give the passphrase to restore it`);
    keyring = await openKeyring(inspected.keyring, await options.passphrase());
  }
  const keyringPath = keyringTarget(dataDir, keyring);
  const objects = join(dataDir, 'evidence', 'objects');
  const stage = join(dataDir, 'evidence', `.restore-${randomBytes(6).toString('hex')}`);
  const placed: string[] = [];
  let rows = 0;
  try {
    await db.transaction(async (tx) => {
      const tables = await backedUpTables(tx);
      const occupied = (await occupiedTables(tx, tables)).filter((t) => t !== 'place');
      if (occupied.length > 0)
        throw new TallyError(
          'conflict',
          `Restore needs an empty database; these tables hold rows: ${occupied.join(', ')}. Restore into a new database or data directory.`,
        );
      await disableTriggersForTransaction(tx).catch((cause: Error) => {
        throw new TallyError(
          'forbidden',
          `Restore must switch triggers off within its transaction and cannot (${cause.message}). Run it as the database owner with superuser rights, or GRANT SET ON PARAMETER session_replication_role TO the user (PostgreSQL 15+).`,
        );
      });
      await clearGazetteer(tx);
      rows = await writeRows(tx, file, header.version, stage, inspected.payloadSha256);
      await checkRestored(tx, tables, manifest, stage);
      for (const name of Object.keys(manifest.files)) {
        const to = join(objects, name);
        if (existsSync(to)) continue; // checked in checkRestored: the same bytes
        mkdirSync(dirname(to), { recursive: true });
        await rename(join(stage, name), to);
        placed.push(to);
      }
      if (keyring && keyringPath) {
        mkdirSync(dirname(keyringPath), { recursive: true, mode: 0o700 });
        writeFileSync(keyringPath, keyring, { mode: 0o600, flag: 'wx' });
        placed.push(keyringPath);
      }
    });
  } catch (error) {
    for (const path of placed) await rm(path, { force: true });
    throw error;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
  return {
    manifest,
    summary: {
      file,
      schema: header.migrations.at(-1) ?? '',
      rows,
      tables: Object.keys(manifest.tables).length,
      files: Object.keys(manifest.files).length,
      bytes: 0,
      keys: manifest.keys ?? KEYS_NOT_INCLUDED,
      ...(keyring ? {} : { keyring_path: keyringPathFor(dataDir) }),
    },
  };
}

/** The second pass: rows into the database, evidence files into the staging directory. */
async function writeRows(
  tx: Queryable,
  file: string,
  version: number,
  stage: string,
  payloadSha256: string,
): Promise<number> {
  const hash = createHash('sha256');
  let table: { name: string; columns: string[] } | undefined;
  let out: ReturnType<typeof createWriteStream> | undefined;
  let rows = 0;
  const closeFile = async () => {
    const stream = out;
    out = undefined;
    if (stream) await new Promise<void>((done) => stream.end(() => done()));
  };
  let lineNo = 0;
  for await (const line of backupLines(file)) {
    lineNo++;
    if (line.startsWith('{"manifest":')) break;
    hash.update(`${line}\n`, 'utf8');
    if (lineNo === 1) continue;
    if (line.startsWith('{"rows":')) {
      if (!table) throw refuse(`${file}, line ${lineNo}: rows before any table`);
      // Version 2 rows are copied to the database as text; version 1 rows were JSON numbers
      // already, so parsing them loses nothing more (the digests then tell what was rounded).
      const json = version >= 2 ? line.slice('{"rows":'.length, -1) : JSON.stringify(JSON.parse(line).rows);
      rows += await insertRowsText(tx, table.name, table.columns, json);
      continue;
    }
    if (line.startsWith('{"chunk":')) {
      if (!out) throw refuse(`${file}, line ${lineNo}: file content before any file`);
      const stream = out;
      const bytes = Buffer.from(JSON.parse(line).chunk as string, 'base64');
      if (!stream.write(bytes)) await new Promise<void>((done) => stream.once('drain', () => done()));
      continue;
    }
    const entry = JSON.parse(line) as Record<string, unknown>;
    if (typeof entry.table === 'string') table = await restoreTable(tx, entry.table, entry.columns, file);
    else if (Array.isArray(entry.sequences))
      await setSequences(
        tx,
        entry.sequences.map((s) => zSequenceState.parse(s)),
      );
    else if (typeof entry.file === 'string') {
      await closeFile();
      const path = resolve(stage, entry.file);
      if (!path.startsWith(`${resolve(stage)}${sep}`))
        throw refuse(`${file}, line ${lineNo}: the file name ${entry.file} leaves the evidence store`);
      mkdirSync(dirname(path), { recursive: true });
      out = createWriteStream(path, { mode: 0o444 });
    }
  }
  await closeFile();
  // The file could have been replaced between the two passes.
  if (version >= 2 && hash.digest('hex') !== payloadSha256)
    throw refuse(`${file} changed while it was being restored; nothing was restored`);
  return rows;
}

/** A table's insertable columns: the backup's, without the ones the database generates. */
async function restoreTable(tx: Queryable, name: string, listed: unknown, file: string) {
  const target = await backupColumns(tx, name);
  if (target.length === 0) throw refuse(`${file} holds a table ${name} this database does not have`);
  const backed = Array.isArray(listed) ? (listed as string[]) : target.map((c) => c.name);
  const missing = backed.filter((c) => !target.some((t) => t.name === c));
  if (missing.length > 0)
    throw refuse(`${file}: table ${name} has columns this database lacks (${missing.join(', ')})`);
  const generated = new Set(target.filter((c) => c.generated).map((c) => c.name));
  return { name, columns: backed.filter((c) => !generated.has(c)) };
}

/** Inside the transaction: anything that differs from the manifest rolls everything back. */
async function checkRestored(tx: Queryable, tables: string[], manifest: Manifest, stage: string) {
  await tx.exec("SET LOCAL TIME ZONE 'UTC'");
  const differences: string[] = [];
  for (const table of tables) {
    const expected = manifest.tables[table] ?? { rows: 0, sha256: EMPTY_DIGEST };
    const actual = await tableDigest(tx, table);
    if (actual.sha256 !== expected.sha256)
      differences.push(
        `table ${table}: ${actual.rows} rows restored, ${expected.rows} backed up, digests differ`,
      );
  }
  for (const [name, expected] of Object.entries(manifest.files)) {
    const existing = join(dirname(stage), 'objects', name);
    const path = existsSync(existing) ? existing : join(stage, name);
    const hash = createHash('sha256');
    try {
      for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    } catch {
      differences.push(`file ${name}: missing from the backup's content`);
      continue;
    }
    if (hash.digest('hex') !== expected.sha256)
      differences.push(
        path === existing
          ? `file ${name}: the data directory already holds different bytes under this name`
          : `file ${name}: content differs from the backup`,
      );
  }
  const chain = await verifyAuditChain(tx);
  if (chain.first_broken)
    differences.push(
      `audit chain: entry ${chain.first_broken.chain_seq ?? chain.first_broken.audit_id} ${chain.first_broken.problem}`,
    );
  if (differences.length > 0)
    throw refuse(
      `The restore does not match the backup, so nothing was restored:\n${differences.join('\n')}`,
    );
}
