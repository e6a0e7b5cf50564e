import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKeyring, loadSigner, signingPublicKey } from './keyring.ts';

const keyringFile = () => join(mkdtempSync(join(tmpdir(), 'tally-keyring-')), 'keys', 'keyring.json');

describe('the checkpoint signing key', () => {
  it('is added on first use to a keyring file written before it existed, which still opens what it sealed', () => {
    const path = keyringFile();
    const sealed = loadKeyring(path, {}).seal('Dr Hamid, +963 ...');
    const before = JSON.parse(readFileSync(path, 'utf8'));
    expect(before.signing).toBeUndefined();
    expect(signingPublicKey(path, {})).toBeNull();

    const signer = loadSigner(path, {});
    const after = JSON.parse(readFileSync(path, 'utf8'));
    expect(after).toMatchObject({
      active: before.active,
      keys: before.keys,
      signing: { public: signer.publicKey },
    });
    expect(loadKeyring(path, {}).open(sealed)).toBe('Dr Hamid, +963 ...');
    // The same key on every later use, and its signatures check with the public key alone.
    expect(loadSigner(path, {}).publicKey).toBe(signer.publicKey);
    expect(signingPublicKey(path, {})).toBe(signer.publicKey);
    const data = Buffer.from('entry #5');
    const key = createPublicKey({
      key: Buffer.from(signer.publicKey, 'base64'),
      format: 'der',
      type: 'spki',
    });
    expect(verify(null, data, key, Buffer.from(signer.sign(data), 'base64'))).toBe(true);
  });

  it('must already be in a keyring given by TALLY_KEYRING, which cannot be written back', () => {
    const path = keyringFile();
    loadSigner(path, {});
    const file = readFileSync(path, 'utf8');
    const { signing: _signing, ...withoutSigning } = JSON.parse(file);
    expect(() => loadSigner('/nonexistent', { TALLY_KEYRING: JSON.stringify(withoutSigning) })).toThrow(
      /TALLY_KEYRING has no "signing" key/,
    );
    expect(loadSigner('/nonexistent', { TALLY_KEYRING: file }).publicKey).toBe(
      JSON.parse(file).signing.public,
    );
  });
});
