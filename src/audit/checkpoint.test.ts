import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDb } from '../../test/db.ts';
import { buildSource } from '../../test/factories.ts';
import { behindTheAppsBack, rewriteChainFrom } from '../../test/tamper.ts';
import { ephemeralSigner } from '../core/keyring.ts';
import type { Db } from '../db/client.ts';
import { verifyAudit } from './audit.service.ts';
import { verifyAuditChain } from './audit.verify.ts';
import { type Checkpoint, createCheckpoint, readCheckpointFile } from './checkpoint.ts';

let db: Db;
const signer = ephemeralSigner();
let checkpoint: Checkpoint;

beforeEach(async () => {
  db = await freshDb();
  for (let i = 0; i < 5; i++) await buildSource(db, { pseudonym: `checkpointed source ${i}` });
  checkpoint = await createCheckpoint(db, signer);
  for (let i = 0; i < 2; i++) await buildSource(db, { pseudonym: `later source ${i}` });
});
afterEach(async () => db.close());

const verifyWith = (c: Checkpoint, trustedKey: string | null = signer.publicKey) =>
  verifyAudit(db, { checkpoints: [{ name: 'kept.json', checkpoint: c }], trustedKey });

describe('audit checkpoints', () => {
  it('sign the head, and hold while the chain only grows', async () => {
    expect(checkpoint).toMatchObject({
      chain_seq: 5,
      format: 'tally-audit-checkpoint/1',
      public_key: signer.publicKey,
    });
    const report = await verifyWith(checkpoint);
    expect(report.checkpoints).toEqual([{ name: 'kept.json', chain_seq: 5, problem: null }]);
    expect(report.intact).toBe(true);
  });

  it('catch the newest entries deleted, back to before the checkpoint', async () => {
    await behindTheAppsBack(db, 'audit_log', 'DELETE FROM audit_log WHERE chain_seq > 3');
    // The chain alone cannot tell: what is left links up perfectly.
    expect((await verifyAuditChain(db)).first_broken).toBeNull();
    const report = await verifyWith(checkpoint);
    expect(report.intact).toBe(false);
    expect(report.checkpoints[0]?.problem).toMatch(
      /chain ends at entry #3, but the checkpoint holds entry #5.*truncated/,
    );
  });

  it('catch an entry edited and every later hash recomputed', async () => {
    await rewriteChainFrom(db, 2, 'forged');
    expect((await verifyAuditChain(db)).first_broken).toBeNull();
    const report = await verifyWith(checkpoint);
    expect(report.intact).toBe(false);
    expect(report.checkpoints[0]?.problem).toMatch(/entry #5 has hash .* rewritten at or before entry #5/);
  });

  it('are refused when a field was altered after signing, or the signature was', async () => {
    await rewriteChainFrom(db, 2, 'forged');
    const [entry] = await db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE chain_seq = 5');
    // Someone who rewrote the chain edits the kept checkpoint to match it.
    const altered = { ...checkpoint, hash: entry?.hash as string };
    expect((await verifyWith(altered)).checkpoints[0]?.problem).toMatch(/signature does not match/);
    const flipped = Buffer.from(checkpoint.signature, 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    const tampered = { ...checkpoint, signature: flipped.toString('base64') };
    expect((await verifyWith(tampered)).checkpoints[0]?.problem).toMatch(/signature does not match/);
  });

  it("are refused when signed by a key that is not the monitor's", async () => {
    const forger = ephemeralSigner();
    const forged = await createCheckpoint(db, forger);
    expect((await verifyWith(forged)).checkpoints[0]?.problem).toMatch(/not this monitor's/);
    // Without a keyring key to compare with, a well-signed checkpoint is checked on its own key.
    expect((await verifyWith(forged, null)).checkpoints[0]?.problem).toBeNull();
  });

  it('cannot be made of a broken chain', async () => {
    await behindTheAppsBack(db, 'audit_log', "UPDATE audit_log SET actor = 'x' WHERE chain_seq = 2");
    await expect(createCheckpoint(db, signer)).rejects.toThrow(/broken at entry #2/);
  });

  it('are read from files, and a file that is not one is refused with what is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-checkpoint-'));
    writeFileSync(join(dir, 'good.json'), JSON.stringify(checkpoint));
    expect(readCheckpointFile(join(dir, 'good.json'))).toEqual(checkpoint);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...checkpoint, chain_seq: 'five' }));
    expect(() => readCheckpointFile(join(dir, 'bad.json'))).toThrow(
      /not a Tally audit checkpoint \(chain_seq/,
    );
    writeFileSync(join(dir, 'torn.json'), '{"format":');
    expect(() => readCheckpointFile(join(dir, 'torn.json'))).toThrow(/cannot be read as JSON/);
  });
});
