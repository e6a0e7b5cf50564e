import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import piexif from 'piexifjs';
import sharp from 'sharp';
import { ffmpegInfo, runFfmpeg } from './ffmpeg.ts';

/**
 * Media made on the spot for tests and the benchmark: nothing binary is checked
 * in, and every picture is different for a different seed.
 */
function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    // xorshift32: small, fast, and the same sequence on every machine.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** A JPEG of coloured shapes on a gradient: structured enough for perceptual hashing to mean something. */
export async function testPhoto(seed: number, width = 800, height = 600): Promise<Buffer> {
  const random = seeded(seed);
  const colour = () =>
    `rgb(${Math.floor(random() * 256)},${Math.floor(random() * 256)},${Math.floor(random() * 256)})`;
  const shapes: string[] = [];
  for (let i = 0; i < 14; i++) {
    const x = Math.floor(random() * width);
    const y = Math.floor(random() * height);
    const size = 40 + Math.floor(random() * (width / 3));
    shapes.push(
      random() < 0.5
        ? `<rect x="${x - size / 2}" y="${y - size / 2}" width="${size}" height="${size * 0.7}" fill="${colour()}"/>`
        : `<circle cx="${x}" cy="${y}" r="${size / 2}" fill="${colour()}"/>`,
    );
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="${colour()}"/><stop offset="1" stop-color="${colour()}"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>${shapes.join('')}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 92 }).toBuffer();
}

export const DAMASCUS = { lat: 33.5138, lon: 36.2765 };

const rational = (value: number): [number, number][] => {
  const degrees = Math.floor(value);
  const minutesFloat = (value - degrees) * 60;
  const minutes = Math.floor(minutesFloat);
  const seconds = Math.round((minutesFloat - minutes) * 60 * 100);
  return [
    [degrees, 1],
    [minutes, 1],
    [seconds, 100],
  ];
};

/** The JPEG with real EXIF: GPS position, camera make, model and serial, capture time. */
export function withExifGps(jpeg: Buffer, place = DAMASCUS): Buffer {
  const exif = piexif.dump({
    '0th': {
      [piexif.ImageIFD.Make!]: 'TestMake',
      [piexif.ImageIFD.Model!]: 'Phone 7',
      [piexif.ImageIFD.Software!]: 'Camera 1.0',
    },
    Exif: {
      [piexif.ExifIFD.DateTimeOriginal!]: '2012:12:29 14:05:00',
      [piexif.ExifIFD.BodySerialNumber!]: 'SN-0042-SECRET',
    },
    GPS: {
      [piexif.GPSIFD.GPSLatitudeRef!]: place.lat >= 0 ? 'N' : 'S',
      [piexif.GPSIFD.GPSLatitude!]: rational(Math.abs(place.lat)),
      [piexif.GPSIFD.GPSLongitudeRef!]: place.lon >= 0 ? 'E' : 'W',
      [piexif.GPSIFD.GPSLongitude!]: rational(Math.abs(place.lon)),
    },
  });
  return Buffer.from(piexif.insert(exif, jpeg.toString('binary')), 'binary');
}

/**
 * A short H.264 MP4 from one of ffmpeg's built-in sources, with a GPS location and
 * a device name in its container metadata, as phones write them.
 */
export async function testVideo(
  source: 'testsrc2' | 'mandelbrot' | 'life',
  options: { seconds?: number; size?: string } = {},
): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'tally-video-'));
  const out = join(dir, 'clip.mp4');
  const seconds = options.seconds ?? 4;
  const size = options.size ?? '320x240';
  const input =
    source === 'life'
      ? `life=s=${size}:mold=10:r=25:ratio=0.1:death_color=#C83232:life_color=#00ff00`
      : `${source}=s=${size}:r=25`;
  try {
    await runFfmpeg([
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      input,
      '-t',
      String(seconds),
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-g',
      '25',
      '-pix_fmt',
      'yuv420p',
      '-metadata',
      `location=${'+33.5138+036.2765/'}`,
      '-metadata',
      'make=TestMake',
      '-metadata',
      'model=Phone 7',
      '-movflags',
      '+use_metadata_tags',
      '-y',
      out,
    ]);
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Tests that need ffmpeg run in CI always; elsewhere they are skipped, saying why. */
export function ffmpegForTests(): boolean {
  if (ffmpegInfo().available) return true;
  if (process.env.CI) throw new Error('CI must have ffmpeg: apt-get install -y ffmpeg');
  console.warn('ffmpeg not installed: skipping the video evidence tests (apt-get install -y ffmpeg)');
  return false;
}
