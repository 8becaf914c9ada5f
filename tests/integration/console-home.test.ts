import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { deliveries, notificationEvents } from '../../db/schema/index.ts';
import { apiFor, json } from '../support/api.ts';
import { createSignedIn, getPage, type SignedIn } from '../support/console.ts';
import type { Database } from '../../db/client.ts';
import { openTestDatabase } from '../support/db.ts';

const NOW = new Date('2026-11-28T10:00:00+09:00');
const HOSTILE = '<script>alert(1)</script>';

describe('the console’s dashboard', () => {
  let database: Database;
  let api: ReturnType<typeof apiFor>;
  let viewer: SignedIn;
  let admin: SignedIn;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    api = apiFor(database, { now: new Date('2026-11-28T09:00:00+09:00') });
    const { id: a } = await json(api.post('/api/v1/components', { name: '請求書' }));
    // Promised an update at 09:30: 30 minutes late at 10:00.
    const late = await api.post('/api/v1/incidents', {
      name: `請求書の送信遅延 ${HOSTILE}`,
      body: '調査中',
      components: { [a]: 'major_outage' },
      next_update_at: '2026-11-28T09:30:00+09:00',
    });
    expect(late.status).toBe(201);
    api.setNow(new Date('2026-11-28T09:50:00+09:00'));
    await api.post('/api/v1/incidents', {
      name: 'ログインの遅延',
      body: '調査中',
      components: { [a]: 'degraded_performance' },
      next_update_at: '2026-11-28T10:20:00+09:00',
    });
    const closed = await json(
      api.post('/api/v1/incidents', { name: '解決済みの障害', body: '調査中', status: 'investigating' }),
    );
    await api.post(`/api/v1/incidents/${closed.id}/updates`, { status: 'resolved', body: '復旧しました' });
    const maintenance = await api.post('/api/v1/maintenances', {
      title: 'データベースの更新',
      body: '更新します',
      scheduled_for: '2026-12-10T02:00:00+09:00',
      scheduled_until: '2026-12-10T04:00:00+09:00',
      components: 'all',
      short_notice: { reason: '脆弱性の修正' },
    });
    expect(maintenance.status, await maintenance.clone().text()).toBe(201);
    await database.db.insert(notificationEvents).values({
      id: 'ev1',
      kind: 'incident.created',
      occurredAt: NOW,
      subject: {},
      componentIds: [],
      fannedOutAt: NOW,
    });
    await database.db.insert(deliveries).values({
      id: 'd1',
      eventId: 'ev1',
      channel: 'email',
      recipientKind: 'contact',
      recipientId: 'c1',
      address: 'down@example.jp',
      idempotencyKey: 'ev1:c1',
      status: 'failed',
      attempts: 3,
      nextAttemptAt: NOW,
      lastResult: '550 no such user',
      createdAt: NOW,
      updatedAt: NOW,
    });
    api.setNow(NOW);
    viewer = await createSignedIn({ app: api.app, db: database.db, now: NOW }, { role: 'viewer' });
    admin = await createSignedIn({ app: api.app, db: database.db, now: NOW }, { role: 'admin' });
  });
  afterAll(() => database?.close());

  const section = (page: string, id: string) => page.split(`aria-labelledby="${id}"`)[1]!.split('</section>')[0]!;

  test('/admin/ shows the overdue update, the open incidents with their next update, and not the resolved one', async () => {
    const res = await getPage(api.app, '/admin/', viewer.jar);
    expect(res.status).toBe(200);
    const page = await res.text();
    const overdue = section(page, 'home-overdue');
    expect(overdue).toContain('請求書の送信遅延');
    expect(overdue).toContain('30分超過（期限 2026年11月28日 09:30 日本時間）');
    expect(overdue).not.toContain('ログインの遅延');
    const open = section(page, 'home-open');
    expect(open).toContain('ログインの遅延');
    expect(open).toContain('次回報告 2026年11月28日 10:20 日本時間');
    expect(open).toMatch(/href="\/admin\/incidents\/[^"]+">請求書の送信遅延/);
    expect(page).not.toContain('解決済みの障害');
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  test('it lists the maintenance to come and the failed deliveries with their last answer', async () => {
    const page = await (await getPage(api.app, '/admin/', viewer.jar)).text();
    const upcoming = section(page, 'home-upcoming');
    expect(upcoming).toContain('データベースの更新');
    expect(upcoming).toContain('2026年12月10日 02:00 日本時間');
    expect(upcoming).toContain('予定');
    const failed = section(page, 'home-failed');
    expect(failed).toContain('down@example.jp');
    expect(failed).toContain('550 no such user');
    expect(failed).toContain('<a href="/admin/deliveries?status=failed">失敗した配信をすべて見る</a>');
  });

  test('the links to each area follow the role: an admin sees operators, a viewer does not; English under /en/admin/', async () => {
    const forViewer = section(await (await getPage(api.app, '/admin/', viewer.jar)).text(), 'home-areas');
    expect(forViewer).toContain('href="/admin/audit"');
    expect(forViewer).not.toContain('href="/admin/operators"');
    const forAdmin = section(await (await getPage(api.app, '/en/admin/', admin.jar)).text(), 'home-areas');
    expect(forAdmin).toContain('href="/en/admin/operators">Operators</a>');
    expect(forAdmin).toContain('href="/en/admin/login-history">Login history</a>');
    // A title without English is shown in Japanese, marked as such.
    const english = await (await getPage(api.app, '/en/admin/', admin.jar)).text();
    expect(english).toMatch(/<a href="\/en\/admin\/incidents\/[^"]+" lang="ja">ログインの遅延<\/a>/);
  });
});
