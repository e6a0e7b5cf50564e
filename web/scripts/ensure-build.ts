import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/**
 * Builds the web app when web/dist is missing or older than its sources, so `npm start` on a
 * fresh clone serves the app and a later start does not rebuild for nothing.
 */
const webDir = fileURLToPath(new URL('..', import.meta.url));
const built = path.join(webDir, 'dist', 'index.html');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

const sources = Math.max(
  newest(path.join(webDir, 'src')),
  newest(path.join(webDir, 'public')),
  statSync(path.join(webDir, 'index.html')).mtimeMs,
  statSync(path.join(webDir, 'vite.config.ts')).mtimeMs,
);
if (existsSync(built) && statSync(built).mtimeMs >= sources) {
  console.log('web app is up to date (web/dist)');
} else {
  console.log('building the web app (web/dist)…');
  await build({ configFile: path.join(webDir, 'vite.config.ts'), logLevel: 'warn' });
}
