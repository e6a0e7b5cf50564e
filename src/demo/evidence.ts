import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import type { Actor } from '../core/actor.ts';
import type { Db } from '../db/client.ts';
import { openEvidence, settle } from '../evidence/evidence.runtime.ts';
import { createUpload, receiveChunk } from '../evidence/uploads.service.ts';
import { addCheck, linkEvidence, setStatus } from '../evidence/verification.service.ts';
import { incidentOfReport } from './demo.repo.ts';
import type { PlannedEvidence } from './generate.ts';
import { createRng } from './prng.ts';

/** A small picture of shapes on a gradient, different for every seed (nothing binary is shipped). */
async function demoPhoto(seed: number): Promise<Buffer> {
  const rng = createRng(seed);
  const colour = () => `rgb(${rng.int(0, 255)},${rng.int(0, 255)},${rng.int(0, 255)})`;
  const shapes = Array.from({ length: 10 }, () => {
    const [x, y, r] = [rng.int(0, 320), rng.int(0, 240), rng.int(15, 90)];
    return rng.chance(0.5)
      ? `<rect x="${x - r}" y="${y - r}" width="${r * 2}" height="${r * 1.4}" fill="${colour()}"/>`
      : `<circle cx="${x}" cy="${y}" r="${r}" fill="${colour()}"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${colour()}"/>
    <stop offset="1" stop-color="${colour()}"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>${shapes}
    <text x="10" y="230" font-family="sans-serif" font-size="18" fill="white">DEMO</text></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

/**
 * Photos sent with field reports, through the same resumable upload as a phone uses; half are
 * checked and verified, and each is linked to the incident its report became, so grading sees
 * verified evidence. Returns how many items were stored.
 */
export async function loadDemoEvidence(
  db: Db,
  actor: Actor,
  dataDir: string,
  planned: PlannedEvidence[],
): Promise<number> {
  const evidence = openEvidence(db, dataDir);
  let stored = 0;
  for (const [i, item] of planned.entries()) {
    const bytes = await demoPhoto(item.seed);
    const { value: upload } = await createUpload(evidence, actor, {
      sha256: createHash('sha256').update(bytes).digest('hex'),
      length: bytes.length,
      filename: `demo-photo-${i + 1}.jpg`,
      source_id: item.sourceId,
      report_id: item.reportId,
      captured_at: `${item.day}T10:00:00Z`,
      place_text: item.place.name_en,
      ...(item.place.lat != null && item.place.lon != null
        ? { lat: item.place.lat, lon: item.place.lon }
        : {}),
    });
    const outcome = await receiveChunk(evidence, actor, {
      id: upload.id,
      offset: 0,
      body: Readable.from([bytes]),
      abort: () => {},
    });
    if (outcome.kind !== 'accepted' || !outcome.itemId) continue;
    stored++;
    const itemId = outcome.itemId;
    const incident = await incidentOfReport(db, item.reportId);
    if (incident) await linkEvidence(evidence, actor, itemId, { incident_id: incident });
    if (!item.verify) continue;
    await addCheck(evidence, actor, itemId, {
      kind: 'geolocation',
      method: 'Demo: landmarks matched against satellite imagery (generated, not a real check)',
      result: 'supports',
      reviewer: 'Demo analyst',
    });
    await setStatus(evidence, actor, itemId, {
      status: 'verified',
      reviewer: 'Demo analyst',
      notes: 'Demo data: verified by the demo generator',
    });
  }
  await settle(evidence);
  return stored;
}
