import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium), which .ci/run installs. */
export function findChromium(): string | undefined {
  const candidates = [process.env.TALLY_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((path): path is string => Boolean(path && existsSync(path)));
}

/** The launch flags measured to work headless on this kind of machine (stack brief §6). */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Builds web/dist when it is missing or stale (the same check `npm start` makes). */
export function ensureWebBuild(): void {
  execFileSync(process.execPath, ['bin/run-ts.js', 'web/scripts/ensure-build.ts'], { stdio: 'inherit' });
}
