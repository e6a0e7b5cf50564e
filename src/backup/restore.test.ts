import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb } from '../../test/db.ts';
import { buildSource } from '../../test/factories.ts';
import { keyringPathFor } from '../auth/keys.cli.ts';
import { apiActor } from '../core/actor.ts';
import { loadKeyring } from '../core/keyring.ts';
import type { Db } from '../db/client.ts';
import { revealSourceIdentity, sealSourceIdentity } from '../sources/sources.identity.ts';
import { backupTo } from './backup.service.ts';
import { KEYS_INCLUDED } from './backup.ts';
import { restoreFrom } from './restore.service.ts';
import { rowsOutsideGazetteer, scratchDir } from './test-fixture.ts';

const passphrase = 'correct horse battery staple';
let source: Db;
let sealedId: string;
const sourceDir = scratchDir('keys-src');
const plain = join(scratchDir('plain'), 'plain.backup.gz');
const withKeys = join(scratchDir('keys'), 'keys.backup.gz');
const evidenceName = join('originals', 'ab', 'cd', 'abcd-demo');

beforeAll(async () => {
  source = await freshDb();
  const keyring = loadKeyring(keyringPathFor(sourceDir), {});
  const informant = await buildSource(source, { kind: 'medic', pseudonym: 'Clinic contact' });
  await buildSource(source);
  sealedId = informant.id;
  await sealSourceIdentity(source, keyring, apiActor, sealedId, { real_name: 'Hidden Realname' });
  mkdirSync(join(sourceDir, 'evidence', 'objects', 'originals', 'ab', 'cd'), { recursive: true });
  writeFileSync(join(sourceDir, 'evidence', 'objects', evidenceName), 'pretend photo');
  await backupTo(source, sourceDir, plain);
  await backupTo(source, sourceDir, withKeys, { keysPassphrase: passphrase, env: {} });
  target = await freshDb();
});
afterAll(async () => {
  await source.close();
  await target.close();
});

/**
 * Every refused restore goes into the same database and directory: each must leave them as
 * empty as it found them, and the last test restores into them successfully.
 */
let target: Db;
const targetDir = scratchDir('dst');

async function attempt(file: string, secret?: string) {
  const error = await restoreFrom(
    target,
    targetDir,
    file,
    secret ? { passphrase: async () => secret } : {},
  ).then(
    () => null,
    (failure: Error) => failure.message,
  );
  const objects = join(targetDir, 'evidence', 'objects');
  return {
    error,
    tables: await rowsOutsideGazetteer(target),
    files: existsSync(objects) ? readdirSync(objects, { recursive: true }) : [],
    keyring: existsSync(keyringPathFor(targetDir)),
  };
}

const lines = (file: string) => gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');

/** Writes edited lines back; with `reseal` the manifest's checksum is recomputed to match them. */
function rewrite(file: string, edit: (lines: string[]) => string[], reseal: boolean): string {
  const edited = edit(lines(file));
  const last = edited.at(-1) as string;
  if (reseal && last.startsWith('{"manifest":')) {
    const body = edited
      .slice(0, -1)
      .map((l) => `${l}\n`)
      .join('');
    const { manifest } = JSON.parse(last);
    manifest.payload_sha256 = createHash('sha256').update(body, 'utf8').digest('hex');
    edited[edited.length - 1] = JSON.stringify({ manifest });
  }
  const out = join(scratchDir('edited'), 'edited.backup.gz');
  writeFileSync(out, gzipSync(`${edited.join('\n')}\n`));
  return out;
}

const nothingWritten = { tables: [], files: [], keyring: false };

describe('restore --with-keys', () => {
  it('refuses a too-short passphrase when backing up', async () => {
    await expect(
      backupTo(source, sourceDir, join(scratchDir('short'), 'x.gz'), { keysPassphrase: 'short', env: {} }),
    ).rejects.toThrow(/at least 12/);
  });

  it('refuses a wrong passphrase and stores nothing', async () => {
    expect(lines(withKeys).join('\n')).not.toContain(
      JSON.parse(readFileSync(keyringPathFor(sourceDir), 'utf8')).keys.k1,
    );
    const wrong = await attempt(withKeys, 'not the passphrase at all');
    expect(wrong.error).toMatch(/passphrase does not open the keyring.*AES-GCM authentication failed/);
    expect(wrong).toMatchObject(nothingWritten);
  });

  it('asks for the passphrase only when the backup holds keys', async () => {
    expect(JSON.parse(lines(withKeys).at(-1) as string).manifest.keys).toBe(KEYS_INCLUDED);
    expect((await attempt(withKeys)).error).toMatch(/holds the keyring.*give the passphrase/);
  });
});

describe('restore refuses a damaged or foreign backup and leaves the target empty', () => {
  it('a file cut off in the middle of its gzip stream', async () => {
    const bytes = readFileSync(plain);
    const cut = join(scratchDir('cut'), 'cut.gz');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const result = await attempt(cut);
    expect(result.error).toMatch(/gzip says .*truncated or altered/);
    expect(result).toMatchObject(nothingWritten);
  });

  it('a file that ends before its manifest', async () => {
    const result = await attempt(rewrite(plain, (l) => l.slice(0, -1), false));
    expect(result.error).toMatch(/without its manifest: the backup is truncated/);
    expect(result).toMatchObject(nothingWritten);
  });

  it('an altered row (checksum mismatch)', async () => {
    const altered = rewrite(plain, (l) => l.map((x) => x.replace('Clinic contact', 'Clinic contacT')), false);
    const result = await attempt(altered);
    expect(result.error).toMatch(/does not match its checksum.*altered/);
    expect(result).toMatchObject(nothingWritten);
  });

  it('a backup from a newer schema', async () => {
    const newer = rewrite(
      plain,
      (l) => [
        l[0]?.replace('"migrations":[', '"migrations":["9999_from_the_future",') as string,
        ...l.slice(1),
      ],
      true,
    );
    const result = await attempt(newer);
    expect(result.error).toMatch(/newer Tally.*9999_from_the_future.*Upgrade Tally/);
    expect(result).toMatchObject(nothingWritten);
  });

  it('rows that no longer match their digests roll the whole restore back, files included', async () => {
    const forged = rewrite(plain, (l) => l.map((x) => x.replace('Clinic contact', 'Clinic contacT')), true);
    const result = await attempt(forged);
    expect(result.error).toMatch(/table source: 2 rows restored, 2 backed up, digests differ/);
    expect(result).toMatchObject(nothingWritten);
  });
});

describe('after every refusal', () => {
  it('restores --with-keys into the same target and reopens sealed source identities', async () => {
    const restored = await attempt(withKeys, passphrase);
    expect(restored.error).toBeNull();
    const path = keyringPathFor(targetDir);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path)).toEqual(readFileSync(keyringPathFor(sourceDir)));
    const identity = await revealSourceIdentity(target, loadKeyring(path, {}), apiActor, sealedId, 'test');
    expect(identity?.real_name).toBe('Hidden Realname');
  });
});
