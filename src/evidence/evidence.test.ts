import { createHash } from 'node:crypto';
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import exifr from 'exifr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, reportBody } from '../../test/factories.ts';
import type { CliContext } from '../cli/context.ts';
import { loadConfig } from '../core/config.ts';
import { registerEvidenceCommands } from './evidence.cli.ts';
import { settle } from './evidence.runtime.ts';
import { LocalObjectStore, originalKey } from './store.ts';
import { type EvidenceTestApp, startEvidenceApp } from './test-app.ts';
import { testPhoto, withExifGps } from './test-media.ts';
import { patchUpload, startUpload } from './upload-client.ts';
import { evidenceSummaryForIncidents } from './verification.service.ts';

let t: EvidenceTestApp;
beforeAll(async () => {
  t = await startEvidenceApp();
});
afterAll(async () => t.close());

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function upload(file: Buffer, extra: Record<string, unknown> = {}): Promise<string> {
  const { id } = await startUpload(t.server, { sha256: sha256(file), length: file.length, ...extra });
  const response = await patchUpload(t.server, id, 0, file);
  expect(response.status).toBe(204);
  await settle(t.evidence); // metadata and perceptual hashes run after the reply
  return response.itemId!;
}

const getItem = async (id: string) => (await t.app.inject({ url: `/api/v1/evidence/${id}` })).json();

/** Runs `tally evidence <args>` against the test database and data directory. */
async function cli(...args: string[]): Promise<{ out: string; exitCode: number }> {
  let out = '';
  const program = new Command('tally').exitOverride();
  const ctx: CliContext = {
    config: () => loadConfig({ dataDir: t.dataDir }),
    command: () => 'evidence',
    openDb: async () => t.db,
    withDb: (work) => work(t.db),
    json: () => false,
    print: (_data, human) => {
      out += `${human()}\n`;
    },
    status: () => {},
  };
  registerEvidenceCommands(program, ctx);
  const before = process.exitCode;
  await program.parseAsync(['node', 'tally', 'evidence', ...args]);
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = before;
  return { out, exitCode };
}

describe('photos as evidence', () => {
  let original: Buffer;
  let originalId: string;

  beforeAll(async () => {
    original = withExifGps(await testPhoto(101));
    originalId = await upload(original, {
      filename: 'IMG_0042.jpg',
      captured_at: '2012-12-29T14:00:00+02:00',
      place_text: 'Daraya',
    });
  });

  it('keeps declared provenance apart from what the file says', async () => {
    const item = await getItem(originalId);
    expect(item.declared).toMatchObject({ place_text: 'Daraya', captured_at: '2012-12-29T12:00:00.000Z' });
    expect(item.file_metadata).toMatchObject({
      lat: 33.5138,
      lon: 36.2765,
      make: 'TestMake',
      serial: 'SN-0042-SECRET',
    });
    expect(item.file_metadata.captured_at).toBe('2012:12:29 14:05:00');
    expect(item.analysis_status).toBe('done');
  });

  it('flags a re-encoded, resized copy as a near-duplicate, and not an unrelated photo', async () => {
    const copy = await sharp(original).resize(520).jpeg({ quality: 60 }).toBuffer();
    expect(sha256(copy)).not.toBe(sha256(original));
    const copyId = await upload(copy, { filename: 'forwarded.jpg' });
    const unrelatedId = await upload(await testPhoto(202));

    const flagged = await getItem(copyId);
    expect(flagged.near_duplicates.map((d: { item_id: string }) => d.item_id)).toEqual([originalId]);
    expect(flagged.near_duplicates[0].distance).toBeLessThanOrEqual(10);
    expect((await getItem(originalId)).near_duplicates.map((d: { item_id: string }) => d.item_id)).toContain(
      copyId,
    );
    expect((await getItem(unrelatedId)).near_duplicates).toEqual([]);
  });

  it('makes a public copy with no GPS, device or serial, leaving the original untouched', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/evidence/${originalId}/derivatives`,
      payload: { kind: 'public' },
    });
    expect(response.statusCode).toBe(201);
    const derivative = response.json();
    expect(derivative).toMatchObject({ parent_sha256: sha256(original), kind: 'public', tool: 'sharp' });
    const content = await t.app.inject({
      url: `/api/v1/evidence/${originalId}/derivatives/${derivative.id}/content`,
    });
    const publicCopy = content.rawPayload;
    expect(sha256(publicCopy)).toBe(derivative.sha256);
    expect(await exifr.gps(publicCopy)).toBeUndefined();
    const tags = (await exifr.parse(publicCopy, { tiff: true, exif: true, gps: true, xmp: true })) ?? {};
    expect(JSON.stringify(tags)).not.toMatch(/SN-0042|TestMake|latitude/);
    // The original still has its GPS, byte for byte.
    const stored = await t.app.inject({ url: `/api/v1/evidence/${originalId}/original?purpose=check` });
    expect(sha256(stored.rawPayload)).toBe(sha256(original));
    expect((await exifr.gps(stored.rawPayload))?.latitude).toBeCloseTo(33.5138, 3);
    const events = (await t.app.inject({ url: `/api/v1/evidence/${originalId}/custody` })).json();
    expect(events.map((e: { event: string }) => e.event)).toEqual([
      'received',
      'hashed',
      'analysed',
      'derived',
      'viewed',
    ]);
  });

  it('records checks and status changes, and summarises linked evidence for incident grading', async () => {
    const incident = await post(t.app, '/api/v1/incidents', {
      date_start: '2012-12-29',
      place_text: 'Daraya',
      counts: [{ outcome: 'killed', victim_group: 'men', low: 9, best: 9, high: 9, rule: 'analyst' }],
    });
    expect(incident.status).toBe(201);
    const link = await post(t.app, `/api/v1/evidence/${originalId}/links`, { incident_id: incident.body.id });
    expect(link.status).toBe(201);
    const status = (body: unknown) => post(t.app, `/api/v1/evidence/${originalId}/status`, body);
    expect((await status({ status: 'verified', reviewer: 'Rana', notes: 'looks right' })).status).toBe(409);
    expect((await status({ status: 'in_review', reviewer: 'Rana', notes: '' })).status).toBe(400);
    expect((await status({ status: 'in_review', reviewer: 'Rana', notes: 'geolocating' })).status).toBe(200);
    const check = await post(t.app, `/api/v1/evidence/${originalId}/checks`, {
      kind: 'geolocation',
      method: 'Skyline and minaret matched against satellite imagery of Daraya',
      result: 'supports',
      reviewer: 'Rana',
    });
    expect(check.status).toBe(201);
    expect(
      (await status({ status: 'verified', reviewer: 'Rana', notes: 'geolocated; source known' })).body,
    ).toEqual({
      from: 'in_review',
      to: 'verified',
    });
    const summaries = await evidenceSummaryForIncidents(t.db, [
      incident.body.id,
      '00000000-0000-4000-8000-000000000000',
    ]);
    expect(summaries.get(incident.body.id)).toMatchObject({ verified: 1, unverified: 0, total: 1 });
    expect(summaries.get('00000000-0000-4000-8000-000000000000')).toMatchObject({ total: 0 });
    expect((await getItem(originalId)).incident_ids).toEqual([incident.body.id]);
    const linked = await t.app.inject({ url: `/api/v1/evidence?incident=${incident.body.id}` });
    expect(linked.json().items.map((item: { id: string }) => item.id)).toEqual([originalId]);
    const all = await t.app.inject({ url: '/api/v1/evidence?limit=100' });
    expect(all.json().items.length).toBeGreaterThan(1);
  });

  it('links an item to the report and source it came with', async () => {
    const source = await post(t.app, '/api/v1/sources', {
      kind: 'activist',
      pseudonym: 'Daraya media office',
    });
    const report = await post(t.app, '/api/v1/reports', reportBody(source.body.id));
    const id = await upload(await testPhoto(303), { source_id: source.body.id, report_id: report.body.id });
    expect(await getItem(id)).toMatchObject({ source_id: source.body.id, report_id: report.body.id });
  });
});

describe('tally evidence verify', () => {
  it('names an original with one flipped byte, and one that vanished', async () => {
    const store = new LocalObjectStore(join(t.dataDir, 'evidence', 'objects'));
    const flippedBytes = await testPhoto(404);
    const flippedId = await upload(flippedBytes);
    const goneBytes = await testPhoto(505);
    const goneId = await upload(goneBytes);

    const clean = await cli('verify');
    expect(clean.exitCode).toBe(0);
    expect(clean.out).not.toMatch(/ALTERED|MISSING/);

    const path = store.pathOf(originalKey(sha256(flippedBytes)));
    const bytes = await readFile(path);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    await chmod(path, 0o644);
    await writeFile(path, bytes);
    await rm(store.pathOf(originalKey(sha256(goneBytes))));

    const broken = await cli('verify');
    expect(broken.exitCode).toBe(1);
    expect(broken.out).toContain(
      `ALTERED  ${sha256(flippedBytes)}  now hashes to ${sha256(bytes)}  items: ${flippedId}`,
    );
    expect(broken.out).toContain(`MISSING  ${sha256(goneBytes)}  items: ${goneId}`);
    expect((await getItem(flippedId)).fixity_status).toBe('altered');
    const events = (await t.app.inject({ url: `/api/v1/evidence/${flippedId}/custody` })).json();
    expect(events.at(-1)).toMatchObject({
      event: 'fixity_checked',
      details: { was: 'intact', now: 'altered' },
    });
  });
});
