import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { operatorApi, waitForText } from '../support/http.ts';
import { startServer } from '../support/server.ts';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** A weekday morning outside the standing maintenance window: the desk is open, no maintenance runs. */
const PINNED = '2026-11-24T10:00:00+09:00';
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface AxeResult {
  violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }>;
}

/** Checks one page of each kind against WCAG 2.2 AA with axe-core, in a real Chromium. */
describe('accessibility of every published page (axe-core, WCAG 2.2 AA)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({}, { clock: PINNED }), launchBrowser()]);
    const api = operatorApi(server.url);
    const { components } = (await api.get('/api/v1/components')).body as { components: Array<{ id: string }> };
    const open = await api.create('/api/v1/incidents', {
      name: '受発注の一部機能で障害',
      name_en: 'Ordering partly down',
      body: '**調査中**です。\n- 影響: 受注一覧',
      components: { [components[4]!.id]: 'partial_outage' },
    });
    await api.create(`/api/v1/incidents/${open.id}/updates`, { status: 'identified', body: '原因を特定しました。' });
    const closed = await api.create('/api/v1/incidents', {
      name: '請求書の遅延',
      body: '遅延しています。',
      components: { [components[1]!.id]: 'degraded_performance' },
    });
    await api.create(`/api/v1/incidents/${closed.id}/updates`, { status: 'resolved', body: '復旧しました。' });
    // Publishes run in the order of the writes: once the last write shows, every page is checked as it now stands.
    await waitForText(server.url, `/incidents/${closed.id}/`, '復旧しました。');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function violations(path: string, colorScheme: 'light' | 'dark'): Promise<string[]> {
    const context = await browser.newContext({ bypassCSP: true, colorScheme });
    try {
      const page = await context.newPage();
      const res = await page.goto(server.url + path);
      expect(res?.status(), path).toBe(200);
      await page.addScriptTag({ path: axePath });
      const result = (await page.evaluate(
        (tags) =>
          (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<unknown> } }).axe.run(document, {
            runOnly: { type: 'tag', values: tags },
          }),
        WCAG_22_AA,
      )) as AxeResult;
      return result.violations.map(
        (v) =>
          `${v.id} (${v.impact}) ${v.help} at ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')}`,
      );
    } finally {
      await context.close();
    }
  }

  // One page of each kind, in both languages; the home pages also in the dark scheme.
  const PAGES = [
    '/',
    '/en/',
    '/history/',
    '/notices/',
    '/compliance/',
    '/service-levels/',
    '/en/service-levels/promises/',
    '/docs/api/',
  ];
  for (const path of PAGES)
    it(`finds no violations on ${path}`, async () => {
      expect(await violations(path, 'light')).toEqual([]);
    });
  it('finds no violations on the home page in the dark colour scheme', async () => {
    expect(await violations('/', 'dark')).toEqual([]);
  });
  it('finds no violations on an incident page', async () => {
    const { incidents } = (await (await fetch(`${server.url}/api/v1/incidents`)).json()) as {
      incidents: Array<{ id: string }>;
    };
    expect(await violations(`/en/incidents/${incidents[0]!.id}/`, 'light')).toEqual([]);
  });
});
