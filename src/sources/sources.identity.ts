import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../core/actor.ts';
import { notFound } from '../core/errors.ts';
import type { Keyring } from '../core/keyring.ts';
import type { Db } from '../db/client.ts';
import type { SourceIdentity } from './source.ts';
import { findSourceIdentity, setSourceIdentity } from './sources.repo.ts';

/**
 * Seals a source's real name and contacts. The audit entry records that it
 * changed, never what it says: the audit log is read by more people than the
 * identities are.
 */
export async function sealSourceIdentity(
  db: Db,
  keyring: Keyring,
  actor: Actor,
  sourceId: string,
  identity: SourceIdentity,
): Promise<void> {
  const sealed = keyring.seal(
    JSON.stringify({ real_name: identity.real_name, contact: identity.contact ?? null }),
  );
  await db.transaction(async (tx) => {
    if (!(await setSourceIdentity(tx, sourceId, sealed))) throw notFound('Source', sourceId);
    await recordAudit(tx, actor, { action: 'source.identity_set', entity: 'source', entityId: sourceId });
  });
}

/** Opens a source's identity for an admin; the reading itself is audited. */
export async function revealSourceIdentity(
  db: Db,
  keyring: Keyring,
  actor: Actor,
  sourceId: string,
  reason: string,
): Promise<SourceIdentity | null> {
  const row = await findSourceIdentity(db, sourceId);
  if (!row) throw notFound('Source', sourceId);
  await db.transaction((tx) =>
    recordAudit(tx, actor, { action: 'source.identity_view', entity: 'source', entityId: sourceId, reason }),
  );
  return row.identity_sealed ? (JSON.parse(keyring.open(row.identity_sealed)) as SourceIdentity) : null;
}
