import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../core/actor.ts';
import { TallyError } from '../core/errors.ts';
import { addKeyToKeyringFile, type Keyring, loadKeyring } from '../core/keyring.ts';
import type { Db } from '../db/client.ts';

/** Every column that holds sealed values: rotation re-seals them all. */
const sealedColumns = [
  { table: 'source', column: 'identity_sealed', key: 'id' },
  { table: 'app_user', column: 'totp_secret_sealed', key: 'id' },
] as const;

/**
 * Adds a new key to the keyring file, makes it active, and re-seals every
 * sealed value with it in one transaction. Old keys stay in the file until an
 * admin removes them, so a backup taken before the rotation still opens.
 */
export async function rotateKeys(
  db: Db,
  actor: Actor,
  keyringPath: string,
): Promise<{ key: string; resealed: number }> {
  if (process.env.TALLY_KEYRING) {
    throw new TallyError(
      'validation_failed',
      'Keys come from TALLY_KEYRING: add a key there and make it active, then run this again with a key file',
    );
  }
  const key = addKeyToKeyringFile(keyringPath);
  const keyring = loadKeyring(keyringPath);
  const resealed = await db.transaction(async (tx) => {
    let count = 0;
    for (const { table, column, key: idColumn } of sealedColumns) {
      const rows = await tx.query<{ id: string; sealed: string }>(
        `SELECT ${idColumn} AS id, ${column} AS sealed FROM ${table} WHERE ${column} IS NOT NULL FOR UPDATE`,
      );
      for (const row of rows) {
        await tx.query(`UPDATE ${table} SET ${column} = $2 WHERE ${idColumn} = $1`, [
          row.id,
          reseal(keyring, row.sealed),
        ]);
        count += 1;
      }
    }
    await recordAudit(tx, actor, {
      action: 'keys.rotate',
      entity: 'keyring',
      entityId: key,
      after: { resealed: count },
    });
    return count;
  });
  return { key, resealed };
}

const reseal = (keyring: Keyring, sealed: string) => keyring.seal(keyring.open(sealed));
