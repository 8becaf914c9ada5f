import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { Statuspage } from 'statuspage.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { publishAndServe } from '../support/published-site.ts';
import { operatorApi, waitForText } from '../support/http.ts';
import { startServer } from '../support/server.ts';
import { IN_PROGRESS, NOW, PUBLIC_MODEL, UPCOMING } from '../fixtures/public-model.ts';

/**
 * Tools written for Atlassian Statuspage, pointed at a Shirase origin and used unchanged:
 * `statuspage.io` (a Node API client, third-party) and `@statuspage/status-widget` (Atlassian's
 * embeddable web component, loaded by a customer's portal on another origin in Chromium).
 */
const require = createRequire(import.meta.url);
const WIDGET_JS = readFileSync(require.resolve('@statuspage/status-widget/dist/index.js'));
/** Between two occurrences of the standing window (18 November, 16 December): maintenance is upcoming, none runs. */
const PINNED = '2026-11-24T10:00:00+09:00';

/** A customer's portal on its own origin: it embeds the widget, pointed at Shirase. */
async function startPortal(
  shiraseOrigin: string,
  appearance = 'basic',
): Promise<{ url: string; close: () => Promise<void> }> {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Customer portal</title></head><body>
<statuspage-widget src="${shiraseOrigin}" appearance="${appearance}"></statuspage-widget>
<script src="/statuspage-widget.js"></script></body></html>`;
  const server: Server = createServer((req, res) => {
    if (req.url === '/statuspage-widget.js') res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(WIDGET_JS);
    else res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // `localhost`, not 127.0.0.1: another origin than Shirase's, so the widget's fetch is cross-origin.
  return {
    url: `http://localhost:${(server.address() as { port: number }).port}/`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe('existing Statuspage consumers read Shirase unchanged', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let client: Statuspage;
  let incidentId: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({}, { clock: PINNED }), launchBrowser()]);
    client = new Statuspage('shirase');
    client.setApiUrl(server.url);
    const api = operatorApi(server.url);
    const { components } = (await api.get('/api/v1/components')).body as {
      components: Array<{ id: string; name: string }>;
    };
    const invoices = components.find((c) => c.name === 'BtoBプラットフォーム 請求書')!;
    incidentId = (
      await api.create('/api/v1/incidents', {
        name: '請求書の送信に遅延が発生しています',
        body: '調査しています。',
        components: { [invoices.id]: 'partial_outage' },
      })
    ).id;
    // The publisher runs after the 201: wait until the summary names the incident.
    await waitForText(server.url, '/api/v2/summary.json', incidentId);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the statuspage.io client reads the summary, the components and the unresolved incidents', async () => {
    const summary = await client.api.getSummary();
    expect(summary.page.id).toBe('shirase');
    expect(summary.page.url).toBe(server.url);
    expect(summary.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect(summary.incidents.map((i) => i.id)).toEqual([incidentId]);
    // The standing maintenance window's published occurrences: upcoming, none running now.
    expect(summary.scheduled_maintenances.length).toBeGreaterThan(0);
    expect(new Set(summary.scheduled_maintenances.map((m) => m.status))).toEqual(new Set(['scheduled']));
    // Newest window first, as Statuspage lists them: the last is the next one, the third Wednesday of December.
    expect(summary.scheduled_maintenances.at(-1)!.scheduled_for).toBe('2026-12-16T02:00:00.000+09:00');
    const upcoming = await client.api.scheduledMaintenances.getUpcoming();
    expect(upcoming.scheduled_maintenances.map((m) => m.status)).toEqual(
      upcoming.scheduled_maintenances.map(() => 'scheduled'),
    );
    expect(upcoming.scheduled_maintenances.map((m) => m.id)).toEqual(
      summary.scheduled_maintenances.filter((m) => m.status === 'scheduled').map((m) => m.id),
    );

    const { components } = await client.api.getComponents();
    const invoices = components.find((c) => c.name === 'BtoBプラットフォーム 請求書')!;
    expect(invoices.status).toBe('partial_outage');
    expect(components.filter((c) => c.group).map((c) => c.name)).toEqual(['共通', '帳票', '受発注', '取引・商談']);

    const unresolved = await client.api.incidents.getUnresolved();
    expect(unresolved.incidents[0]!.name).toBe('請求書の送信に遅延が発生しています');
    expect(unresolved.incidents[0]!.incident_updates[0]!.body).toBe('調査しています。');
    expect((await client.api.incidents.getAll()).incidents.map((i) => i.id)).toContain(incidentId);
    expect((await client.api.getStatus()).status.indicator).toBe('major');
  });

  it('the statuspage.io client reads upcoming and active maintenance', async () => {
    // Maintenance comes from the published model; this page is the fixture with maintenance in every state.
    const site = await publishAndServe({ model: () => PUBLIC_MODEL, now: () => NOW });
    try {
      const fixtureClient = new Statuspage('shirase');
      fixtureClient.setApiUrl(site.base);
      const upcoming = await fixtureClient.api.scheduledMaintenances.getUpcoming();
      expect(upcoming.scheduled_maintenances.map((m) => [m.id, m.status])).toEqual([[UPCOMING.id, 'scheduled']]);
      // statuspage.io 3.3.8's getActive() asks for upcoming.json (a bug of the client), so active.json is read as it would be by hand.
      const active = (await (await fetch(`${site.base}/api/v2/scheduled-maintenances/active.json`)).json()) as {
        scheduled_maintenances: Array<{ id: string; status: string }>;
      };
      expect(active.scheduled_maintenances.map((m) => [m.id, m.status])).toEqual([[IN_PROGRESS.id, 'in_progress']]);
      const summary = await fixtureClient.api.getSummary();
      expect(summary.scheduled_maintenances.map((m) => m.id)).toEqual([UPCOMING.id, IN_PROGRESS.id]);
      expect(summary.scheduled_maintenances[1]!.scheduled_for).toBe('2026-11-28T16:00:00.000+09:00');
    } finally {
      await site.close();
    }
  });

  it('Atlassian’s status widget, embedded in another origin’s page, shows Shirase’s status', async () => {
    for (const appearance of ['basic', 'badge']) {
      const portal = await startPortal(server.url, appearance);
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      try {
        await page.goto(portal.url);
        // Playwright's CSS locators pierce the widget's open shadow root.
        const widget = page.locator('statuspage-widget');
        await expect
          .poll(() => widget.evaluate((el) => el.shadowRoot?.textContent ?? 'no shadow root'), { timeout: 10_000 })
          .toContain('Partial System Outage');
        expect(await widget.locator('a').getAttribute('href'), appearance).toBe(server.url);
        // The published bundle assigns an undeclared global under "use strict" after it has run;
        // every page that embeds it logs this, wherever the status comes from.
        expect(
          errors.filter((e) => e !== 'parcelRequire is not defined'),
          appearance,
        ).toEqual([]);
      } finally {
        await context.close();
        await portal.close();
      }
    }
  });
});
