import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rm, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Partial uploads on local disk, one file per upload id. The file's size is the
 * upload offset: whatever reached the disk is kept, so a cut connection resumes
 * from there. The SHA-256 runs alongside the writes (a hash state per upload held
 * in memory) so finishing a several-GB file does not read it again; after a
 * restart the state is rebuilt once from the bytes on disk.
 */
export class UploadStaging {
  private readonly hashes = new Map<string, { hash: Hash; offset: number }>();
  private readonly holders = new Map<string, { abort: () => void; released: Promise<void> }>();

  constructor(readonly dir: string) {}

  pathOf(uploadId: string): string {
    if (!/^[0-9a-f-]{36}$/.test(uploadId)) throw new Error(`Not an upload id: ${uploadId}`);
    return join(this.dir, uploadId);
  }

  /** Bytes held for the upload (0 before the first byte arrives). */
  async offset(uploadId: string): Promise<number> {
    try {
      return (await stat(this.pathOf(uploadId))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
  }

  /**
   * One request at a time per upload. A newer request wins: the one holding the
   * upload is aborted (its client has given up on it, or it would not have sent
   * another), and the bytes it wrote so far stay.
   */
  async acquire(uploadId: string, abort: () => void): Promise<() => void> {
    for (let current = this.holders.get(uploadId); current; current = this.holders.get(uploadId)) {
      current.abort();
      await current.released;
    }
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holder = { abort, released };
    this.holders.set(uploadId, holder);
    return () => {
      if (this.holders.get(uploadId) === holder) this.holders.delete(uploadId);
      release();
    };
  }

  /** The running hash for the bytes on disk, rebuilt from the file when memory lost track. */
  private async hashAt(uploadId: string, offset: number): Promise<Hash> {
    const known = this.hashes.get(uploadId);
    if (known && known.offset === offset) return known.hash;
    const hash = createHash('sha256');
    if (offset > 0) {
      await pipeline(
        createReadStream(this.pathOf(uploadId), { end: offset - 1, highWaterMark: 1024 * 1024 }),
        async (source: AsyncIterable<Buffer>) => {
          for await (const chunk of source) hash.update(chunk);
        },
      );
    }
    this.hashes.set(uploadId, { hash, offset });
    return hash;
  }

  /**
   * Appends `body` at `offset`, which the caller checked equals the bytes held,
   * never letting the file grow past `length`. With `chunkSha256` (tus checksum
   * extension) a chunk that does not match, or that arrived only in part, is cut
   * off again and `checksumMismatch` is set. Resolves with the new offset, also
   * when the body broke off half way; `error` then says why.
   */
  async append(
    uploadId: string,
    offset: number,
    length: number,
    body: NodeJS.ReadableStream,
    chunkSha256?: Buffer,
  ): Promise<{ offset: number; error?: Error; checksumMismatch?: boolean }> {
    await mkdir(this.dir, { recursive: true });
    const hash = await this.hashAt(uploadId, offset);
    const before = chunkSha256 ? hash.copy() : undefined;
    const chunkHash = chunkSha256 ? createHash('sha256') : undefined;
    const state = { hash, offset };
    this.hashes.set(uploadId, state);
    const handle = await open(this.pathOf(uploadId), 'a');
    const writer = new Writable({
      highWaterMark: 1024 * 1024,
      write(chunk: Buffer, _encoding, done) {
        if (state.offset + chunk.length > length) {
          done(new Error(`The body runs past the declared length of ${length} bytes`));
          return;
        }
        handle.write(chunk).then(({ bytesWritten }) => {
          // Hash exactly what reached the file, so hash and offset never disagree.
          const written = bytesWritten === chunk.length ? chunk : chunk.subarray(0, bytesWritten);
          state.hash.update(written);
          chunkHash?.update(written);
          state.offset += bytesWritten;
          done(bytesWritten === chunk.length ? null : new Error('short write'));
        }, done);
      },
    });
    let error: Error | undefined;
    try {
      await pipeline(body, writer);
    } catch (cause) {
      error = cause as Error;
    } finally {
      await handle.close();
    }
    if (chunkSha256 && before && chunkHash) {
      const complete = !error && chunkHash.digest().equals(chunkSha256);
      if (!complete) {
        await truncate(this.pathOf(uploadId), offset);
        this.hashes.set(uploadId, { hash: before, offset });
        return { offset, ...(error ? { error } : {}), checksumMismatch: !error };
      }
    }
    return { offset: state.offset, ...(error ? { error } : {}) };
  }

  /** The SHA-256 of the whole file, once every byte is in. */
  async digest(uploadId: string, length: number): Promise<string> {
    const hash = await this.hashAt(uploadId, length);
    this.hashes.delete(uploadId);
    return hash.copy().digest('hex');
  }

  async discard(uploadId: string): Promise<void> {
    this.hashes.delete(uploadId);
    await rm(this.pathOf(uploadId), { force: true });
  }
}
