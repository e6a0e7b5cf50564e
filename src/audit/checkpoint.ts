import { createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { canonicalJson } from '../core/canonical-json.ts';
import { TallyError } from '../core/errors.ts';
import type { Signer } from '../core/keyring.ts';
import type { Queryable } from '../db/client.ts';
import { findAuditHead, findChainEntry } from './audit.repo.ts';
import { verifyAuditChain } from './audit.verify.ts';

/**
 * A signed statement "the audit chain's entry #chain_seq had hash `hash` at `at`". Kept outside
 * the database (another machine, a partner, print), it catches what the chain alone cannot: the
 * newest entries deleted, or an entry edited and every later hash recomputed.
 */
export const CHECKPOINT_FORMAT = 'tally-audit-checkpoint/1';
export const zCheckpoint = z
  .object({
    format: z.literal(CHECKPOINT_FORMAT),
    chain_seq: z.int().min(1),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    at: z.iso.datetime({ offset: true }),
    public_key: z.string().min(1).describe('base64 DER (SPKI) Ed25519 key that made the signature'),
    signature: z
      .string()
      .min(1)
      .describe('base64 Ed25519 signature of the canonical JSON of the other fields'),
  })
  .strict();
export type Checkpoint = z.infer<typeof zCheckpoint>;

const signedBytes = (checkpoint: Omit<Checkpoint, 'signature'>) => {
  const { signature: _signature, ...fields } = checkpoint as Checkpoint;
  return Buffer.from(canonicalJson(fields), 'utf8');
};

/**
 * Signs the current head. Refuses a chain that is already broken, since signing it would
 * vouch for the damage.
 */
export async function createCheckpoint(db: Queryable, signer: Signer, now = new Date()): Promise<Checkpoint> {
  const chain = await verifyAuditChain(db);
  if (chain.first_broken)
    throw new TallyError(
      'conflict',
      `The audit chain is broken at entry #${chain.first_broken.chain_seq ?? '?'} (${chain.first_broken.problem}); run \`tally audit verify\` and resolve that before signing a checkpoint`,
    );
  const head = await findAuditHead(db);
  if (!head) throw new TallyError('conflict', 'The audit log is empty: there is nothing to checkpoint yet');
  const unsigned = {
    format: CHECKPOINT_FORMAT,
    chain_seq: head.chain_seq,
    hash: head.hash,
    at: now.toISOString(),
    public_key: signer.publicKey,
  } as const;
  return { ...unsigned, signature: signer.sign(signedBytes(unsigned)) };
}

/** Reads a checkpoint file; a file that is not one is refused with what is wrong with it. */
export function readCheckpointFile(path: string): Checkpoint {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TallyError(
      'validation_failed',
      `Checkpoint ${path} cannot be read as JSON: ${(error as Error).message}`,
    );
  }
  const parsed = zCheckpoint.safeParse(data);
  if (!parsed.success)
    throw new TallyError(
      'validation_failed',
      `${path} is not a Tally audit checkpoint (${parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ')})`,
    );
  return parsed.data;
}

/** Whether the signature is the public key's over the other fields; a malformed key or signature is simply not valid. */
export function signatureIsValid(checkpoint: Checkpoint): boolean {
  try {
    const key = createPublicKey({
      key: Buffer.from(checkpoint.public_key, 'base64'),
      format: 'der',
      type: 'spki',
    });
    return verify(null, signedBytes(checkpoint), key, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * What is wrong between a checkpoint and the chain, or null when the chain still holds the
 * checkpointed entry. `trustedKey` is this monitor's own public key when its keyring has one:
 * a checkpoint signed by any other key could have been made by whoever rewrote the chain.
 */
export async function checkpointProblem(
  db: Queryable,
  checkpoint: Checkpoint,
  trustedKey: string | null,
): Promise<string | null> {
  if (!signatureIsValid(checkpoint))
    return 'its signature does not match its content: the file was altered or damaged, so it proves nothing';
  if (trustedKey && checkpoint.public_key !== trustedKey)
    return "it was signed by a key that is not this monitor's (the keyring's signing key differs)";
  const entry = await findChainEntry(db, checkpoint.chain_seq);
  if (!entry) {
    const head = await findAuditHead(db);
    return `the chain ends at entry #${head?.chain_seq ?? 0}, but the checkpoint holds entry #${checkpoint.chain_seq}: entries up to #${checkpoint.chain_seq} were deleted (truncated)`;
  }
  if (entry.hash !== checkpoint.hash)
    return `entry #${checkpoint.chain_seq} has hash ${entry.hash}, but the checkpoint recorded ${checkpoint.hash}: the chain was rewritten at or before entry #${checkpoint.chain_seq}`;
  return null;
}
