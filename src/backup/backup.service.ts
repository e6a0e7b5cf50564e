import { createHash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
} from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { keyringPathFor } from '../auth/keys.cli.ts';
import { TallyError } from '../core/errors.ts';
import type { Db } from '../db/client.ts';
import {
  appliedMigrations,
  backedUpTables,
  backupColumns,
  declareRowsCursor,
  readTextPage,
  sequenceStates,
  tableDigest,
} from './backup.repo.ts';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  type BackupHeader,
  type BackupSummary,
  KEYS_INCLUDED,
  KEYS_NOT_INCLUDED,
  type Manifest,
} from './backup.ts';
import { sealKeyring } from './keyring-seal.ts';

const PAGE = 1000;
const CHUNK = 768 * 1024;

export interface BackupOptions {
  /** Put the keyring in the backup, sealed with this passphrase (`--with-keys`). */
  keysPassphrase?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? listFiles(path) : [path];
    });
}

/** The keyring exactly as Tally reads it: TALLY_KEYRING when set, else the file in the data directory. */
export function keyringBytes(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  if (env.TALLY_KEYRING) return Buffer.from(env.TALLY_KEYRING, 'utf8');
  const path = keyringPathFor(dataDir);
  if (!existsSync(path))
    throw new TallyError(
      'not_found',
      `There is no keyring at ${path} and TALLY_KEYRING is not set: nothing to back up with --with-keys`,
    );
  return readFileSync(path);
}

/** A gzipped line writer that also hashes every byte it writes, for the manifest. */
function lineWriter(file: string) {
  const gzip = createGzip();
  const done = pipeline(gzip, createWriteStream(file, { mode: 0o600 }));
  const hash = createHash('sha256');
  let bytes = 0;
  return {
    write(text: string): Promise<void> {
      const line = `${text}\n`;
      hash.update(line, 'utf8');
      bytes += Buffer.byteLength(line);
      return new Promise((resolve) => (gzip.write(line) ? resolve() : gzip.once('drain', resolve)));
    },
    digest: () => hash.digest('hex'),
    bytes: () => bytes,
    async end(text: string) {
      gzip.end(`${text}\n`);
      await done;
    },
    async abort() {
      gzip.destroy();
      await done.catch(() => {});
    },
  };
}

/**
 * Writes the whole database (one snapshot), the evidence store and, with a passphrase, the
 * keyring into one file. It goes to `<file>.partial` first and is renamed at the end, so a
 * backup cut short never sits under the name of a good one.
 */
export async function backupTo(
  db: Db,
  dataDir: string,
  file: string,
  options: BackupOptions = {},
): Promise<{ manifest: Manifest; summary: BackupSummary }> {
  const env = options.env ?? process.env;
  const keyring = options.keysPassphrase !== undefined ? keyringBytes(dataDir, env) : undefined;
  const sealed = keyring ? await sealKeyring(keyring, options.keysPassphrase as string) : undefined;
  const migrations = await appliedMigrations(db);
  const schema = migrations.at(-1) ?? '';
  const keys = sealed ? KEYS_INCLUDED : KEYS_NOT_INCLUDED;
  const partial = `${file}.partial`;
  const out = lineWriter(partial);
  const sequenceManifest: NonNullable<Manifest['sequences']> = {};
  const manifest: Manifest = { schema, keys, tables: {}, sequences: sequenceManifest, files: {} };
  try {
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      migrations,
      schema,
      created_at: new Date().toISOString(),
      keys,
    };
    await out.write(JSON.stringify(header));
    // One snapshot for every table and sequence, so the backup is consistent while Tally runs.
    await db.transaction(async (tx) => {
      await tx.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; SET LOCAL TIME ZONE 'UTC'");
      for (const [i, table] of (await backedUpTables(tx)).entries()) {
        const columns = await backupColumns(tx, table);
        await out.write(JSON.stringify({ table, columns: columns.map((c) => c.name) }));
        await declareRowsCursor(tx, `backup_rows_${i}`, table, columns);
        for (;;) {
          const rows = await readTextPage(tx, `backup_rows_${i}`, PAGE);
          // The rows' JSON is the database's text, copied verbatim: never parsed here.
          if (rows.length > 0) await out.write(`{"rows":[${rows.join(',')}]}`);
          if (rows.length < PAGE) break;
        }
        manifest.tables[table] = await tableDigest(tx, table);
      }
      const sequences = await sequenceStates(tx);
      await out.write(JSON.stringify({ sequences }));
      for (const s of sequences)
        sequenceManifest[s.name] = { last_value: s.last_value, is_called: s.is_called };
    });
    const evidence = join(dataDir, 'evidence', 'objects');
    for (const path of listFiles(evidence)) {
      const name = relative(evidence, path);
      const size = statSync(path).size;
      await out.write(JSON.stringify({ file: name, size }));
      const hash = createHash('sha256');
      for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) {
        hash.update(chunk as Buffer);
        await out.write(JSON.stringify({ chunk: (chunk as Buffer).toString('base64') }));
      }
      manifest.files[name] = { size, sha256: hash.digest('hex') };
    }
    if (sealed) await out.write(JSON.stringify({ keyring: sealed }));
    manifest.payload_sha256 = out.digest();
    await out.end(JSON.stringify({ manifest }));
  } catch (error) {
    await out.abort();
    await rm(partial, { force: true });
    throw error;
  }
  await rename(partial, file);
  const rows = Object.values(manifest.tables).reduce((sum, t) => sum + t.rows, 0);
  return {
    manifest,
    summary: {
      file,
      schema,
      rows,
      tables: Object.keys(manifest.tables).length,
      files: Object.keys(manifest.files).length,
      bytes: statSync(file).size,
      keys,
      ...(sealed ? {} : { keyring_path: env.TALLY_KEYRING ? 'TALLY_KEYRING' : keyringPathFor(dataDir) }),
    },
  };
}
