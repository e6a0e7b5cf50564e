import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settle } from './evidence.runtime.ts';
import { ffprobeJson, runFfmpeg } from './ffmpeg.ts';
import { type EvidenceTestApp, startEvidenceApp } from './test-app.ts';
import { ffmpegForTests, testVideo } from './test-media.ts';
import { patchUpload, startUpload } from './upload-client.ts';

// In CI ffmpeg must be there (this throws if not); elsewhere the suite says it is skipping.
const haveFfmpeg = ffmpegForTests();

describe.skipIf(!haveFfmpeg)('videos as evidence (ffmpeg)', () => {
  let t: EvidenceTestApp;
  let scratch: string;
  beforeAll(async () => {
    t = await startEvidenceApp();
    scratch = await mkdtemp(join(tmpdir(), 'tally-video-test-'));
  });
  afterAll(async () => {
    await t.close();
    await rm(scratch, { recursive: true, force: true });
  });

  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  async function upload(file: Buffer): Promise<string> {
    const { id } = await startUpload(t.server, {
      sha256: sha256(file),
      length: file.length,
      filename: 'clip.mp4',
    });
    const response = await patchUpload(t.server, id, 0, file);
    expect(response.status).toBe(204);
    await settle(t.evidence);
    return response.itemId!;
  }
  const getItem = async (id: string) => (await t.app.inject({ url: `/api/v1/evidence/${id}` })).json();

  it('reads container metadata, flags a re-encoded smaller copy, and not unrelated footage', async () => {
    const original = await testVideo('testsrc2', { seconds: 6 });
    const originalId = await upload(original);
    const item = await getItem(originalId);
    expect(item.media_type).toBe('video/mp4');
    expect(item.file_metadata).toMatchObject({
      lat: 33.5138,
      lon: 36.2765,
      make: 'TestMake',
      width: 320,
      height: 240,
    });
    expect(item.file_metadata.duration_seconds).toBeCloseTo(6, 0);

    // The same footage as a messaging app might pass it on: smaller, lower quality, other keyframe spacing.
    await writeFile(join(scratch, 'in.mp4'), original);
    await runFfmpeg([
      '-v',
      'error',
      '-i',
      join(scratch, 'in.mp4'),
      '-vf',
      'scale=192:144',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-crf',
      '32',
      '-g',
      '15',
      '-map_metadata',
      '-1',
      '-y',
      join(scratch, 'copy.mp4'),
    ]);
    const copyId = await upload(await readFile(join(scratch, 'copy.mp4')));
    const unrelatedId = await upload(await testVideo('mandelbrot', { seconds: 6 }));

    const copy = await getItem(copyId);
    expect(copy.near_duplicates.map((d: { item_id: string }) => d.item_id)).toEqual([originalId]);
    expect(copy.near_duplicates[0].matched_frames).toBeGreaterThanOrEqual(0.5);
    expect((await getItem(unrelatedId)).near_duplicates).toEqual([]);
  });

  it('makes a public copy with no location or device tags, streams copied untouched', async () => {
    const original = await testVideo('testsrc2', { seconds: 2, size: '160x120' });
    const id = await upload(original);
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/evidence/${id}/derivatives`,
      payload: { kind: 'public' },
    });
    expect(response.statusCode).toBe(201);
    const derivative = response.json();
    expect(derivative).toMatchObject({ parent_sha256: sha256(original), tool: 'ffmpeg', kind: 'public' });
    const content = await t.app.inject({
      url: `/api/v1/evidence/${id}/derivatives/${derivative.id}/content`,
    });
    await writeFile(join(scratch, 'public.mkv'), content.rawPayload);
    const probe = await ffprobeJson(join(scratch, 'public.mkv'));
    const allTags = JSON.stringify([
      probe.format?.tags ?? {},
      ...(probe.streams ?? []).map((s) => s.tags ?? {}),
    ]);
    expect(allTags).not.toMatch(/33\.5138|location|TestMake|Phone 7/i);
    expect(probe.streams?.find((s) => s.codec_type === 'video')).toMatchObject({
      codec_name: 'h264',
      width: 160,
    });

    const thumbnail = await t.app.inject({
      method: 'POST',
      url: `/api/v1/evidence/${id}/derivatives`,
      payload: { kind: 'thumbnail' },
    });
    expect(thumbnail.json()).toMatchObject({
      kind: 'thumbnail',
      media_type: 'image/jpeg',
      parent_sha256: sha256(original),
    });
  });
});
