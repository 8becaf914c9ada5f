import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteModel } from '../../api/core/model.ts';
import { NOW, PUBLIC_MODEL, TERMINATION } from '../fixtures/public-model.ts';
import { publishAndServe } from '../support/published-site.ts';
import { RESOLVED } from '../unit/statuspage/fixture.ts';

const NOTE = '(Japanese only — no English translation)';

/** A service, an incident and a notice the operator named only in Japanese; one update of the incident has an English text. */
const model: SiteModel = {
  ...PUBLIC_MODEL,
  components: PUBLIC_MODEL.components.map((c) => (c.id === 'cmp_invoice' ? { ...c, nameEn: null } : c)),
  incidents: [
    {
      ...RESOLVED,
      name: '請求書の送信が遅れています',
      nameEn: null,
      updates: RESOLVED.updates.map((u, n) => ({
        ...u,
        body: n === 0 ? '復旧しました（日本語のみ）' : u.body,
        bodyEn: n === 0 ? null : 'Translated update text',
      })),
    },
  ],
  notices: [
    { ...TERMINATION, title: 'FAX受信機能の提供終了', titleEn: null, body: '提供を終了します。', bodyEn: null },
  ],
};

/** The element of the page's main content that first holds `text`, from its opening tag. */
function elementHolding(html: string, text: string): string {
  const at = html.indexOf(text, html.indexOf('<main'));
  expect(at, `"${text}" is on the page`).toBeGreaterThan(-1);
  const open = html.lastIndexOf('<', at);
  return html.slice(open, at + text.length);
}

/** The opening tag of the rendered markdown block that holds `text`. */
function markdownBlockHolding(html: string, text: string): string {
  const at = html.indexOf(text, html.indexOf('<main'));
  expect(at, `"${text}" is on the page`).toBeGreaterThan(-1);
  const open = html.lastIndexOf('<div class="md"', at);
  return html.slice(open, html.indexOf('>', open) + 1);
}

// Needs the built site (`astro build`).
describe('Japanese text on English pages', () => {
  let site: Awaited<ReturnType<typeof publishAndServe>>;
  beforeAll(async () => {
    site = await publishAndServe({ model: () => model, now: () => NOW });
  });
  afterAll(() => site.close());
  const page = async (path: string) => (await site.fetchRaw(path)).body.toString('utf8');

  it('marks an untranslated incident title and update as Japanese and says there is no English translation', async () => {
    const html = await page(`/en/incidents/${RESOLVED.id}/`);
    expect(elementHolding(html, '請求書の送信が遅れています')).toMatch(/^<span lang="ja"[^>]*>/);
    expect(html).toMatch(/<h1[^>]*>.*請求書の送信が遅れています.*\(Japanese only — no English translation\)/s);
    expect(markdownBlockHolding(html, '復旧しました（日本語のみ）')).toMatch(/lang="ja"/);
    const body = html.slice(html.indexOf('<main'));
    expect(body.split(NOTE).length - 1, 'the h1 and the one untranslated update carry the note').toBe(2);
    expect(markdownBlockHolding(html, 'Translated update text')).not.toMatch(/lang="ja"/);
  });

  it('marks an untranslated notice’s title and body the same way', async () => {
    const html = await page(`/en/notices/${TERMINATION.id}/`);
    expect(elementHolding(html, 'FAX受信機能の提供終了')).toMatch(/^<span lang="ja"[^>]*>/);
    expect(markdownBlockHolding(html, '提供を終了します。')).toMatch(/lang="ja"/);
    expect(html).toContain(NOTE);
  });

  it('marks untranslated titles in lists: the home page and the history', async () => {
    for (const path of ['/en/', '/en/history/']) {
      const whole = await page(path);
      const html = path === '/en/' ? whole.slice(whole.indexOf('id="recent"')) : whole;
      expect(elementHolding(html, '請求書の送信が遅れています'), path).toMatch(/^<span lang="ja"[^>]*>/);
      expect(html, path).toContain(NOTE);
    }
  });

  it('marks untranslated names in the uptime bars: a service’s heading and a day’s incident link', async () => {
    const html = await page('/en/');
    expect(html).toContain('id="up-cmp_invoice"><span lang="ja">請求書</span></h3>');
    const bars = html.slice(html.indexOf('id="up-'), html.indexOf('id="recent"'));
    expect(bars).toContain('<span lang="ja">請求書の送信が遅れています</span></a>');
  });

  it('adds nothing to the Japanese pages, where the text is in the page’s language', async () => {
    for (const path of ['/', `/incidents/${RESOLVED.id}/`, `/notices/${TERMINATION.id}/`, '/history/']) {
      const html = await page(path);
      expect(html, path).not.toContain(NOTE);
      expect(html.slice(html.indexOf('<body')), path).not.toMatch(/<(span|div)[^>]* lang="ja"/);
    }
  });
});

// Needs the built site (`astro build`).
describe('how an English client gets English names', () => {
  let site: Awaited<ReturnType<typeof publishAndServe>>;
  beforeAll(async () => {
    site = await publishAndServe({ model: () => PUBLIC_MODEL, now: () => NOW });
  });
  afterAll(() => site.close());

  it('is said on the English API reference, next to the Japanese-only /api/v2, which has no /en copy', async () => {
    const html = (await site.fetchRaw('/en/docs/api/')).body.toString('utf8');
    const statuspage = html.slice(html.indexOf('id="statuspage"'));
    expect(statuspage).toContain('there is no /en/api/v2');
    for (const named of ['name_en', 'GET /api/v1/components', '/api/v1/incidents', '/en/history.json'])
      expect(statuspage, named).toContain(named);
    expect((await site.fetchRaw('/en/api/v2/summary.json')).status).toBe(404);
    expect((await site.fetchRaw('/en/history.json')).status).toBe(200);
  });
});
