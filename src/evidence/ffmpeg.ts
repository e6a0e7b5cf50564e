import { execFile, spawn, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * ffmpeg and ffprobe from the Debian package (`apt-get install ffmpeg`). Video
 * metadata, keyframe hashes and stripped video derivatives need them; photos do not.
 */
let probed: { available: boolean; version: string } | undefined;

export function ffmpegInfo(): { available: boolean; version: string } {
  if (!probed) {
    const result = spawnSync('ffmpeg', ['-hide_banner', '-version'], { encoding: 'utf8' });
    const version = result.stdout?.match(/ffmpeg version (\S+)/)?.[1];
    probed = { available: result.status === 0 && Boolean(version), version: version ?? 'absent' };
  }
  return probed;
}

export function requireFfmpeg(): string {
  const info = ffmpegInfo();
  if (!info.available) {
    throw new Error('ffmpeg is not installed: video work needs it (apt-get install -y ffmpeg)');
  }
  return info.version;
}

export async function ffprobeJson(path: string): Promise<FfprobeResult> {
  requireFfmpeg();
  const { stdout } = await run(
    'ffprobe',
    ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as FfprobeResult;
}

export interface FfprobeResult {
  format?: { duration?: string; format_name?: string; tags?: Record<string, string> };
  streams?: Array<{
    codec_type?: string;
    codec_name?: string;
    width?: number;
    height?: number;
    duration?: string;
    tags?: Record<string, string>;
  }>;
}

/** Runs ffmpeg to completion; rejects with its stderr when it fails. */
export function runFfmpeg(args: string[], onStdout?: (chunk: Buffer) => void): Promise<string> {
  requireFfmpeg();
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', ['-hide_banner', '-nostdin', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => onStdout?.(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      // Keep the tail only: showinfo writes a line per frame.
      stderr = (stderr + chunk.toString('utf8')).slice(-4_000_000);
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(stderr);
      else reject(new Error(`ffmpeg exited with ${code}: ${stderr.slice(-2000)}`));
    });
  });
}
