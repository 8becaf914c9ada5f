import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { startServer } from '../support/server.ts';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** Outside the standing maintenance window, so that the framed status says all is well. */
const PINNED = '2026-11-24T10:00:00+09:00';

/** A customer's portal on another origin (`localhost` vs Shirase's `127.0.0.1`) showing Shirase's badge and embeddable status. */
async function startPortal(html: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((_req, res) =>
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://localhost:${(server.address() as { port: number }).port}/`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe('embedding Shirase in a customer’s portal', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({}, { clock: PINNED }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the badge and the framed status on another origin, with no script and no request elsewhere', async () => {
    const portal =
      await startPortal(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Portal</title></head><body>
<img id="badge" src="${server.url}/en/badge.svg" alt="Status">
<iframe id="status" src="${server.url}/embed/status.html" title="Status" width="360" height="120"></iframe></body></html>`);
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    const blocked: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => m.type() === 'error' && blocked.push(m.text()));
    try {
      await page.goto(portal.url);
      await page.waitForLoadState('networkidle');
      expect(
        await page.locator('#badge').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
      ).toBe(true);
      const frame = page.frameLocator('#status');
      expect(await frame.locator('main').innerText()).toContain('すべてのサービスは正常に稼働しています');
      expect(await frame.locator('script').count()).toBe(0);
      expect(await frame.locator('a').first().getAttribute('target')).toBeNull();
      expect(await frame.locator('base').getAttribute('target')).toBe('_blank');
      expect(blocked).toEqual([]);
      expect(requests.filter((u) => !u.startsWith(portal.url) && !u.startsWith(server.url))).toEqual([]);
    } finally {
      await context.close();
      await portal.close();
    }
  });

  it('refuses to let another origin frame the ordinary pages', async () => {
    const portal =
      await startPortal(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Portal</title></head><body>
<iframe id="home" src="${server.url}/" title="Home"></iframe></body></html>`);
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(portal.url);
      await page.waitForLoadState('networkidle');
      const frame = page.frames().find((f) => f !== page.mainFrame())!;
      // Blocked by frame-ancestors 'none': the frame holds the browser's error page, not the status page.
      expect(frame.url(), await frame.locator('body').innerText()).not.toBe(`${server.url}/`);
    } finally {
      await context.close();
      await portal.close();
    }
  });

  it('keeps the embedding guide and the embeddable status accessible (axe-core, WCAG 2.2 AA), light and dark', async () => {
    const found: string[] = [];
    for (const path of ['/docs/embed/', '/en/docs/embed/', '/embed/status.html', '/en/embed/status.html'])
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ bypassCSP: true, colorScheme });
        try {
          const page = await context.newPage();
          await page.goto(server.url + path);
          await page.addScriptTag({ path: axePath });
          const result = (await page.evaluate(() =>
            (window as unknown as { axe: { run: (d: Document, o: object) => Promise<unknown> } }).axe.run(document, {
              runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
            }),
          )) as { violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> };
          found.push(
            ...result.violations.map(
              (v) => `${path} ${colorScheme}: ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
            ),
          );
        } finally {
          await context.close();
        }
      }
    expect(found).toEqual([]);
    // Eight axe-core runs of 1-4 s each: past the default 30 s where the machine's second core is shared.
  }, 90_000);
});
