import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../core/actor.ts';
import { notFound, TallyError } from '../core/errors.ts';
import { type Created, newId } from '../core/ids.ts';
import { decodeCursor, type Page, takePage } from '../core/paging.ts';
import type { Db } from '../db/client.ts';
import { toRecordInsert } from './records.ts';
import type { NewVictimRecord, Person, VictimRecord, VictimRecordQuery } from './victim.ts';
import { presentMembership, presentRecord } from './victims.present.ts';
import {
  closeMemberships,
  createSingletonPersons,
  findOrCreateList,
  findPerson,
  findRecord,
  insertPersons,
  insertRecords,
  listPersons,
  listRecords,
  membershipHistory,
  openMemberships,
  recordsOfPersons,
} from './victims.repo.ts';

/**
 * Victim records and persons. A new record starts as a person of its own; linkage, merges and
 * splits move records between persons by closing one membership and opening another, each
 * with its audit entry in the same transaction, so any grouping can be read back and undone.
 */
export async function createVictimRecord(
  db: Db,
  actor: Actor,
  input: NewVictimRecord,
): Promise<Created<VictimRecord>> {
  return db.transaction(async (tx) => {
    const listId = await findOrCreateList(tx, newId(), input.list);
    const row = toRecordInsert(input, listId);
    const inserted = await insertRecords(tx, [row]);
    if (inserted.length === 0) {
      const stored = await findRecord(tx, row.id);
      if (stored) return { created: false, value: presentRecord(stored) };
      throw new TallyError(
        'conflict',
        `List "${input.list}" already has a record with list_row ${row.list_row}`,
      );
    }
    const person = newId();
    await createSingletonPersons(tx, [{ record: row.id, person }], actor.id, 'new record');
    const value = presentRecord((await findRecord(tx, row.id))!);
    await recordAudit(tx, actor, {
      action: 'victim_record.create',
      entity: 'victim_record',
      entityId: row.id,
      after: value,
    });
    return { created: true, value };
  });
}

export async function getVictimRecord(db: Db, id: string): Promise<VictimRecord> {
  const row = await findRecord(db, id);
  if (!row) throw notFound('Victim record', id);
  return presentRecord(row);
}

export async function pageVictimRecords(db: Db, query: VictimRecordQuery): Promise<Page<VictimRecord>> {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows = await listRecords(db, {
    after,
    limit: query.limit,
    list: query.list,
    name: query.q,
    diedFrom: query.died_from,
    diedTo: query.died_to,
  });
  const page = takePage(rows, query.limit, (row) => ({ key: row.created_at.toISOString(), id: row.id }));
  return { items: page.rows.map(presentRecord), next_cursor: page.next_cursor };
}

export async function getPerson(db: Db, id: string): Promise<Person> {
  const person = await findPerson(db, id);
  if (!person) throw notFound('Person', id);
  const records = (await recordsOfPersons(db, [id])).map(presentRecord);
  const history = (await membershipHistory(db, id)).map(presentMembership);
  return {
    id: person.id,
    created_at: person.created_at.toISOString(),
    records,
    history,
    lists: [...new Set(records.map((r) => r.list))].sort(),
    fully_identified: records.some((r) => r.fully_identified),
  };
}

export async function pagePersons(
  db: Db,
  query: { cursor?: string | undefined; limit: number },
): Promise<Page<Person>> {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows = await listPersons(db, { after, limit: query.limit });
  const page = takePage(rows, query.limit, (row) => ({ key: row.created_at.toISOString(), id: row.id }));
  const items = await Promise.all(page.rows.map((row) => getPerson(db, row.id)));
  return { items, next_cursor: page.next_cursor };
}

/** Moves every record of `from` into `into`. Reversible: a split moves them back out. */
export async function mergePersons(
  db: Db,
  actor: Actor,
  input: { into: string; from: string[]; reason: string },
): Promise<Person> {
  if (input.from.includes(input.into))
    throw new TallyError('validation_failed', 'a person cannot be merged into itself');
  await db.transaction(async (tx) => {
    for (const id of [input.into, ...input.from])
      if (!(await findPerson(tx, id))) throw notFound('Person', id);
    const moving = (await recordsOfPersons(tx, input.from)).map((r) => r.id);
    if (moving.length === 0) throw new TallyError('unprocessable', 'the persons to merge hold no records');
    await closeMemberships(tx, moving, actor.id, `merged into ${input.into}: ${input.reason}`);
    await openMemberships(
      tx,
      moving.map((record) => ({ record, person: input.into })),
      actor.id,
      `merge: ${input.reason}`,
      null,
    );
    await recordAudit(tx, actor, {
      action: 'person.merge',
      entity: 'person',
      entityId: input.into,
      before: { persons: [input.into, ...input.from] },
      after: { person: input.into, records_moved: moving },
      reason: input.reason,
    });
  });
  return getPerson(db, input.into);
}

/** Takes records out of their persons into one new person. */
export async function splitRecords(
  db: Db,
  actor: Actor,
  input: { records: string[]; reason: string },
): Promise<Person> {
  const person = newId();
  await db.transaction(async (tx) => {
    const before: Record<string, string | null> = {};
    for (const id of input.records) {
      const row = await findRecord(tx, id);
      if (!row) throw notFound('Victim record', id);
      before[id] = row.person_id;
    }
    await closeMemberships(tx, input.records, actor.id, `split: ${input.reason}`);
    await insertPersons(tx, [person]);
    await openMemberships(
      tx,
      input.records.map((record) => ({ record, person })),
      actor.id,
      `split: ${input.reason}`,
      null,
    );
    await recordAudit(tx, actor, {
      action: 'person.split',
      entity: 'person',
      entityId: person,
      before: { persons_of_records: before },
      after: { person, records: input.records },
      reason: input.reason,
    });
  });
  return getPerson(db, person);
}
