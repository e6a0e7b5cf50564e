import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/api/server.ts';
import { loadConfig } from '../../src/core/config.ts';
import { ensureWebBuild, findChromium, launchChromium } from './browser.ts';

const chromiumPath = findChromium();
if (!chromiumPath && process.env.CI) throw new Error('CI must install chromium (apt-get install chromium)');
const screenshots = path.resolve('docs/screenshots');
const shownGrades = 'unverified,weak,fair,confirmed,contested';
const wireText =
  'BEIRUT (Reuters) - An air strike killed 12 civilians, including 5 children, in the town of Aazaz in Aleppo province on Sunday, the Syrian Observatory for Human Rights said.';

/**
 * The real app in Debian's Chromium against a real `tally serve` (embedded database, worker
 * running): sign in, ingest a wire report, accept its claims, watch the toll and the map change,
 * read it in Arabic, and send a field report made offline exactly once.
 */
describe.skipIf(!chromiumPath)('web app, end to end', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let dataDir: string;

  beforeAll(async () => {
    ensureWebBuild();
    dataDir = mkdtempSync(path.join(tmpdir(), 'tally-e2e-'));
    server = await startServer(loadConfig({ dataDir, port: 0, logLevel: 'warn' }, {}));
    browser = await launchChromium(chromiumPath as string);
    context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** A call to the API with the page's session (cookie and CSRF token), as the app makes them. */
  const apiCall = <T>(method: string, url: string, body?: unknown): Promise<T> =>
    page.evaluate(
      async ([m, u, b]) => {
        const response = await fetch(`/api/v1${u}`, {
          method: m as string,
          headers: {
            'content-type': 'application/json',
            'x-csrf-token': localStorage.getItem('tally.csrf') ?? '',
          },
          body: b === undefined ? undefined : JSON.stringify(b),
        });
        return response.json();
      },
      [method, url, body] as const,
    ) as Promise<T>;

  const dashboardTotals = async () => {
    await page.goto(`/?grades=${shownGrades}`);
    // Generous: in CI the browser shares two cores with the rest of the suite on both engines.
    await page.waitForFunction(() => performance.getEntriesByName('tally:dashboard-ready').length > 0, null, {
      timeout: 75_000,
    });
    const best = await page
      .locator('[data-total-best]')
      .textContent()
      .catch(() => null);
    const points = Number(await page.locator('.map-box').getAttribute('data-points'));
    return { best: best ? Number(best.replace(/[^\d]/g, '')) : 0, points };
  };

  it('signs in and changes the one-time password', async () => {
    const first = server.firstAdmin;
    expect(first).not.toBeNull();
    await page.goto('/login');
    await page.getByLabel('Username').fill(first?.username ?? '');
    await page.getByLabel('Password', { exact: true }).fill(first?.password ?? '');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('New password').fill('correct horse battery staple');
    await page.getByLabel('Password', { exact: true }).fill(first?.password ?? '');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('button', { name: /Sign out/ }).waitFor();
  });

  it('ingests a wire report, accepts its claims, and the toll and the map change', async () => {
    const before = await dashboardTotals();
    const source = await apiCall<{ id: string }>('POST', '/sources', {
      kind: 'news_outlet',
      pseudonym: 'Reuters',
    });
    expect(source.id).toBeTruthy();

    await page.goto('/review');
    await page.getByText('Ingest a wire report').click();
    await page.getByLabel('Wire report text').fill(wireText);
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('Submitted; extraction is running.').waitFor();
    // The worker extracts in the background; the queue refreshes itself while empty.
    const accept = page.getByRole('button', { name: 'Accept' });
    await accept.first().waitFor({ timeout: 30_000 });
    expect(await page.locator('.source-text mark').first().textContent()).toMatch(/civilians|children|12|5/);
    while ((await accept.count()) > 0) {
      await accept.first().click();
      await page.waitForTimeout(300);
    }
    await page.getByText('No claims wait for review.').waitFor();

    const after = await dashboardTotals();
    expect(after.best).toBeGreaterThan(before.best);
    expect(after.points).toBeGreaterThan(before.points);
    expect(await page.locator('.provinces tbody').textContent()).toContain('Aleppo');
    await page.screenshot({ path: path.join(screenshots, 'dashboard-en.png'), fullPage: true });
  });

  it('switches to Arabic, right to left', async () => {
    await page.getByRole('button', { name: 'Switch to Arabic' }).click();
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    await page.getByRole('heading', { name: 'الحصيلة عبر الزمن' }).waitFor();
    await expect.poll(() => page.locator('.provinces tbody').textContent()).toContain('حلب');
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: path.join(screenshots, 'dashboard-ar.png'), fullPage: true });
    await page.getByRole('button', { name: 'التبديل إلى الإنكليزية' }).click();
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('ltr');
  });

  it('keeps a field report made offline and sends it once when back online', async () => {
    const sources = await apiCall<{ items: Array<{ id: string }> }>('GET', '/sources');
    await page.goto('/field');
    const sourceSelect = page.locator('select[name=source]');
    await page
      .locator(`select[name=source] option[value="${sources.items[0]?.id}"]`)
      .waitFor({ state: 'attached' });
    await sourceSelect.selectOption(sources.items[0]?.id ?? '');
    await context.setOffline(true);
    await page.locator('[data-online="false"]').waitFor();
    const text = `Shelling hit the market in Douma this morning (${Date.now()})`;
    await page.getByLabel('What happened').fill(text);
    await page.getByLabel('Count').first().fill('4');
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => page.locator('[data-outbox-count]').textContent()).toBe('1');

    // The first answer is lost on the way back (the server stored it): the retry must not store it twice.
    let posts = 0;
    await page.route('**/api/v1/reports', async (route) => {
      posts += 1;
      const response = await route.fetch();
      if (posts === 1) await route.abort('connectionreset');
      else await route.fulfill({ response });
    });
    await context.setOffline(false);
    await page.locator('[data-online="true"]').waitFor();
    await expect.poll(() => posts, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    // Still waiting after the lost answer; "Send now" retries at once.
    await page.getByRole('button', { name: 'Send now' }).click();
    await expect.poll(() => page.locator('[data-outbox-count]').textContent(), { timeout: 20_000 }).toBe('0');
    expect(posts).toBeGreaterThanOrEqual(2);

    const stored = await apiCall<{ items: Array<{ text: string | null; channel: string }> }>(
      'GET',
      '/reports?limit=500',
    );
    expect(stored.items.filter((r) => r.text === text)).toHaveLength(1);
    expect(stored.items.find((r) => r.text === text)?.channel).toBe('form');
  });

  it('shows an incident with its claims by what they say, its history, and links a named victim', async () => {
    const incidents = await apiCall<{
      items: Array<{
        id: string;
        claim_ids: string[];
        date_start: string;
        counts: Array<{ outcome: string }>;
      }>;
    }>('GET', '/incidents?limit=100');
    const counted = incidents.items.find(
      (incident) => incident.claim_ids.length > 0 && incident.counts.some((c) => c.outcome === 'killed'),
    );
    expect(counted).toBeTruthy();
    // Two records of a list: one who died on the incident's day, one years before.
    for (const [row, name, date] of [
      ['1', 'Mahmoud Ahmad al-Ali', counted?.date_start],
      ['2', 'Mahmoud Hasan', '2001-01-01'],
    ])
      await apiCall('POST', '/victims', { list: 'E2E list', list_row: row, name, date_of_death: date });
    await page.goto(`/incidents/${counted?.id}`);
    await page.getByRole('heading', { name: 'History' }).waitFor();
    const claimsText = await page.locator('section[aria-labelledby="claims-title"] li').first().textContent();
    expect(claimsText).toMatch(/killed|injured/);
    expect(await page.locator('ol.history').textContent()).toMatch(/Created|Claim linked/);
    await page.getByText('No evidence is linked to this incident.').waitFor();
    await page.getByText('No victim records are linked to this incident.').waitFor();
    // Searching within the incident's dates finds only the one who died then.
    await page.getByLabel('Find victim records by name').fill('mahmoud');
    await page.getByRole('button', { name: 'Search' }).click();
    const matches = page.locator('ul.victim-matches li');
    await matches.first().waitFor();
    expect(await matches.count()).toBe(1);
    await matches.first().getByRole('button', { name: 'Link' }).click();
    const victimsTable = page.locator('section[aria-labelledby="victims-title"] table');
    await victimsTable.getByText('Mahmoud Ahmad al-Ali').waitFor();
    expect(await page.getByTestId('named-share').textContent()).toMatch(
      /^1 named, of a best estimate of \d+ killed$/,
    );
    await page.locator('ol.history').getByText('Victim record linked').waitFor();
    await page.screenshot({ path: path.join(screenshots, 'incident-en.png'), fullPage: true });
    // A claim's report opens as the source gave it, each claim's words marked in the text.
    await page
      .locator('section[aria-labelledby="claims-title"]')
      .getByRole('link', { name: 'Report' })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Report' }).waitFor();
    const marks = page.locator('blockquote.report-text mark');
    await marks.first().waitFor();
    expect(await marks.count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('blockquote.report-text').textContent()).toContain(
      'Syrian Observatory for Human Rights',
    );
    expect(await page.locator('ol.report-claims li').count()).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: path.join(screenshots, 'report-en.png'), fullPage: true });
  });
});
