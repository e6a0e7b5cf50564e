import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { TallyError } from '../core/errors.ts';
import type { SealedKeyring } from './backup.ts';

/**
 * Seals the keyring for a backup with a passphrase: scrypt (N=2^17, r=8, p=1, about 128 MiB
 * and a fraction of a second, so guessing passphrases is slow) derives an AES-256-GCM key;
 * salt and parameters travel with the ciphertext. The keyring is sealed as opaque bytes, so
 * whatever keys the keyring file holds (sealing keys, signing keys) travel unchanged.
 */
const PARAMS = { N: 2 ** 17, r: 8, p: 1 };
// The label binds the ciphertext to its use: the same passphrase's key sealing anything else
// cannot be passed off as a backup's keyring.
const AAD = Buffer.from('tally-backup keyring');
export const MIN_PASSPHRASE = 12;

function deriveKey(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }) {
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(
      passphrase.normalize('NFC'),
      salt,
      32,
      { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

export async function sealKeyring(keyring: Buffer, passphrase: string): Promise<SealedKeyring> {
  if (passphrase.length < MIN_PASSPHRASE)
    throw new TallyError(
      'validation_failed',
      `The backup passphrase is ${passphrase.length} characters; use at least ${MIN_PASSPHRASE}, since it alone protects every sealed source identity in the backup`,
    );
  const salt = randomBytes(16);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await deriveKey(passphrase, salt, PARAMS), nonce);
  cipher.setAAD(AAD);
  const ciphertext = Buffer.concat([cipher.update(keyring), cipher.final()]);
  return {
    kdf: 'scrypt',
    ...PARAMS,
    salt: salt.toString('base64'),
    cipher: 'aes-256-gcm',
    nonce: nonce.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

export async function openKeyring(sealed: SealedKeyring, passphrase: string): Promise<Buffer> {
  const key = await deriveKey(passphrase, Buffer.from(sealed.salt, 'base64'), sealed);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.nonce, 'base64'));
  decipher.setAAD(AAD);
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
  } catch {
    // GCM authentication failed: with an intact file (its checksum matched) that means the passphrase.
    throw new TallyError(
      'validation_failed',
      'The passphrase does not open the keyring in this backup (AES-GCM authentication failed). Nothing was restored; run it again with the passphrase given to `tally backup --with-keys`.',
    );
  }
}
