import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import sharp from 'sharp';
import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../core/actor.ts';
import { notFound, TallyError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { findDerivative, insertDerivative, listDerivatives } from './analysis.repo.ts';
import { presentDerivative } from './evidence.present.ts';
import { appendCustody, findItem } from './evidence.repo.ts';
import type { Evidence } from './evidence.runtime.ts';
import type { Derivative, DerivativeKind } from './evidence.ts';
import { ffmpegInfo, runFfmpeg } from './ffmpeg.ts';
import { mediaKind, readFileMetadata } from './media.ts';
import { derivativeKey, originalKey } from './store.ts';

interface Recipe {
  mediaType: string;
  tool: string;
  toolVersion: string;
  parameters: Record<string, unknown>;
  make(input: string, output: string): Promise<void>;
}

const sharpVersion = `${sharp.versions.sharp} (libvips ${sharp.versions.vips})`;

/**
 * Working copies: a thumbnail, or a public copy with every identifying tag
 * removed (GPS, device make/model/serial, owner and software names: security
 * brief SP2). The original is only read. Each copy records its parent's hash
 * and the exact tool, version and parameters that made it.
 */
function recipeFor(mediaType: string, kind: DerivativeKind): Recipe {
  const media = mediaKind(mediaType);
  if (media === 'image') {
    const png = mediaType === 'image/png';
    // sharp writes no EXIF, XMP, IPTC or ICC unless asked to; rotating first keeps the picture upright without the tag.
    const parameters =
      kind === 'thumbnail'
        ? {
            auto_orient: true,
            resize: { fit: 'inside', width: 320, height: 320 },
            format: 'jpeg',
            quality: 80,
            metadata: 'none',
          }
        : { auto_orient: true, format: png ? 'png' : 'jpeg', quality: png ? null : 90, metadata: 'none' };
    return {
      mediaType: parameters.format === 'png' ? 'image/png' : 'image/jpeg',
      tool: 'sharp',
      toolVersion: sharpVersion,
      parameters,
      async make(input, output) {
        let image = sharp(input, { failOn: 'none' }).rotate();
        if (kind === 'thumbnail') image = image.resize(320, 320, { fit: 'inside', withoutEnlargement: true });
        image =
          parameters.format === 'png' ? image.png() : image.jpeg({ quality: kind === 'thumbnail' ? 80 : 90 });
        await image.toFile(output);
      },
    };
  }
  if ((media === 'video' || media === 'audio') && ffmpegInfo().available) {
    if (kind === 'thumbnail' && media === 'audio') throw unsupported(mediaType, kind);
    const args =
      kind === 'thumbnail'
        ? ['-vf', 'thumbnail=25,scale=320:-2', '-frames:v', '1', '-f', 'mjpeg']
        : [
            // Streams copied bit for bit; every metadata block, chapter and data stream
            // (GoPro/drone telemetry carries GPS) left behind.
            ...(media === 'video' ? ['-map', '0:v:0', '-map', '0:a?'] : ['-map', '0:a']),
            '-c',
            'copy',
            '-map_metadata',
            '-1',
            '-map_metadata:s',
            '-1',
            '-map_chapters',
            '-1',
            '-fflags',
            '+bitexact',
            '-flags:v',
            '+bitexact',
            '-flags:a',
            '+bitexact',
            // Matroska holds any codec a phone or camera produces, so nothing is re-encoded.
            '-f',
            'matroska',
          ];
    return {
      mediaType:
        kind === 'thumbnail' ? 'image/jpeg' : media === 'video' ? 'video/x-matroska' : 'audio/x-matroska',
      tool: 'ffmpeg',
      toolVersion: ffmpegInfo().version,
      parameters: { args },
      async make(input, output) {
        await runFfmpeg(['-v', 'error', '-i', input, ...args, '-y', output]);
      },
    };
  }
  throw unsupported(mediaType, kind);
}

const unsupported = (mediaType: string, kind: DerivativeKind) =>
  new TallyError('unprocessable', `Tally cannot make a ${kind} copy of ${mediaType} here`, {
    fields: [{ field: 'kind', message: `not available for ${mediaType}` }],
  });

export async function makeDerivative(
  evidence: Evidence,
  actor: Actor,
  itemId: string,
  kind: DerivativeKind,
): Promise<Derivative> {
  const item = await findItem(evidence.db, itemId);
  if (!item) throw notFound('Evidence item', itemId);
  const recipe = recipeFor(item.media_type, kind);
  await mkdir(evidence.staging.dir, { recursive: true });
  const output = join(evidence.staging.dir, `derivative-${newId()}`);
  try {
    await evidence.store.withLocalPath(originalKey(item.sha256), (input) => recipe.make(input, output));
    if (kind === 'public') await assertNothingIdentifying(output, recipe.mediaType);
    const sha256 = await sha256OfFile(output);
    const size = (await stat(output)).size;
    await evidence.store.putFile(derivativeKey(sha256), output);
    return await evidence.db.transaction(async (tx) => {
      const row = await insertDerivative(tx, {
        id: newId(),
        item_id: itemId,
        parent_sha256: item.sha256,
        kind,
        sha256,
        size,
        media_type: recipe.mediaType,
        tool: recipe.tool,
        tool_version: recipe.toolVersion,
        parameters: recipe.parameters,
        created_by: actor.id,
      });
      const derivative = presentDerivative(row);
      await appendCustody(tx, {
        itemId,
        actor: actor.id,
        event: 'derived',
        details: { derivative_id: row.id, kind, sha256, tool: recipe.tool },
      });
      await recordAudit(tx, actor, {
        action: 'evidence.derive',
        entity: 'evidence_item',
        entityId: itemId,
        after: derivative,
      });
      return derivative;
    });
  } finally {
    await rm(output, { force: true });
  }
}

/** Reads the copy back with the same readers used for originals: a public copy that still says where or on what it was taken is refused. */
async function assertNothingIdentifying(path: string, mediaType: string): Promise<void> {
  const meta = await readFileMetadata(path, mediaType);
  const leaks: string[] = (['lat', 'lon', 'make', 'model', 'serial'] as const).filter(
    (k) => meta[k] !== null,
  );
  // ffmpeg's own muxer name ("Lavf") says nothing about the source; any other software tag might.
  if (meta.software !== null && !/^Lavf/.test(meta.software)) leaks.push('software');
  if (leaks.length > 0) {
    throw new TallyError(
      'internal',
      `The public copy still carries identifying metadata (${leaks.join(', ')}); not stored`,
    );
  }
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function getDerivatives(evidence: Evidence, itemId: string): Promise<Derivative[]> {
  if (!(await findItem(evidence.db, itemId))) throw notFound('Evidence item', itemId);
  return (await listDerivatives(evidence.db, itemId)).map(presentDerivative);
}

export async function openDerivative(
  evidence: Evidence,
  itemId: string,
  derivativeId: string,
): Promise<{ derivative: Derivative; stream: Readable }> {
  const row = await findDerivative(evidence.db, itemId, derivativeId);
  if (!row) throw notFound('Derivative', derivativeId);
  return { derivative: presentDerivative(row), stream: await evidence.store.read(derivativeKey(row.sha256)) };
}
