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
  it('serves on loopback, creates a first admin once, and keeps data across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tally-serve-'));
    const config = loadConfig({ dataDir, port: 0, logLevel: 'silent' }, {});
    const first = await startServer(config);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await fetch(`${first.url}/healthz`).then((r) => r.json())).toEqual({ ok: true, engine: 'pglite' });
    const admin = first.firstAdmin;
    expect(admin?.username).toBe('admin');

    // 1. sign in with the one-time password: a session cookie and a CSRF token come back
    const login = await fetch(`${first.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: admin?.password }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    const { csrf_token: csrf } = await login.json();
    const call = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${first.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, ...headers },
        body: JSON.stringify(body),
      });
    // 2. nothing else works until the one-time password is changed
    expect(
      (await call('/api/v1/sources', { kind: 'activist', pseudonym: 'x' }, { 'x-csrf-token': csrf })).status,
    ).toBe(403);
    const change = { current_password: admin?.password, new_password: 'a long new password 2012' };
    expect((await call('/api/v1/auth/password', change, { 'x-csrf-token': csrf })).status).toBe(200);
    // 3. a write with the cookie but without the CSRF token is refused
    expect((await call('/api/v1/sources', { kind: 'activist', pseudonym: 'x' })).status).toBe(403);
    const created = await (
      await call('/api/v1/sources', { kind: 'activist', pseudonym: 'Persisted' }, { 'x-csrf-token': csrf })
    ).json();
    await first.close();

    // 4. a restart finds the data, the session, and creates no second admin
    const second = await startServer(config);
    expect(second.firstAdmin).toBeNull();
    const again = await fetch(`${second.url}/api/v1/sources/${created.id}`, { headers: { cookie } }).then(
      (r) => r.json(),
    );
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

  it('says how to load the demo while it serves, and shuts down cleanly on SIGTERM through the CLI', async () => {
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
    // The server owns the directory, so the banner offers what works while it runs.
    await expect
      .poll(() => stderr)
      .toContain('load the sample monitor from the dashboard (POST /api/v1/demo)');
    expect(stderr).toContain('or stop the server and run `npx tally demo`');
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
