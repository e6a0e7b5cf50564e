import { createRequire } from 'node:module';
import exifr from 'exifr';
import { fileTypeFromFile } from 'file-type';
import { ffmpegInfo, ffprobeJson } from './ffmpeg.ts';

/**
 * What kinds of file Tally accepts as evidence, by their first bytes (never by the
 * name or the client's Content-Type: ASVS 5.2.2), and what the file itself says
 * about when, where and on what it was captured.
 */
const acceptedTypes = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/tiff',
  'image/heic',
  'image/heif',
  'image/avif',
  'video/mp4',
  'video/quicktime',
  'video/webm',
  'video/x-matroska',
  'video/3gpp',
  'video/3gpp2',
  'video/x-msvideo',
  'video/mp2t',
  'audio/mpeg',
  'audio/mp4',
  'audio/x-m4a',
  'audio/ogg',
  'audio/opus',
  'audio/wav',
  'audio/x-wav',
  'audio/amr',
  'audio/aac',
  'application/pdf',
]);

export type MediaKind = 'image' | 'video' | 'audio' | 'document';

export async function sniffMediaType(path: string): Promise<string | undefined> {
  const type = await fileTypeFromFile(path);
  return type && acceptedTypes.has(type.mime) ? type.mime : undefined;
}

export function mediaKind(mediaType: string): MediaKind {
  if (mediaType.startsWith('image/')) return 'image';
  if (mediaType.startsWith('video/')) return 'video';
  if (mediaType.startsWith('audio/')) return 'audio';
  return 'document';
}

const exifrVersion = (createRequire(import.meta.url)('exifr/package.json') as { version: string }).version;

/** Normalised capture facts plus the raw tags they came from; `tool` says what read them. */
export interface FileMetadata {
  tool: string;
  captured_at: string | null;
  lat: number | null;
  lon: number | null;
  make: string | null;
  model: string | null;
  serial: string | null;
  software: string | null;
  width: number | null;
  height: number | null;
  duration_seconds: number | null;
  tags: Record<string, string | number | boolean>;
}

export async function readFileMetadata(path: string, mediaType: string): Promise<FileMetadata> {
  const kind = mediaKind(mediaType);
  if (kind === 'image') return readImageMetadata(path);
  if ((kind === 'video' || kind === 'audio') && ffmpegInfo().available) return readContainerMetadata(path);
  return emptyMetadata(kind === 'document' ? 'none' : 'none (ffprobe not installed)');
}

const emptyMetadata = (tool: string): FileMetadata => ({
  tool,
  captured_at: null,
  lat: null,
  lon: null,
  make: null,
  model: null,
  serial: null,
  software: null,
  width: null,
  height: null,
  duration_seconds: null,
  tags: {},
});

async function readImageMetadata(path: string): Promise<FileMetadata> {
  // Values as written (no revival): EXIF times carry no zone, and guessing one would invent a fact.
  const raw = ((await exifr.parse(path, {
    tiff: true,
    exif: true,
    gps: true,
    xmp: true,
    iptc: true,
    reviveValues: false,
    translateValues: false,
  })) ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string).trim() || null : null);
  const num = (key: string) =>
    typeof raw[key] === 'number' && Number.isFinite(raw[key]) ? (raw[key] as number) : null;
  return {
    ...emptyMetadata(`exifr ${exifrVersion}`),
    captured_at: text('DateTimeOriginal') ?? text('CreateDate') ?? text('DateTime'),
    lat: num('latitude'),
    lon: num('longitude'),
    make: text('Make'),
    model: text('Model'),
    serial: text('BodySerialNumber') ?? text('SerialNumber') ?? text('LensSerialNumber'),
    software: text('Software'),
    width: num('ExifImageWidth') ?? num('ImageWidth'),
    height: num('ExifImageHeight') ?? num('ImageHeight'),
    tags: plainTags(raw),
  };
}

async function readContainerMetadata(path: string): Promise<FileMetadata> {
  const probe = await ffprobeJson(path);
  const tags: Record<string, string> = { ...(probe.format?.tags ?? {}) };
  for (const [i, stream] of (probe.streams ?? []).entries()) {
    for (const [key, value] of Object.entries(stream.tags ?? {})) tags[`stream${i}.${key}`] = value;
  }
  const video = probe.streams?.find((s) => s.codec_type === 'video');
  const location = parseIso6709(
    tags.location ?? tags['com.apple.quicktime.location.ISO6709'] ?? tags['location-eng'] ?? '',
  );
  const duration = Number(probe.format?.duration ?? video?.duration);
  return {
    ...emptyMetadata(`ffprobe ${ffmpegInfo().version}`),
    captured_at: tags['com.apple.quicktime.creationdate'] ?? tags.creation_time ?? null,
    lat: location?.lat ?? null,
    lon: location?.lon ?? null,
    make: tags['com.apple.quicktime.make'] ?? tags.make ?? null,
    model: tags['com.apple.quicktime.model'] ?? tags.model ?? null,
    software: tags['com.apple.quicktime.software'] ?? tags.encoder ?? null,
    width: video?.width ?? null,
    height: video?.height ?? null,
    duration_seconds: Number.isFinite(duration) ? duration : null,
    tags: { format: probe.format?.format_name ?? '', ...tags },
  };
}

/** "+33.5138+036.2765/" or "+33.5138+036.2765+150.0/" (ISO 6709, as phones write it). */
export function parseIso6709(value: string): { lat: number; lon: number } | undefined {
  const match = value.match(/^([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)/);
  if (!match) return undefined;
  const lat = Number(match[1]);
  const lon = Number(match[2]);
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : undefined;
}

/** Keeps the readable tags; binary blobs (maker notes, embedded thumbnails) stay in the original. */
function plainTags(raw: Record<string, unknown>): Record<string, string | number | boolean> {
  const tags: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'string') tags[key] = value.slice(0, 1000);
    else if (typeof value === 'number' && Number.isFinite(value)) tags[key] = value;
    else if (typeof value === 'boolean') tags[key] = value;
    else if (Array.isArray(value) && value.length <= 16 && value.every((v) => typeof v === 'number')) {
      tags[key] = value.join(',');
    }
  }
  return tags;
}
