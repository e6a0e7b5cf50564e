import sharp from 'sharp';
import { runFfmpeg } from './ffmpeg.ts';

/**
 * 64-bit DCT perceptual hashes (the classic pHash): shrink to 32×32 grey, take
 * the lowest 8×8 frequencies of the 2-D DCT and set a bit where a coefficient is
 * above their median. Re-encoding, resizing and mild colour changes move few
 * bits; different pictures differ in about half of them.
 */
const SIZE = 32;
const LOW = 8;

/** Distance at or under which two hashes are "probably the same picture" (of 64 bits). */
export const NEAR_DUPLICATE_DISTANCE = 10;
/** Hashes of nearly flat frames (black, white, fades) say nothing and would match each other. */
const MIN_CONTRAST = 4;
/** Videos keep at most this many frame hashes, spread evenly over the whole length. */
export const MAX_FRAME_HASHES = 120;

const cosines = Array.from({ length: LOW }, (_, u) =>
  Float64Array.from({ length: SIZE }, (_, x) => Math.cos(((2 * x + 1) * u * Math.PI) / (2 * SIZE))),
);

/** The hash of one 32×32 grey frame, or undefined when the frame is too flat to mean anything. */
export function phashOfGrey(pixels: Uint8Array): bigint | undefined {
  if (pixels.length !== SIZE * SIZE)
    throw new Error(`expected ${SIZE * SIZE} grey pixels, got ${pixels.length}`);
  let sum = 0;
  let sumSquares = 0;
  for (const p of pixels) {
    sum += p;
    sumSquares += p * p;
  }
  const mean = sum / pixels.length;
  if (Math.sqrt(sumSquares / pixels.length - mean * mean) < MIN_CONTRAST) return undefined;

  // Separable DCT: rows first (only the LOW frequencies we keep), then columns.
  const rows = new Float64Array(SIZE * LOW);
  for (let y = 0; y < SIZE; y++) {
    for (let u = 0; u < LOW; u++) {
      const cos = cosines[u]!;
      let acc = 0;
      for (let x = 0; x < SIZE; x++) acc += pixels[y * SIZE + x]! * cos[x]!;
      rows[y * LOW + u] = acc;
    }
  }
  const coefficients = new Float64Array(LOW * LOW);
  for (let v = 0; v < LOW; v++) {
    const cos = cosines[v]!;
    for (let u = 0; u < LOW; u++) {
      let acc = 0;
      for (let y = 0; y < SIZE; y++) acc += rows[y * LOW + u]! * cos[y]!;
      coefficients[v * LOW + u] = acc;
    }
  }
  // The DC term is the mean brightness: leave it out of the median.
  const median = [...coefficients.subarray(1)].sort((a, b) => a - b)[(LOW * LOW - 1) >> 1]!;
  let hash = 0n;
  for (let i = 0; i < LOW * LOW; i++) hash = (hash << 1n) | (coefficients[i]! > median ? 1n : 0n);
  return BigInt.asIntN(64, hash); // signed, to fit PostgreSQL's bigint
}

export function hammingDistance(a: bigint, b: bigint): number {
  let x = BigInt.asUintN(64, a ^ b);
  let count = 0;
  while (x) {
    x &= x - 1n;
    count++;
  }
  return count;
}

export interface FrameHash {
  seq: number;
  at_seconds: number | null;
  hash: bigint;
}

/** One hash for a photo, after applying its EXIF orientation (a rotated copy is the same picture). */
export async function imageHashes(path: string): Promise<FrameHash[]> {
  const pixels = await sharp(path, { failOn: 'none' })
    .rotate()
    .greyscale()
    .resize(SIZE, SIZE, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer();
  const hash = phashOfGrey(new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.length));
  return hash === undefined ? [] : [{ seq: 0, at_seconds: null, hash }];
}

/**
 * Hashes of frames sampled at fixed times (every second, or evenly over a long
 * video, at most MAX_FRAME_HASHES). Fixed times rather than the file's own
 * keyframes: a re-encoded copy puts its keyframes elsewhere, so only the same
 * moments compare. Every frame is decoded, which takes a while for hours of
 * video; it runs after the upload has been acknowledged.
 */
export async function videoFrameHashes(path: string, durationSeconds: number | null): Promise<FrameHash[]> {
  const frameBytes = SIZE * SIZE;
  const rate = durationSeconds && durationSeconds > MAX_FRAME_HASHES ? MAX_FRAME_HASHES / durationSeconds : 1;
  const frames: Array<Uint8Array> = [];
  let pending = Buffer.alloc(0);
  await runFfmpeg(
    [
      ...['-v', 'error', '-i', path, '-an', '-sn', '-dn'],
      ...['-vf', `fps=${rate.toFixed(6)}:round=down,scale=${SIZE}:${SIZE}:flags=area,format=gray`],
      ...['-frames:v', String(MAX_FRAME_HASHES + 1), '-f', 'rawvideo', 'pipe:1'],
    ],
    (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= frameBytes) {
        frames.push(Uint8Array.from(pending.subarray(0, frameBytes)));
        pending = pending.subarray(frameBytes);
      }
    },
  );
  const hashes: FrameHash[] = [];
  for (const [i, frame] of frames.slice(0, MAX_FRAME_HASHES).entries()) {
    const hash = phashOfGrey(frame);
    if (hash !== undefined) hashes.push({ seq: hashes.length, at_seconds: i / rate, hash });
  }
  return hashes;
}
