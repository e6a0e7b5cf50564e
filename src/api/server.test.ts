import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testEngine } from '../../test/db.ts';
import { loadConfig } from '../core/config.ts';
import { startServer } from './server.ts';

// These start the embedded engine on disk, as `npm start` does; they run in the pglite project only.
describe.runIf(testEngine === 'pglite')('tally serve', () => {
  it('serves the API on loopback with an embedded database that survives a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tally-serve-'));
    const config = loadConfig({ dataDir, port: 0, logLevel: 'silent' }, {});
    const first = await startServer(config);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${first.url}/healthz`).then((r) => r.json());
    expect(health).toEqual({ ok: true, engine: 'pglite' });
    const created = await fetch(`${first.url}/api/v1/sources`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'activist', pseudonym: 'Persisted' }),
    }).then((r) => r.json());
    await first.close();

    const second = await startServer(config);
    const again = await fetch(`${second.url}/api/v1/sources/${created.id}`).then((r) => r.json());
    expect(again.pseudonym).toBe('Persisted');
    await second.close();
  });

  it('publishes OpenAPI 3 listing every API route, and browsable docs', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tally-openapi-'));
    const server = await startServer(loadConfig({ dataDir, port: 0, logLevel: 'silent' }, {}));
    const spec = await fetch(`${server.url}/api/openapi.json`).then((r) => r.json());
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/reports',
        '/api/v1/reports/{id}',
        '/api/v1/sources',
        '/api/v1/incidents/{id}/claims',
      ]),
    );
    expect(
      spec.paths['/api/v1/reports'].post.requestBody.content['application/json'].schema.required,
    ).toContain('source_id');
    const docs = await fetch(`${server.url}/api/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
    await server.close();
  });

  it('shuts down cleanly on SIGTERM through the CLI', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tally-cli-'));
    const child = spawn(process.execPath, ['bin/tally.js', '--data', dataDir, 'serve', '--port', '0'], {
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        const match = stderr.match(/serving on (http:\/\/127\.0\.0\.1:\d+)/);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${stderr}`)));
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
