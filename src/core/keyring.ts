import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  sign,
} from 'node:crypto';
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
  /** Ed25519 key that signs audit checkpoints (base64 DER: SPKI public, PKCS#8 private); added on first use. */
  signing?: { public: string; private: string };
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

/** Signs audit checkpoints; the public key travels in each checkpoint so it can be checked elsewhere. */
export interface Signer {
  /** base64 DER (SPKI) of the Ed25519 public key. */
  publicKey: string;
  /** base64 Ed25519 signature of the bytes. */
  sign(data: Buffer): string;
}

function signerFrom(signing: NonNullable<KeyringFile['signing']>): Signer {
  const key = createPrivateKey({ key: Buffer.from(signing.private, 'base64'), format: 'der', type: 'pkcs8' });
  return { publicKey: signing.public, sign: (data) => sign(null, data, key).toString('base64') };
}

function newSigningKey(): NonNullable<KeyringFile['signing']> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    public: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    private: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
  };
}

/**
 * The keyring's checkpoint signing key, created and added to the keyring file on first use
 * (keyring files written before it existed load unchanged). A keyring from TALLY_KEYRING
 * cannot be written back, so there it must already hold one.
 */
export function loadSigner(path: string, env: NodeJS.ProcessEnv = process.env): Signer {
  if (env.TALLY_KEYRING) {
    const file = JSON.parse(env.TALLY_KEYRING) as KeyringFile;
    if (!file.signing)
      throw new TallyError(
        'unprocessable',
        'TALLY_KEYRING has no "signing" key for audit checkpoints: run `tally audit checkpoint` once without TALLY_KEYRING and copy the keyring file\'s "signing" entry into it',
      );
    return signerFrom(file.signing);
  }
  loadKeyring(path, env);
  const file = JSON.parse(readFileSync(path, 'utf8')) as KeyringFile;
  if (!file.signing) {
    file.signing = newSigningKey();
    writeFileSync(path, JSON.stringify(file, null, 2), { mode: 0o600 });
  }
  return signerFrom(file.signing);
}

/** The public half of the signing key, if the keyring has one; never creates a key or a file. */
export function signingPublicKey(path: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const text = env.TALLY_KEYRING ?? (existsSync(path) ? readFileSync(path, 'utf8') : null);
  return text ? ((JSON.parse(text) as KeyringFile).signing?.public ?? null) : null;
}

/** A signing key held only in memory (tests). */
export function ephemeralSigner(): Signer {
  return signerFrom(newSigningKey());
}
