import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb } from '../../test/db.ts';
import { cliActor } from '../core/actor.ts';
import { TallyError } from '../core/errors.ts';
import type { Db } from '../db/client.ts';
import { writeVictimCsv } from './linkage/eval/syria-benchmark.ts';
import { generateVictimLists } from './linkage/eval/syria-generator.ts';
import { requestLinkRun, runLinkage } from './linkage.service.ts';
import { decideReview, pageReviews } from './review.service.ts';
import { importVictimFile } from './victims.import.ts';
import {
  createVictimRecord,
  getPerson,
  getVictimRecord,
  mergePersons,
  pageVictimRecords,
  splitRecords,
} from './victims.service.ts';

let db: Db;
let dir: string;
beforeAll(async () => {
  db = await freshDb();
  dir = await mkdtemp(join(tmpdir(), 'tally-victims-'));
});
afterAll(async () => {
  await db.close();
});

const header = 'id,name,sex,age,date_of_death,place,governorate,cause';

describe('victims import', () => {
  it('reads the date formats lists use and reports every bad row, storing nothing', async () => {
    const path = join(dir, 'bad.csv');
    await writeFile(
      path,
      [
        header,
        '1,محمد عبد الرحمن الحمود,m,34,2012/12/29,الخالدية,حمص,قصف',
        '2,Ahmad al-Ali,m,about 30,29-12-2012,,Homs,',
        '3,Khaled Omar,m,300,2012-12-29,,Homs,',
        '4,Omar Hassan,,,2012-13-40,,Homs,',
      ].join('\n'),
    );
    const error = await importVictimFile(db, cliActor, path, { list: 'BAD' }).catch((e) => e);
    expect(error).toBeInstanceOf(TallyError);
    expect((error as TallyError).fields.map((f) => f.field)).toEqual(['row 3: age', 'row 4: date_of_death']);
    expect((await pageVictimRecords(db, { limit: 10, list: 'BAD' })).items).toHaveLength(0);

    const summary = await importVictimFile(db, cliActor, path, { list: 'BAD', skipBad: true });
    expect(summary).toMatchObject({ read: 4, imported: 2, rejected: 2 });
    const rejected = (await readFile(summary.rejects_file!, 'utf8')).trim().split('\n');
    expect(rejected).toHaveLength(2);
    const stored = (await pageVictimRecords(db, { limit: 10, list: 'BAD' })).items;
    expect(stored.map((r) => r.date_of_death.start).sort()).toEqual(['2012-12-29', '2012-12-29']);
    const arabic = stored.find((r) => r.list_row === '1')!;
    expect(arabic).toMatchObject({
      given_name: 'محمد',
      father_name: 'عبد الرحمن',
      family_name: 'الحمود',
      sex: 'male',
    });
    expect(arabic.name_ar).toBe('محمد عبد الرحمن الحمود');
    expect(stored.find((r) => r.list_row === '2')!.age).toMatchObject({ min: 30, precision: 'estimated' });
  });

  it('names rows whose text PostgreSQL cannot hold (NUL, a lone surrogate), storing nothing', async () => {
    const path = join(dir, 'unstorable.jsonl');
    const row = (name: string) => JSON.stringify({ name, date_of_death: '2013-01-02', governorate: 'Homs' });
    // JSON.stringify writes a lone surrogate as the escape \ud800, which is how such a list arrives.
    await writeFile(
      path,
      [row('Ahmad al-Ali'), row('Omar\u0000Hassan'), row('Khaled \ud800Omar')].join('\n'),
    );
    const error = await importVictimFile(db, cliActor, path, { list: 'UNSTORABLE' }).catch((e) => e);
    expect(error).toBeInstanceOf(TallyError);
    expect((error as TallyError).fields.map((f) => f.field)).toEqual(['row 2: name', 'row 3: name']);
    expect((error as TallyError).fields[1]?.message).toMatch(/unpaired UTF-16 surrogate/);
    expect((await pageVictimRecords(db, { limit: 10, list: 'UNSTORABLE' })).items).toHaveLength(0);
  });

  it('maps columns and reads JSONL; "0000-00-00" is an unknown date', async () => {
    const path = join(dir, 'list.jsonl');
    await writeFile(
      path,
      `${JSON.stringify({ الاسم: 'Omar Khalil', date_of_death: '0000-00-00', governorate: 'Idlib' })}\n`,
    );
    const summary = await importVictimFile(db, cliActor, path, { list: 'JSONL', map: { الاسم: 'name' } });
    expect(summary.imported).toBe(1);
    const [record] = (await pageVictimRecords(db, { limit: 5, list: 'JSONL' })).items;
    expect(record!.name).toBe('Omar Khalil');
    expect(record!.date_of_death.start).toBeNull();
    expect(record!.fully_identified).toBe(false);
  });

  it('reads a list as monitors export it: Arabic or English headers, "Adult - Male", "Non-Civilian"', async () => {
    const path = join(dir, 'export.csv');
    await writeFile(
      path,
      [
        'الرقم,الاسم,الجنس,الصفة,المحافظة,مكان الاستشهاد,تاريخ الاستشهاد,سبب الاستشهاد,Photo',
        '17,محمد خالد الأحمد,Adult - Male,Non-Civilian,حمص,الخالدية,2012-12-29,قصف,x.jpg',
        '18,فاطمة علي,Child - Female,مدني,Aleppo,Aazaz,30/12/2012,Warplane shelling,',
      ].join('\n'),
    );
    const summary = await importVictimFile(db, cliActor, path, { list: 'EXPORT' });
    expect(summary).toMatchObject({ read: 2, imported: 2, rejected: 0, ignored_columns: ['Photo'] });
    const stored = (await pageVictimRecords(db, { limit: 5, list: 'EXPORT' })).items;
    const man = stored.find((r) => r.list_row === '17')!;
    expect(man).toMatchObject({ name: 'محمد خالد الأحمد', sex: 'male', status: 'combatant', cause: 'قصف' });
    expect(man.place).toMatchObject({ text: 'الخالدية', governorate: 'حمص' });
    expect(man.date_of_death.start).toBe('2012-12-29');
    const girl = stored.find((r) => r.list_row === '18')!;
    expect(girl).toMatchObject({ sex: 'female', status: 'civilian' });
    expect(girl.age).toMatchObject({ text: 'child', max: 17 });
    expect(girl.date_of_death.start).toBe('2012-12-30');
  });
});

describe('persons', () => {
  it('keeps the history of merges and splits, and never edits a record', async () => {
    const a = (
      await createVictimRecord(db, cliActor, {
        list: 'P1',
        name: 'Ali Hassan',
        date_of_death: '2013-01-02',
        place: 'Douma',
        status: 'unknown',
      })
    ).value;
    const b = (
      await createVictimRecord(db, cliActor, {
        list: 'P2',
        name: 'علي حسن',
        date_of_death: '2013-01-02',
        governorate: 'ريف دمشق',
        status: 'civilian',
      })
    ).value;
    expect(a.fully_identified).toBe(true);
    expect(a.person_id).not.toBe(b.person_id);
    const merged = await mergePersons(db, cliActor, {
      into: a.person_id!,
      from: [b.person_id!],
      reason: 'same man',
    });
    expect(merged.records.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect(merged.lists).toEqual(['P1', 'P2']);
    const split = await splitRecords(db, cliActor, { records: [b.id], reason: 'brothers after all' });
    expect(split.records.map((r) => r.id)).toEqual([b.id]);
    const history = (await getPerson(db, a.person_id!)).history.filter((m) => m.victim_record_id === b.id);
    expect(history.map((m) => m.valid_to === null)).toEqual([false, false, true]);
    await expect(db.query(`UPDATE victim_record SET name_text = 'x' WHERE id = $1`, [a.id])).rejects.toThrow(
      /append-only/,
    );
    expect((await getVictimRecord(db, b.id)).person_id).toBe(split.id);
  });
});

describe('linkage job', () => {
  it('links records into persons, queues uncertain pairs and obeys decisions on the next run', async () => {
    const rows = [
      ['1', 'Mohammed Abd al-Rahman al-Qabbani', 'm', '', '2014-03-02', 'Khalidiya', 'Homs'],
      ['2', 'Ahmad Abd al-Rahman al-Qabbani', 'm', '', '2014-03-02', 'Khalidiya', 'Homs'],
      ['3', 'Yasser Khaled al-Zoubi', 'm', '40', '2013-05-05', 'Daraa', 'Daraa'],
      ['4', 'Fatima Omar al-Masri', 'f', '22', '2012-08-09', 'Douma', 'Rif Dimashq'],
    ];
    const other = [
      ['a', 'محمد عبد الرحمن القباني', 'm', '', '2014-03-03', '', 'حمص'],
      ['b', 'Muhammad Abdulrahman Qabbani', '', '', '2014-03-02', 'Homs', 'Homs'],
      ['c', 'أحمد عبد الرحمن القباني', 'm', '', '2014-03-02', 'الخالدية', 'حمص'],
      ['d', 'Yaser Khalid Zoubi', 'm', '41', '2013-05-05', '', 'Daraa'],
    ];
    const write = async (name: string, data: string[][]) => {
      const path = join(dir, name);
      await writeFile(
        path,
        ['id,name,sex,age,date_of_death,place,governorate', ...data.map((r) => r.join(','))].join('\n'),
      );
      return path;
    };
    // Other lists around them, so the model has data to learn from.
    const background = generateVictimLists({ records: 800, seed: 7 });
    const backgroundPath = join(dir, 'background.csv');
    await writeVictimCsv(background, backgroundPath, false);
    await importVictimFile(db, cliActor, backgroundPath, { list: 'SYN' });
    await importVictimFile(db, cliActor, await write('l1.csv', rows), { list: 'L1' });
    await importVictimFile(db, cliActor, await write('l2.csv', other), { list: 'L2' });
    const run = await requestLinkRun(db, cliActor, {
      threshold: 0.5,
      review_below: 0.001,
      review_above: 0.999,
    });
    const done = await runLinkage(db, run.id);
    expect(done.status).toBe('done');
    const byRow = async (list: string, row: string) =>
      (await pageVictimRecords(db, { limit: 500, list })).items.find((r) => r.list_row === row)!;
    const mohammed = await byRow('L1', '1');
    const ahmad = await byRow('L1', '2');
    expect((await byRow('L2', 'a')).person_id).toBe(mohammed.person_id);
    expect((await byRow('L2', 'b')).person_id).toBe(mohammed.person_id);
    expect((await byRow('L2', 'c')).person_id).toBe(ahmad.person_id);
    expect(ahmad.person_id).not.toBe(mohammed.person_id);
    expect((await byRow('L2', 'd')).person_id).toBe((await byRow('L1', '3')).person_id);

    // A person rejects the Mohammed pair across scripts; the next run keeps them apart.
    const arabic = await byRow('L2', 'a');
    const pending = (await pageReviews(db, { status: 'pending', limit: 500 })).items;
    const pair = pending.find(
      (p) => [p.record_a, p.record_b].sort().join() === [mohammed.id, arabic.id].sort().join(),
    );
    let reviewId = pair?.id;
    if (!reviewId) {
      const [a, b] = [mohammed.id, arabic.id].sort();
      reviewId = (
        await db.query<{ id: string }>(
          `INSERT INTO link_review (id, record_a, record_b, match_probability) VALUES (gen_random_uuid(), $1, $2, 0.99) RETURNING id`,
          [a, b],
        )
      )[0]!.id;
    }
    await decideReview(db, cliActor, reviewId, { decision: 'reject', reason: 'different mothers named' });
    expect((await byRow('L2', 'a')).person_id).not.toBe((await byRow('L1', '1')).person_id);
    const again = await requestLinkRun(db, cliActor, {
      threshold: 0.5,
      review_below: 0.05,
      review_above: 0.95,
    });
    await runLinkage(db, again.id);
    expect((await byRow('L2', 'a')).person_id).not.toBe((await byRow('L1', '1')).person_id);
    expect((await byRow('L2', 'b')).person_id).toBe((await byRow('L1', '1')).person_id);
  });
});
