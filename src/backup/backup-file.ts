import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { TallyError } from '../core/errors.ts';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  type BackupHeader,
  type Manifest,
  type SealedKeyring,
  zBackupHeader,
  zManifest,
  zSealedKeyring,
} from './backup.ts';

const refuse = (message: string) => new TallyError('validation_failed', message);

/** The file's lines, uncompressed; a gzip or read error names the file and what it means. */
export async function* backupLines(file: string): AsyncGenerator<string> {
  const input = pipeline(createReadStream(file), createGunzip(), () => {});
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) yield line;
  } catch (error) {
    const reason = (error as Error).message;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw refuse(`There is no file ${file}`);
    throw refuse(
      `${file} cannot be read as a Tally backup: gzip says "${reason}". The file is truncated or altered; nothing was restored. Use another copy of the backup.`,
    );
  } finally {
    lines.close();
    input.destroy();
  }
}

/** Row and file-chunk lines are the bulk of a backup and are never parsed to inspect it. */
export const isBulkLine = (line: string) => line.startsWith('{"rows":') || line.startsWith('{"chunk":');

function parseLine(line: string, lineNo: number, file: string): Record<string, unknown> {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw refuse(
      `${file}, line ${lineNo}, is not JSON: the backup is altered or damaged; nothing was restored`,
    );
  }
}

export interface InspectedBackup {
  header: BackupHeader;
  manifest: Manifest;
  keyring: SealedKeyring | undefined;
  /** SHA-256 of the text before the manifest line (v2 backups carry it in the manifest). */
  payloadSha256: string;
}

/**
 * Reads a backup once through, without writing anything, and refuses it when it is not a
 * Tally backup, from a format this Tally does not know, cut off (no manifest at the end) or
 * altered (its text no longer hashes to the manifest's checksum).
 */
export async function inspectBackup(file: string): Promise<InspectedBackup> {
  const hash = createHash('sha256');
  let header: BackupHeader | undefined;
  let manifest: Manifest | undefined;
  let keyring: SealedKeyring | undefined;
  let payloadSha256 = '';
  let lineNo = 0;
  for await (const line of backupLines(file)) {
    lineNo++;
    if (manifest) throw refuse(`${file} goes on after its manifest (line ${lineNo}): it was altered`);
    if (lineNo === 1) {
      const parsed = zBackupHeader.safeParse(parseLine(line, 1, file));
      if (!parsed.success || parsed.data.format !== BACKUP_FORMAT)
        throw refuse(`${file} is not a Tally backup: its first line is not a ${BACKUP_FORMAT} header`);
      header = parsed.data;
      if (header.version > BACKUP_VERSION)
        throw refuse(
          `${file} is a version ${header.version} backup; this Tally reads versions up to ${BACKUP_VERSION}. Upgrade Tally, then restore.`,
        );
    } else if (!isBulkLine(line)) {
      const entry = parseLine(line, lineNo, file);
      if (entry.manifest !== undefined) {
        const parsed = zManifest.safeParse(entry.manifest);
        if (!parsed.success)
          throw refuse(`${file}: the manifest (line ${lineNo}) is not valid; it was altered`);
        manifest = parsed.data;
        payloadSha256 = hash.digest('hex');
        continue;
      }
      if (entry.keyring !== undefined) {
        const parsed = zSealedKeyring.safeParse(entry.keyring);
        if (!parsed.success) throw refuse(`${file}: the sealed keyring (line ${lineNo}) is not valid`);
        keyring = parsed.data;
      }
    }
    hash.update(`${line}\n`, 'utf8');
  }
  if (!header) throw refuse(`${file} is empty: not a Tally backup`);
  if (!manifest)
    throw refuse(
      `${file} ends at line ${lineNo} without its manifest: the backup is truncated; nothing was restored`,
    );
  if (header.version >= 2) {
    if (!manifest.payload_sha256)
      throw refuse(
        `${file}: the manifest has no checksum, which a version 2 backup always has; it was altered`,
      );
    if (manifest.payload_sha256 !== payloadSha256)
      throw refuse(
        `${file} does not match its checksum (SHA-256 ${payloadSha256.slice(0, 12)}…, the manifest says ${manifest.payload_sha256.slice(0, 12)}…): the file was altered or damaged; nothing was restored`,
      );
    if (header.keys !== manifest.keys || header.schema !== manifest.schema)
      throw refuse(`${file}: the manifest and the header disagree on the keys or the schema; it was altered`);
  }
  return { header, manifest, keyring, payloadSha256 };
}
