/**
 * Evidence upload benchmark: a 2 GB file sent over loopback with the resumable
 * upload protocol, in 64 MB PATCH requests, to a server in a child process (PGlite
 * on disk). Measures client-side SHA-256 throughput, upload throughput (first byte
 * to stored and recorded), the server's resident memory sampled through the upload
 * (it must stay flat: bodies are streamed to disk, never buffered), and the
 * re-hash throughput of `tally evidence verify`.
 *   npm run bench:evidence [-- --size-mb 2048 --runs 3 --chunk-mb 64]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { systemActor } from '../src/core/actor.ts';
import { openDb } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { evidenceRoutes } from '../src/evidence/evidence.routes.ts';
import { openEvidence } from '../src/evidence/evidence.runtime.ts';
import { verifyFixity } from '../src/evidence/fixity.service.ts';
import { testPhoto } from '../src/evidence/test-media.ts';
import { patchUpload, startUpload, type UploadTarget } from '../src/evidence/upload-client.ts';
import { buildTestApp } from '../test/app.ts';

const { values } = parseArgs({
  options: {
    serve: { type: 'string' },
    'size-mb': { type: 'string', default: '2048' },
    'chunk-mb': { type: 'string', default: '64' },
    runs: { type: 'string', default: '3' },
  },
});

const MB = 1024 * 1024;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Resident memory of a process, from /proc: current and high-water mark, in MB. */
function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(status.match(new RegExp(`${name}:\\s+(\\d+) kB`))?.[1] ?? 0) / 1024;
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

async function writeTestFile(path: string, sizeMb: number): Promise<void> {
  // A real JPEG header so the content check passes, then pseudo-random blocks.
  const block = randomBytes(16 * MB);
  const out = createWriteStream(path);
  const head = await testPhoto(7);
  out.write(head);
  let left = sizeMb * MB - head.length;
  while (left > 0) {
    const piece = block.subarray(0, Math.min(block.length, left));
    if (!out.write(piece)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    left -= piece.length;
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path, { highWaterMark: 4 * MB }), async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) hash.update(chunk);
  });
  return hash.digest('hex');
}

async function startServer(dataDir: string): Promise<{ child: ChildProcess; target: UploadTarget }> {
  const child = spawn(process.execPath, ['bin/run-ts.js', 'bench/evidence.bench.ts', '--serve', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const target = await new Promise<UploadTarget>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/listening (http:\/\/\S+) (\S+)\n/);
      if (match?.[1] && match[2]) resolve({ url: match[1], token: match[2] });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, target };
}

async function main() {
  const sizeMb = Number(values['size-mb']);
  const chunkBytes = Number(values['chunk-mb']) * MB;
  const runs = Number(values.runs);
  const work = await mkdtemp(join(tmpdir(), 'tally-bench-evidence-'));
  const file = join(work, 'footage.bin');
  const results: Array<Record<string, number>> = [];
  try {
    await writeTestFile(file, sizeMb);
    const size = sizeMb * MB;
    for (let run = 1; run <= runs; run++) {
      const dataDir = join(work, `data-${run}`);
      const hashStarted = performance.now();
      const sha256 = await hashFile(file);
      const hashSeconds = (performance.now() - hashStarted) / 1000;

      const { child, target } = await startServer(dataDir);
      const pid = child.pid!;
      const idle = memoryOf(pid);
      const samples: number[] = [];
      const sampler = setInterval(() => samples.push(memoryOf(pid).rss), 100);
      const started = performance.now();
      const { id } = await startUpload(target, { sha256, length: size, filename: 'footage.mp4' });
      let offset = 0;
      let itemId: string | undefined;
      while (offset < size) {
        const length = Math.min(chunkBytes, size - offset);
        const body = createReadStream(file, { start: offset, end: offset + length - 1, highWaterMark: MB });
        const response = await patchUpload(target, id, offset, body, { length });
        if (response.status !== 204) throw new Error(`PATCH answered ${response.status}: ${response.body}`);
        offset = response.offset!;
        itemId = response.itemId ?? itemId;
      }
      const uploadSeconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      const peak = memoryOf(pid).hwm;
      if (!itemId) throw new Error('the upload did not produce an item');
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));

      const db = await openDb({ dataDir });
      const verifyStarted = performance.now();
      const report = await verifyFixity(openEvidence(db, dataDir), systemActor);
      const verifySeconds = (performance.now() - verifyStarted) / 1000;
      await db.close();
      if (report.problems.length > 0) throw new Error('fixity check failed on a fresh upload');
      await rm(dataDir, { recursive: true, force: true });

      const quarter = (q: number) =>
        samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
      const result = {
        run,
        client_sha256_mb_s: Math.round(sizeMb / hashSeconds),
        upload_mb_s: Math.round(sizeMb / uploadSeconds),
        verify_rehash_mb_s: Math.round(sizeMb / verifySeconds),
        server_rss_before_upload_mb: Math.round(idle.rss),
        server_rss_max_during_upload_mb: Math.round(Math.max(...samples)),
        server_rss_25_50_75_pct_mb: [quarter(0.25), quarter(0.5), quarter(0.75)]
          .map(Math.round)
          .join('/') as unknown as number,
        // The high-water mark includes start-up (PGlite, migrations), before any upload.
        server_hwm_rss_mb: Math.round(peak),
      };
      results.push(result);
      console.log(JSON.stringify(result));
    }
    const pick = (key: string) => median(results.map((r) => Number(r[key])));
    console.log(
      JSON.stringify({
        size_mb: sizeMb,
        chunk_mb: chunkBytes / MB,
        runs,
        median_client_sha256_mb_s: pick('client_sha256_mb_s'),
        median_upload_mb_s: pick('upload_mb_s'),
        median_verify_rehash_mb_s: pick('verify_rehash_mb_s'),
        median_server_rss_before_upload_mb: pick('server_rss_before_upload_mb'),
        median_server_rss_max_during_upload_mb: pick('server_rss_max_during_upload_mb'),
      }),
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function serve(dataDirArg: string) {
  // Child: the server under test, on its own so its memory is measured alone.
  const dataDir = dataDirArg;
  const db = await openDb({ dataDir: dataDir });
  await migrate(db);
  // A signed-in admin, as in the tests: the benchmark measures uploads, not sign-in.
  const app = await buildTestApp({ db });
  const evidence = openEvidence(db, dataDir, { analyseOnReceipt: false });
  await app.register(evidenceRoutes({ db, config: { dataDir: dataDir }, evidence }), { prefix: '/api/v1' });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`listening ${url} ${app.token}\n`);
  process.on('SIGTERM', () =>
    app
      .close()
      .then(() => db.close())
      .then(() => process.exit(0)),
  );
}

if (values.serve) await serve(values.serve);
else await main();
