import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { TallyError } from './errors.ts';

/**
 * Seals small secrets (source identities, TOTP secrets) with AES-256-GCM, a
 * fresh 96-bit nonce per value. Sealed text names its key, so `tally keys
 * rotate` can add a key, re-seal everything with it, and old keys can go.
 * Format: v1.<keyId>.<nonce b64url>.<ciphertext+tag b64url>
 */
export interface Keyring {
  seal(plaintext: string): string;
  open(sealed: string): string;
  activeKeyId: string;
  keyIds(): string[];
}

interface KeyringFile {
  active: string;
  keys: Record<string, string>;
}

function keyringFrom(file: KeyringFile): Keyring {
  const keys = new Map(Object.entries(file.keys).map(([id, b64]) => [id, Buffer.from(b64, 'base64')]));
  for (const [id, key] of keys) {
    if (key.length !== 32)
      throw new TallyError('internal', `Key ${id} is not 32 bytes; the keyring is damaged`);
  }
  if (!keys.has(file.active))
    throw new TallyError('internal', `The active key ${file.active} is not in the keyring`);
  return {
    activeKeyId: file.active,
    keyIds: () => [...keys.keys()],
    seal(plaintext) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keys.get(file.active) as Buffer, nonce);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `v1.${file.active}.${nonce.toString('base64url')}.${body.toString('base64url')}`;
    },
    open(sealed) {
      const [version, keyId, nonce, body] = sealed.split('.');
      const key = keyId ? keys.get(keyId) : undefined;
      if (version !== 'v1' || !key || !nonce || !body) {
        throw new TallyError(
          'internal',
          `A sealed value names key ${keyId ?? '?'}, which this keyring lacks`,
        );
      }
      const bytes = Buffer.from(body, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([
        decipher.update(bytes.subarray(0, bytes.length - 16)),
        decipher.final(),
      ]).toString('utf8');
    },
  };
}

const newKey = () => randomBytes(32).toString('base64');

/**
 * The keyring comes from TALLY_KEYRING (JSON {active, keys}) when set, so a
 * server can keep keys off its disk; otherwise from a file (created on first
 * use, mode 0600) beside, never inside, the database.
 */
export function loadKeyring(path: string, env: NodeJS.ProcessEnv = process.env): Keyring {
  if (env.TALLY_KEYRING) return keyringFrom(JSON.parse(env.TALLY_KEYRING) as KeyringFile);
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, JSON.stringify({ active: 'k1', keys: { k1: newKey() } }, null, 2), { mode: 0o600 });
  }
  chmodSync(path, 0o600);
  return keyringFrom(JSON.parse(readFileSync(path, 'utf8')) as KeyringFile);
}

/** Adds a new key to the keyring file and makes it active; returns its id. */
export function addKeyToKeyringFile(path: string): string {
  const file = JSON.parse(readFileSync(path, 'utf8')) as KeyringFile;
  const id = `k${Object.keys(file.keys).length + 1}`;
  file.keys[id] = newKey();
  file.active = id;
  writeFileSync(path, JSON.stringify(file, null, 2), { mode: 0o600 });
  return id;
}

/** A keyring held only in memory with one fresh key (tests, throwaway databases). */
export function ephemeralKeyring(): Keyring {
  return keyringFrom({ active: 'k1', keys: { k1: newKey() } });
}
