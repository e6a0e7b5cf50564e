import { z } from 'zod';

/**
 * A backup is one gzipped JSON-lines file:
 *   header · ({table, columns} {rows}…)… · {sequences} · ({file} {chunk}…)… · [{keyring}] · {manifest}
 * The manifest, last, holds the SHA-256 of every byte of (uncompressed) text before it, so a
 * restore can refuse a cut-off or edited file before it writes anything. Rows are the
 * database's own JSON (to_jsonb) copied as text, never parsed in JavaScript, and 64-bit and
 * numeric columns are written as strings, so no value is rounded through a JS number.
 */
export const BACKUP_FORMAT = 'tally-backup';
/** 1: rows round-tripped through JS numbers (64-bit values could be rounded), no payload checksum. */
export const BACKUP_VERSION = 2;

export const KEYS_NOT_INCLUDED = 'not included';
export const KEYS_INCLUDED = 'included, encrypted with a passphrase (scrypt, AES-256-GCM)';

export const zBackupHeader = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.number().int().min(1),
  /** Every migration applied where the backup was made, in order; the last is the schema version. */
  migrations: z.array(z.string()),
  schema: z.string().optional(),
  created_at: z.string(),
  keys: z.string().optional(),
});
export type BackupHeader = z.infer<typeof zBackupHeader>;

const zDigest = z.object({ rows: z.number().int().min(0), sha256: z.string() });

export const zManifest = z.object({
  schema: z.string().optional(),
  keys: z.string().optional(),
  tables: z.record(z.string(), zDigest),
  sequences: z.record(z.string(), z.object({ last_value: z.string(), is_called: z.boolean() })).optional(),
  files: z.record(z.string(), z.object({ size: z.number().int().min(0), sha256: z.string() })),
  /** SHA-256 (hex) of the uncompressed text of every line before the manifest line. */
  payload_sha256: z.string().optional(),
});
export type Manifest = z.infer<typeof zManifest>;

export const zSequenceState = z.object({
  name: z.string(),
  last_value: z.string(),
  is_called: z.boolean(),
});
export type SequenceState = z.infer<typeof zSequenceState>;

/** The keyring file's bytes, sealed with a key derived from a passphrase. */
export const zSealedKeyring = z.object({
  kdf: z.literal('scrypt'),
  // Bounded so that a crafted file cannot make a restore allocate gigabytes.
  N: z
    .number()
    .int()
    .min(2 ** 14)
    .max(2 ** 20),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  salt: z.string(),
  cipher: z.literal('aes-256-gcm'),
  nonce: z.string(),
  ciphertext: z.string(),
  tag: z.string(),
});
export type SealedKeyring = z.infer<typeof zSealedKeyring>;

/** What `tally backup` and `tally restore` report. */
export interface BackupSummary {
  file: string;
  schema: string;
  rows: number;
  tables: number;
  files: number;
  bytes: number;
  keys: string;
  /** Where the keyring lives that a monitor must keep apart from this backup (keys not included). */
  keyring_path?: string;
}
