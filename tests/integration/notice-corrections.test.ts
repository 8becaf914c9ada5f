import { beforeAll, expect, it } from 'vitest';
import { loadSiteModel } from '../../api/core/queries/site-model.ts';
import { createPublisher } from '../../api/publish/publisher.ts';
import { loadAstroRenderer } from '../../api/publish/renderer.ts';
import { FileStore } from '../../api/publish/store.ts';
import { siteContent } from '../../api/server/site-publisher.ts';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';
import { publishLimits, settingsFrom } from '../support/settings.ts';

// Needs the built site (scripts/test.sh runs `astro build` first).
const NOW = new Date('2026-11-28T10:00:00+09:00');
const jst = (local: string) => `${local}+09:00`;

describeEachDatabase('amending, postponing and withdrawing notices', ({ database }) => {
  let render: Awaited<ReturnType<typeof loadAstroRenderer>>;
  beforeAll(async () => {
    render = await loadAstroRenderer();
  });

  /** The API and the production publisher on one clock, with one termination notice 92 days ahead. */
  async function setUp() {
    const api = apiFor(database(), { now: NOW });
    const store = new FileStore();
    const publisher = createPublisher({
      limits: publishLimits,
      loadModel: (at) => loadSiteModel({ db: database().db, now: at }),
      render,
      store,
      now: () => NOW,
      ...siteContent(settingsFrom()),
    });
    const component = (await json(api.post('/api/v1/components', { name: '旧API' }))).id as string;
    const notice = await json(
      api.post('/api/v1/notices', {
        kind: 'termination',
        title: '旧APIの提供終了',
        body: '旧APIを終了します。',
        effective_at: jst('2027-02-28T10:00:00'),
        components: [component],
      }),
    );
    await publisher.publishAll();
    api.changes.splice(0);
    return {
      api,
      id: notice.id as string,
      text: (path: string) => store.peek(path)?.toString() ?? '',
      paths: () => store.paths(),
      async published() {
        for (const change of api.changes.splice(0)) publisher.notify(change);
        await publisher.idle();
      },
    };
  }

  it('an amended text shows on the notice page, and the history keeps the old text', async () => {
    const site = await setUp();
    const res = await site.api.patch(`/api/v1/notices/${site.id}`, {
      body: '旧API（v1）を終了します。',
      reason: '版の明記',
    });
    expect(res.status).toBe(200);
    expect((await res.json()).body).toBe('旧API（v1）を終了します。');
    await site.published();
    expect(site.text(`/notices/${site.id}/`)).toContain('旧API（v1）を終了します。');
    const { history } = await json(site.api.send('GET', `/api/v1/notices/${site.id}/history`));
    expect(history).toEqual([
      {
        kind: 'amended',
        at: '2026-11-28T10:00:00.000+09:00',
        by: 'operator',
        reason: '版の明記',
        changes: { body: { old: '旧APIを終了します。', new: '旧API（v1）を終了します。' } },
      },
    ]);
  });

  it('a postponement to a later date keeps the original announcement; an earlier date needs the lead time again or a short-notice reason', async () => {
    const site = await setUp();
    const later = await json(
      site.api.send('POST', `/api/v1/notices/${site.id}/postpone`, {
        effective_at: jst('2027-03-31T10:00:00'),
        reason: '移行期間の延長',
      }),
    );
    expect(later).toMatchObject({
      effective_at: '2027-03-31T10:00:00.000+09:00',
      announced_at: '2026-11-28T10:00:00.000+09:00',
      short_notice: false,
    });
    await site.published();
    expect(site.text(`/notices/${site.id}/`)).toContain('2027年3月31日');

    const earlier = await site.api.send('POST', `/api/v1/notices/${site.id}/postpone`, {
      effective_at: jst('2027-01-15T10:00:00'),
      reason: '前倒し',
    });
    expect(earlier.status).toBe(422);
    expect((await earlier.json()).errors.map((e: { field: string }) => e.field)).toEqual(['effective_at']);

    const short = await json(
      site.api.send('POST', `/api/v1/notices/${site.id}/postpone`, {
        effective_at: jst('2027-01-15T10:00:00'),
        reason: '前倒し',
        short_notice: { reason: '脆弱性への対応' },
      }),
    );
    expect(short).toMatchObject({
      effective_at: '2027-01-15T10:00:00.000+09:00',
      short_notice: true,
      short_notice_reason: '脆弱性への対応',
    });
    const { history } = await json(site.api.send('GET', `/api/v1/notices/${site.id}/history`));
    expect(history.map((h: { kind: string; reason: string }) => [h.kind, h.reason])).toEqual([
      ['postponed', '前倒し'],
      ['postponed', '移行期間の延長'],
    ]);
  });

  it('a withdrawn notice stays on the notice page and the list, marked withdrawn with the reason, and cannot be moved', async () => {
    const site = await setUp();
    const res = await site.api.send('POST', `/api/v1/notices/${site.id}/withdraw`, { reason: '提供を継続します' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      withdrawn_at: '2026-11-28T10:00:00.000+09:00',
      withdraw_reason: '提供を継続します',
    });
    expect(site.api.changes).toEqual([{ kind: 'notice', id: site.id }]);
    await site.published();
    const page = site.text(`/notices/${site.id}/`);
    expect(page).toContain('この告知は撤回されました');
    expect(page).toContain('提供を継続します');
    expect(site.text(`/en/notices/${site.id}/`)).toContain('This notice was withdrawn');
    const list = site.text('/notices/');
    expect(list).toContain('旧APIの提供終了');
    expect(list).toContain('撤回済み');
    const feeds = site.paths().filter((p) => /\.(rss|atom)$/.test(p) && site.text(p).includes('旧APIの提供終了'));
    expect(feeds.length, 'feeds carrying the notice').toBeGreaterThan(0);
    for (const feed of feeds)
      expect(site.text(feed), feed).toMatch(/この告知は撤回されました|This notice was withdrawn/);

    const again = await site.api.send('POST', `/api/v1/notices/${site.id}/postpone`, {
      effective_at: jst('2027-03-31T10:00:00'),
      reason: '再開',
    });
    expect(again.status).toBe(409);
  });

  it('refuses bad corrections with 422 naming the field, and unknown notices with 404', async () => {
    const site = await setUp();
    const cases: Array<[Response, string]> = [
      [await site.api.patch(`/api/v1/notices/${site.id}`, {}), '(body)'],
      [await site.api.patch(`/api/v1/notices/${site.id}`, { title: '' }), 'title'],
      [
        await site.api.send('POST', `/api/v1/notices/${site.id}/postpone`, {
          effective_at: jst('2027-03-31T10:00:00'),
        }),
        'reason',
      ],
      [
        await site.api.send('POST', `/api/v1/notices/${site.id}/postpone`, { effective_at: 'soon', reason: 'x' }),
        'effective_at',
      ],
      [
        await site.api.send('POST', `/api/v1/notices/${site.id}/postpone`, {
          effective_at: jst('2026-11-01T10:00:00'),
          reason: 'x',
        }),
        'effective_at',
      ],
      [await site.api.send('POST', `/api/v1/notices/${site.id}/withdraw`, {}), 'reason'],
    ];
    for (const [res, field] of cases) {
      expect(res.status, field).toBe(422);
      const body = await res.json();
      expect(
        body.errors.map((e: { field: string }) => e.field),
        JSON.stringify(body),
      ).toContain(field);
    }
    for (const res of [
      await site.api.patch('/api/v1/notices/nosuch', { title: 'x' }),
      await site.api.send('POST', '/api/v1/notices/nosuch/postpone', {
        effective_at: jst('2027-03-31T10:00:00'),
        reason: 'x',
      }),
      await site.api.send('POST', '/api/v1/notices/nosuch/withdraw', { reason: 'x' }),
    ])
      expect(res.status).toBe(404);
    expect(site.api.changes).toEqual([]);
  });
});
