import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountWithRole } from '../../test/app.ts';
import { countRows, post, reportBody } from '../../test/factories.ts';
import { listAuditFor } from '../audit/audit.ts';
import { LocalObjectStore, originalKey } from './store.ts';
import { type EvidenceTestApp, filesUnder, startEvidenceApp } from './test-app.ts';
import { testPhoto } from './test-media.ts';
import { headUpload, patchAndCut, patchUpload, startUpload } from './upload-client.ts';

let t: EvidenceTestApp;
beforeAll(async () => {
  t = await startEvidenceApp(undefined, { analyseOnReceipt: false });
});
afterAll(async () => t.close());

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A JPEG header (so the type check passes) followed by random bytes: every upload unique. */
async function fileOf(size: number): Promise<Buffer> {
  const photo = await testPhoto(size);
  return Buffer.concat([photo, randomBytes(Math.max(0, size - photo.length))]);
}

async function storedBytes(itemId: string): Promise<Buffer> {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/v1/evidence/${itemId}/original?purpose=test`,
  });
  expect(response.statusCode).toBe(200);
  return response.rawPayload;
}

describe('resumable uploads', () => {
  it('resumes after cuts at random offsets and ends with exactly the bytes sent', async () => {
    const file = await fileOf(3 * 1024 * 1024 + 123);
    const { id, status } = await startUpload(t.server, {
      sha256: sha256(file),
      length: file.length,
      filename: 'clip.jpg',
    });
    expect(status).toBe(201);
    let cuts = 0;
    let offset = 0;
    let itemId: string | undefined;
    for (let round = 0; round < 40 && !itemId; round++) {
      const chunk = file.subarray(offset);
      if (round < 6) {
        // Cut somewhere inside what is left, at an arbitrary byte.
        await patchAndCut(t.server, id, offset, chunk, 1 + Math.floor(Math.random() * (chunk.length - 1)));
        cuts++;
        const head = await headUpload(t.server, id);
        expect(head.status).toBe(200);
        expect(head.offset).toBeGreaterThanOrEqual(offset);
        expect(head.offset).toBeLessThan(file.length);
        offset = head.offset!;
      } else {
        const response = await patchUpload(t.server, id, offset, chunk);
        expect(response.status).toBe(204);
        itemId = response.itemId;
      }
    }
    expect(cuts).toBe(6);
    expect(itemId).toBeDefined();
    const stored = await storedBytes(itemId!);
    expect(stored.length).toBe(file.length);
    expect(sha256(stored)).toBe(sha256(file));
    expect(stored.equals(file)).toBe(true);
  });

  it('refuses a chunk re-sent after a lost reply, so no byte is written twice', async () => {
    const file = await fileOf(200_000);
    const { id } = await startUpload(t.server, { sha256: sha256(file), length: file.length });
    const first = file.subarray(0, 80_000);
    expect((await patchUpload(t.server, id, 0, first)).offset).toBe(80_000);
    const again = await patchUpload(t.server, id, 0, first); // the reply to the first was "lost"
    expect(again.status).toBe(409);
    expect(again.offset).toBe(80_000);
    expect((await headUpload(t.server, id)).offset).toBe(80_000);
    const rest = await patchUpload(t.server, id, 80_000, file.subarray(80_000));
    expect(rest.status).toBe(204);
    expect((await storedBytes(rest.itemId!)).equals(file)).toBe(true);
    // Re-sending the last chunk after completion is a conflict too, naming the full length.
    const late = await patchUpload(t.server, id, 80_000, file.subarray(80_000));
    expect([late.status, late.offset]).toEqual([409, file.length]);
  });

  it('rejects a file whose hash differs from the declared one and stores nothing', async () => {
    const file = await fileOf(100_000);
    const wrong = sha256(Buffer.concat([file, Buffer.from('x')]));
    const items = await countRows(t.db, 'evidence_item');
    const objects = await filesUnder(join(t.dataDir, 'evidence', 'objects'));
    const { id } = await startUpload(t.server, { sha256: wrong, length: file.length });
    const response = await patchUpload(t.server, id, 0, file);
    expect(response.status).toBe(422);
    expect(JSON.parse(response.body)).toMatchObject({ declared_sha256: wrong, actual_sha256: sha256(file) });
    expect(await countRows(t.db, 'evidence_item')).toBe(items);
    expect(await countRows(t.db, 'evidence_blob', 'sha256 = $1', [sha256(file)])).toBe(0);
    expect(await filesUnder(join(t.dataDir, 'evidence', 'objects'))).toEqual(objects);
    expect(await filesUnder(join(t.dataDir, 'evidence', 'uploads'))).toEqual([]);
    expect((await headUpload(t.server, id)).status).toBe(410);
    expect((await listAuditFor(t.db, 'evidence_upload', id)).map((a) => a.action)).toEqual([
      'evidence.upload_start',
      'evidence.upload_rejected',
    ]);
  });

  it('keeps one object for the same bytes uploaded twice, with two items and their own provenance', async () => {
    const file = await fileOf(150_000);
    const send = async (filename: string) => {
      const { id } = await startUpload(t.server, { sha256: sha256(file), length: file.length, filename });
      return (await patchUpload(t.server, id, 0, file)).itemId!;
    };
    const first = await send('from-whatsapp.jpg');
    const second = await send('from-telegram.jpg');
    expect(second).not.toBe(first);
    expect(await countRows(t.db, 'evidence_blob', 'sha256 = $1', [sha256(file)])).toBe(1);
    const objects = await filesUnder(join(t.dataDir, 'evidence', 'objects'));
    expect(objects.filter((path) => path.endsWith(sha256(file)))).toHaveLength(1);
    const item = (await t.app.inject({ url: `/api/v1/evidence/${second}` })).json();
    expect(item).toMatchObject({ exact_duplicate_of: first, original_filename: 'from-telegram.jpg' });
    const custody = (await t.app.inject({ url: `/api/v1/evidence/${second}/custody` })).json();
    expect(custody.map((c: { event: string }) => c.event)).toEqual(['received', 'hashed']);
  });

  it('discards a chunk that does not match its Upload-Checksum (460)', async () => {
    const file = await fileOf(60_000);
    const { id } = await startUpload(t.server, { sha256: sha256(file), length: file.length });
    const chunk = file.subarray(0, 30_000);
    const bad = createHash('sha256').update('something else').digest('base64');
    const refused = await patchUpload(t.server, id, 0, chunk, { checksum: bad });
    expect([refused.status, refused.offset]).toEqual([460, 0]);
    const good = createHash('sha256').update(chunk).digest('base64');
    expect((await patchUpload(t.server, id, 0, chunk, { checksum: good })).offset).toBe(30_000);
    const done = await patchUpload(t.server, id, 30_000, file.subarray(30_000));
    expect((await storedBytes(done.itemId!)).equals(file)).toBe(true);
  });

  it('resumes after the server restarts, rebuilding the running hash from disk', async () => {
    const file = await fileOf(500_000);
    const { id } = await startUpload(t.server, { sha256: sha256(file), length: file.length });
    await patchUpload(t.server, id, 0, file.subarray(0, 210_000));
    const uploader = t.server.token;
    await t.close({ keepData: true });
    t = await startEvidenceApp({ db: t.db, dataDir: t.dataDir }, { analyseOnReceipt: false });
    // The same account resumes (the restarted app signs its own requests in as a new admin).
    const resuming = { url: t.url, token: uploader };
    const head = await headUpload(resuming, id);
    expect(head.offset).toBe(210_000);
    const done = await patchUpload(resuming, id, 210_000, file.subarray(210_000));
    expect(done.status).toBe(204);
    const store = new LocalObjectStore(join(t.dataDir, 'evidence', 'objects'));
    expect((await readFile(store.pathOf(originalKey(sha256(file))))).equals(file)).toBe(true);
  });

  it('refuses a file that is not media by its content, whatever its name', async () => {
    const file = Buffer.from('<html><script>alert(1)</script></html>'.repeat(50));
    const { id } = await startUpload(t.server, {
      sha256: sha256(file),
      length: file.length,
      filename: 'clip.mp4',
    });
    const response = await patchUpload(t.server, id, 0, file);
    expect(response.status).toBe(422);
    expect(await countRows(t.db, 'evidence_blob', 'sha256 = $1', [sha256(file)])).toBe(0);
  });

  it("lets a reporter send footage but not touch another reporter's upload, nor read originals", async () => {
    const file = await fileOf(40_000);
    const alice = { url: t.url, token: (await accountWithRole(t.db, 'reporter')).token };
    const bob = { url: t.url, token: (await accountWithRole(t.db, 'reporter')).token };
    const { id, status } = await startUpload(alice, { sha256: sha256(file), length: file.length });
    expect(status).toBe(201);
    expect((await patchUpload(bob, id, 0, file)).status).toBe(404);
    expect((await headUpload(bob, id)).status).toBe(404);
    const done = await patchUpload(alice, id, 0, file);
    expect(done.status).toBe(204);
    const original = await t.app.inject({
      url: `/api/v1/evidence/${done.itemId}/original`,
      headers: { authorization: `Bearer ${alice.token}` },
    });
    expect(original.statusCode).toBe(403);
  });

  it('treats creating the same upload id again as a retry, and a changed one as a conflict', async () => {
    const declaration = { id: randomUUID(), sha256: 'a'.repeat(64), length: 10 };
    expect((await startUpload(t.server, declaration)).status).toBe(201);
    expect((await startUpload(t.server, declaration)).status).toBe(200);
    expect((await startUpload(t.server, { ...declaration, length: 11 })).status).toBe(409);
    expect((await startUpload(t.server, { ...declaration, report_id: randomUUID() })).status).toBe(422);
  });
});

describe('an upload belongs to its uploader', () => {
  const account = async (role: 'reporter' | 'analyst') => ({
    url: t.url,
    token: (await accountWithRole(t.db, role)).token,
  });

  it("lets no one else, not even an analyst, send bytes into a reporter's unfinished upload", async () => {
    const file = await fileOf(50_000);
    const [alice, analyst] = [await account('reporter'), await account('analyst')];
    const { id } = await startUpload(alice, { sha256: sha256(file), length: file.length });
    expect((await patchUpload(alice, id, 0, file.subarray(0, 20_000))).offset).toBe(20_000);
    const patched = await patchUpload(analyst, id, 20_000, file.subarray(20_000));
    expect(patched.status).toBe(403);
    expect(JSON.parse(patched.body).message).toMatch(/only that account may send its bytes/);
    expect((await headUpload(analyst, id)).status).toBe(403);
    // The analyst still reads its state, and not a byte of theirs landed.
    const state = await t.app.inject({
      url: `/api/v1/evidence/uploads/${id}`,
      headers: { authorization: `Bearer ${analyst.token}` },
    });
    expect([state.statusCode, state.json().offset]).toEqual([200, 20_000]);
    const done = await patchUpload(alice, id, 20_000, file.subarray(20_000));
    expect(done.status).toBe(204);
    expect((await storedBytes(done.itemId!)).equals(file)).toBe(true);
  });

  it("does not let another account's HEAD cut off the uploader's running PATCH", async () => {
    const file = await fileOf(60_000);
    const [alice, bob, analyst] = [
      await account('reporter'),
      await account('reporter'),
      await account('analyst'),
    ];
    const { id } = await startUpload(alice, { sha256: sha256(file), length: file.length });
    const body = new PassThrough();
    const running = patchUpload(alice, id, 0, body, { length: file.length });
    body.write(file.subarray(0, 30_000));
    for (let i = 0; i < 200 && (await t.evidence.staging.offset(id)) < 30_000; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await headUpload(bob, id)).status).toBe(404);
    expect((await headUpload(analyst, id)).status).toBe(403);
    body.end(file.subarray(30_000));
    const done = await running;
    expect(done.status).toBe(204);
    expect((await storedBytes(done.itemId!)).equals(file)).toBe(true);
  });

  it("answers another account's upload id with one 409 that tells nothing of that upload", async () => {
    const [alice, bob] = [await account('reporter'), await account('reporter')];
    const declaration = { id: randomUUID(), sha256: 'b'.repeat(64), length: 10 };
    expect((await startUpload(alice, declaration)).status).toBe(201);
    const same = await startUpload(bob, declaration);
    const other = await startUpload(bob, { ...declaration, length: 11 });
    expect([same.status, other.status]).toEqual([409, 409]);
    expect(JSON.parse(same.body).error).toBe('id_conflict');
    expect(other.body).toBe(same.body);
  });

  it('lets a reporter attach an upload only to a report they submitted; analysts to any', async () => {
    const [alice, bob, analyst] = [
      await account('reporter'),
      await account('reporter'),
      await account('analyst'),
    ];
    const source = await post(t.app, '/api/v1/sources', {
      kind: 'medic',
      pseudonym: `Medic ${randomUUID()}`,
    });
    const report = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: { authorization: `Bearer ${alice.token}` },
      payload: reportBody(source.body.id),
    });
    expect(report.statusCode).toBe(201);
    const attach = (who: typeof alice, reportId: string) =>
      startUpload(who, { sha256: 'c'.repeat(64), length: 10, report_id: reportId });

    const theirs = await attach(bob, report.json().id);
    const missingId = randomUUID();
    const missing = await attach(bob, missingId);
    expect([theirs.status, missing.status]).toEqual([422, 422]);
    // Word for word what an id no one used gets: the answer does not confirm the report exists.
    expect(theirs.body.replaceAll(report.json().id, missingId)).toBe(missing.body);
    expect(
      await countRows(t.db, 'evidence_upload', "provenance->>'report_id' = $1", [report.json().id]),
    ).toBe(0);

    expect((await attach(alice, report.json().id)).status).toBe(201);
    expect((await attach(analyst, report.json().id)).status).toBe(201);
  });
});
