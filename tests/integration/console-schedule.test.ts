import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createComponent } from '../../api/core/commands/components.ts';
import { loadMaintenances } from '../../api/core/queries/maintenance-model.ts';
import { fanOut } from '../../api/notify/outbox/fan-out.ts';
import { listContacts, registerContact } from '../../api/notify/recipients/contacts.ts';
import { listSubscribers } from '../../api/notify/recipients/subscribers.ts';
import { listWebhooks } from '../../api/notify/recipients/webhooks.ts';
import { requestSubscription } from '../../api/notify/subscribe/store.ts';
import { listAudit } from '../../api/operators/audit.ts';
import type { Database } from '../../db/client.ts';
import { apiFor } from '../support/api.ts';
import { createSignedIn, getPage, postForm, type SignedIn } from '../support/console.ts';
import { openTestDatabase } from '../support/db.ts';

const NOW = new Date('2026-11-28T10:00:00+09:00');

describe('the console’s maintenance, notice and notification pages', () => {
  let database: Database;
  let api: ReturnType<typeof apiFor>;
  let operator: SignedIn;
  let viewer: SignedIn;
  let billing: string;

  beforeAll(async () => {
    // A database of its own: the audit log is append-only, so no test can clear it for the next.
    database = await openTestDatabase('pglite');
    // A registered name resolves to a public address without asking DNS.
    api = apiFor(database, {
      now: NOW,
      webhooks: { allowPrivate: false, resolve: async () => [{ address: '93.184.215.14', family: 4 }] },
    });
    billing = (await createComponent({ db: database.db, now: NOW, input: { name: '請求書', name_en: 'Invoices' } })).id;
    operator = await createSignedIn({ app: api.app, db: database.db, now: NOW }, { role: 'operator' });
    viewer = await createSignedIn({ app: api.app, db: database.db, now: NOW }, { role: 'viewer' });
  });
  afterAll(() => database?.close());

  const maintenances = async () => (await loadMaintenances({ db: database.db, now: NOW })).maintenances;
  const notices = async () => (await loadMaintenances({ db: database.db, now: NOW })).notices;
  const audit = () => listAudit(database.db, { limit: 100 });
  const post = (who: SignedIn, path: string, fields: Record<string, string | string[]>) =>
    postForm(api.app, path, { _csrf: who.csrf, ...fields }, who.jar);
  const page = async (who: SignedIn, path: string) => {
    const res = await getPage(api.app, path, who.jar);
    return { status: res.status, text: await res.text() };
  };
  /** The error shown under a field, and whether the control is marked invalid. */
  const fieldError = (text: string, name: string) => ({
    invalid: new RegExp(`name="${name}"[^>]*aria-invalid="true"`).test(text),
    message: new RegExp(`<p class="error" id="f-${name}-error">([^<]*)</p>`).exec(text)?.[1] ?? null,
  });

  const maintenanceForm = (fields: Record<string, string | string[]> = {}) => ({
    title: 'データベースの更新',
    title_en: 'Database upgrade',
    body: '請求書の作成が止まります。',
    body_en: '',
    scheduled_for: '2027-06-01T02:00',
    scheduled_until: '2027-06-01T04:00',
    components: [billing],
    short_notice_reason: '',
    ...fields,
  });

  test('the schedule form shows the lead-time policy from the settings beside it, in JST', async () => {
    const { status, text } = await page(operator, '/admin/maintenance/new');
    expect(status).toBe(200);
    expect(text).toContain('計画メンテナンスは開始の6か月前までに告知します。');
    // Announced now (28 Nov 2026, 10:00 JST), six calendar months on.
    expect(text).toContain('2027年5月28日 10:00 日本時間');
    expect(text).toMatch(/<input name="scheduled_for" type="datetime-local"/);
    expect(text).toContain('開始日時（日本時間）');
    const en = await page(operator, '/en/admin/maintenance/new');
    expect(en.text).toContain('Planned maintenance is announced at least 6 months before it starts.');
  });

  test('a maintenance six months ahead saves, read as JST, with an audit row naming the person and the API’s view of it', async () => {
    const changesBefore = api.changes.length;
    const res = await post(operator, '/admin/maintenance/new', maintenanceForm());
    expect(res.status).toBe(303);
    const [created] = await maintenances();
    expect(res.headers.get('Location')).toBe(`/admin/maintenance/${created!.id}`);
    expect(created).toMatchObject({
      title: 'データベースの更新',
      titleEn: 'Database upgrade',
      bodyEn: null,
      scheduledFor: new Date('2027-05-31T17:00:00Z'),
      scheduledUntil: new Date('2027-05-31T19:00:00Z'),
      componentIds: [billing],
      shortNotice: false,
    });
    expect(api.changes.slice(changesBefore)).toEqual([{ kind: 'maintenance', id: created!.id }]);
    const [row] = await audit();
    expect(row).toMatchObject({
      via: 'console',
      email: operator.email,
      operatorId: operator.operatorId,
      action: 'console: schedule maintenance',
      targetType: 'maintenance',
      targetId: created!.id,
      before: null,
    });
    expect(row!.after).toMatchObject({ id: created!.id, scheduled_for: '2027-06-01T02:00:00.000+09:00' });
    const detail = await page(operator, `/admin/maintenance/${created!.id}`);
    expect(detail.text).toContain('メンテナンスを予定しました。');
    expect(detail.text).toContain('2027年6月1日 02:00 日本時間');
  });

  test('one two weeks ahead without a reason shows the policy at the field, keeps what was typed and saves nothing', async () => {
    const before = (await maintenances()).length;
    const auditBefore = (await audit()).length;
    const res = await post(
      operator,
      '/admin/maintenance/new',
      maintenanceForm({ scheduled_for: '2026-12-12T02:00', scheduled_until: '2026-12-12T04:00' }),
    );
    expect(res.status).toBe(422);
    const text = await res.text();
    const error = fieldError(text, 'scheduled_for');
    expect(error.invalid).toBe(true);
    expect(error.message).toMatch(/6か月/);
    expect(text).toMatch(/<div class="error-summary" role="alert"[\s\S]*href="#f-scheduled_for"/);
    expect(text).toContain('value="2026-12-12T02:00"');
    expect(text).toContain('value="データベースの更新"');
    expect(text).toMatch(new RegExp(`value="${billing}" checked`));
    expect(await maintenances()).toHaveLength(before);
    expect(await audit()).toHaveLength(auditBefore);
  });

  test('with a reason for short notice the same maintenance saves, marked short notice with that reason', async () => {
    const res = await post(
      operator,
      '/admin/maintenance/new',
      maintenanceForm({
        title: '緊急の証明書更新',
        scheduled_for: '2026-12-12T02:00',
        scheduled_until: '2026-12-12T04:00',
        short_notice_reason: '証明書の失効が迫っているため',
      }),
    );
    expect(res.status).toBe(303);
    const created = (await maintenances()).find((m) => m.title === '緊急の証明書更新');
    expect(created).toMatchObject({ shortNotice: true, shortNoticeReason: '証明書の失効が迫っているため' });
  });

  test('a date that names no JST time is refused at its field, and the other mistakes are shown at once', async () => {
    const res = await post(
      operator,
      '/admin/maintenance/new',
      maintenanceForm({ title: '', scheduled_until: '2027-02-30T04:00' }),
    );
    expect(res.status).toBe(422);
    const text = await res.text();
    expect(fieldError(text, 'scheduled_until').message).toContain('2027-06-01T02:00');
    expect(fieldError(text, 'title').invalid).toBe(true);
  });

  test('a scheduled maintenance is rescheduled and then cancelled, each recorded with before and after', async () => {
    const target = (await maintenances()).find((m) => m.title === 'データベースの更新')!;
    const form = await page(operator, `/admin/maintenance/${target.id}/reschedule`);
    expect(form.text).toContain('value="2027-06-01T02:00"');
    const moved = await post(operator, `/admin/maintenance/${target.id}/reschedule`, {
      scheduled_for: '2027-06-08T02:00',
      scheduled_until: '2027-06-08T04:00',
      reason: '作業手順の見直し',
      short_notice_reason: '',
    });
    expect(moved.status).toBe(303);
    const [rescheduled] = await audit();
    expect(rescheduled).toMatchObject({ action: 'console: maintenance reschedule', targetId: target.id });
    expect(rescheduled!.before).toMatchObject({ scheduled_for: '2027-06-01T02:00:00.000+09:00' });
    expect(rescheduled!.after).toMatchObject({ scheduled_for: '2027-06-08T02:00:00.000+09:00' });
    const detail = await page(operator, `/admin/maintenance/${target.id}`);
    expect(detail.text).toContain('日程変更 · 2027年6月1日 02:00 日本時間');
    expect(detail.text).toContain('作業手順の見直し');
    expect(await post(operator, `/admin/maintenance/${target.id}/cancel`, { reason: '' })).toHaveProperty(
      'status',
      422,
    );
    expect((await post(operator, `/admin/maintenance/${target.id}/cancel`, { reason: '不要になった' })).status).toBe(
      303,
    );
    expect((await maintenances()).find((m) => m.id === target.id)?.status).toBe('cancelled');
  });

  test('a change notice a week ahead needs a reason for short notice, as the API does, then saves', async () => {
    const form = {
      kind: 'change',
      title: '請求書の形式変更',
      title_en: '',
      body: 'PDF の形式が変わります。',
      body_en: '',
      effective_at: '2026-12-05T00:00',
      components: [billing],
      short_notice_reason: '',
    };
    const refused = await post(operator, '/admin/notices/new', form);
    expect(refused.status).toBe(422);
    const text = await refused.text();
    expect(fieldError(text, 'effective_at')).toMatchObject({ invalid: true, message: expect.stringMatching(/1か月/) });
    expect(text).toContain('お客様に影響する仕様変更は1か月前までに告知します。');
    expect(await notices()).toHaveLength(0);
    const saved = await post(operator, '/admin/notices/new', { ...form, short_notice_reason: '法令改正への対応' });
    expect(saved.status).toBe(303);
    const [notice] = await notices();
    expect(notice).toMatchObject({ kind: 'change', shortNotice: true, effectiveAt: new Date('2026-12-04T15:00:00Z') });
    expect((await audit())[0]).toMatchObject({
      action: 'console: publish notice',
      targetType: 'notice',
      targetId: notice!.id,
    });
  });

  test('a webhook to a loopback address is refused at the URL field and nothing is registered', async () => {
    const res = await post(operator, '/admin/webhooks', {
      url: 'http://127.0.0.1:8080/hook',
      format: 'statuspage',
      language: 'ja',
    });
    expect(res.status).toBe(422);
    const text = await res.text();
    expect(fieldError(text, 'url')).toMatchObject({ invalid: true, message: expect.stringContaining('ループバック') });
    expect(text).toContain('value="http://127.0.0.1:8080/hook"');
    expect(await listWebhooks(database.db)).toHaveLength(0);
  });

  test('contacts are registered and removed after a confirmation page, each write in the audit log', async () => {
    const res = await post(operator, '/admin/contacts', { email: 'ops@customer.example.jp', name: '', language: 'en' });
    expect(res.status).toBe(303);
    const [contact] = await listContacts(database.db);
    expect(contact).toMatchObject({ email: 'ops@customer.example.jp', language: 'en', components: null });
    const again = await post(operator, '/admin/contacts', { email: 'OPS@customer.example.jp', language: 'en' });
    expect(again.status).toBe(422);
    const listed = await page(operator, '/admin/contacts');
    expect(listed.text).toContain(`<a href="/admin/contacts/${contact!.id}/remove">ops@customer.example.jp を削除</a>`);
    // The link asks first: nothing is removed until its form is sent.
    const asked = await page(operator, `/admin/contacts/${contact!.id}/remove`);
    expect(asked.text).toContain('ops@customer.example.jp を削除しますか？');
    expect(asked.text).toContain(`<form method="post" action="/admin/contacts/${contact!.id}/remove">`);
    expect(await listContacts(database.db)).toHaveLength(1);
    expect((await post(operator, `/admin/contacts/${contact!.id}/remove`, {})).status).toBe(303);
    expect(await listContacts(database.db)).toHaveLength(0);
    const [removed] = await audit();
    expect(removed).toMatchObject({
      action: 'console: remove contact',
      before: { email: 'ops@customer.example.jp' },
      after: null,
    });
  });

  test('subscribers are listed confirmed or not, and removed', async () => {
    await requestSubscription({
      db: database.db,
      now: NOW,
      email: 'reader@example.jp',
      choices: { language: 'ja', components: null, kinds: null },
    });
    const list = await page(operator, '/admin/subscribers');
    expect(list.text).toContain('reader@example.jp');
    expect(list.text).toContain('確認待ち');
    const [subscriber] = await listSubscribers(database.db);
    expect((await post(operator, `/admin/subscribers/${subscriber!.id}/remove`, {})).status).toBe(303);
    expect(await listSubscribers(database.db)).toHaveLength(0);
    expect((await audit())[0]).toMatchObject({
      action: 'console: remove subscriber',
      before: { email: 'reader@example.jp', confirmed_at: null },
    });
    expect((await post(operator, `/admin/subscribers/${subscriber!.id}/remove`, {})).status).toBe(404);
    expect((await page(operator, `/admin/subscribers/${subscriber!.id}/remove`)).status).toBe(404);
  });

  test('a viewer reads the pages without forms, and a viewer’s POST is refused and changes nothing', async () => {
    const list = await page(viewer, '/admin/maintenance');
    expect(list.status).toBe(200);
    expect(list.text).toContain('データベースの更新');
    expect(list.text).not.toContain('/admin/maintenance/new');
    const hooks = await page(viewer, '/admin/webhooks');
    expect(hooks.text).not.toContain('<form method="post" action="/admin/webhooks"');
    const before = (await maintenances()).length;
    const auditBefore = (await audit()).length;
    const res = await post(viewer, '/admin/maintenance/new', maintenanceForm());
    expect(res.status).toBe(403);
    expect((await post(viewer, '/admin/contacts', { email: 'x@example.jp', language: 'ja' })).status).toBe(403);
    expect(await maintenances()).toHaveLength(before);
    expect(await audit()).toHaveLength(auditBefore);
    expect((await page(viewer, '/admin/deliveries?status=failed')).status).toBe(200);
  });

  test('a notice is corrected, moved earlier only with a reason, and withdrawn; a correction that changes nothing republishes nothing', async () => {
    const [notice] = await notices();
    const path = `/admin/notices/${notice!.id}`;
    const unchanged = await page(operator, `${path}/amend`);
    expect(unchanged.text).toContain('value="請求書の形式変更"');
    const changesBefore = api.changes.length;
    const same = { title: '請求書の形式変更', title_en: '', body: 'PDF の形式が変わります。', body_en: '', reason: '' };
    expect((await post(operator, `${path}/amend`, same)).status).toBe(303);
    expect(api.changes.length).toBe(changesBefore);
    expect((await post(operator, `${path}/amend`, { ...same, title_en: 'Invoice format change' })).status).toBe(303);
    expect(api.changes.slice(changesBefore)).toEqual([{ kind: 'notice', id: notice!.id }]);
    const earlier = { effective_at: '2026-12-01T00:00', reason: '前倒し', short_notice_reason: '' };
    const refused = await post(operator, `${path}/postpone`, earlier);
    expect(refused.status).toBe(422);
    expect(fieldError(await refused.text(), 'effective_at').invalid).toBe(true);
    expect((await post(operator, `${path}/postpone`, { ...earlier, short_notice_reason: '法令の施行日' })).status).toBe(
      303,
    );
    expect((await post(operator, `${path}/withdraw`, { reason: '見送り' })).status).toBe(303);
    const [withdrawn] = await notices();
    expect(withdrawn).toMatchObject({
      titleEn: 'Invoice format change',
      effectiveAt: new Date('2026-11-30T15:00:00Z'),
      withdrawReason: '見送り',
    });
    expect((await audit())[0]).toMatchObject({ action: 'console: notice withdraw', before: { withdrawn_at: null } });
    // Withdrawn, it offers no change any more.
    expect((await getPage(api.app, `${path}/postpone`, operator.jar)).status).toBe(303);
  });

  test('a registered webhook’s secret is shown once, on the answer, and kept out of the audit log', async () => {
    const res = await post(operator, '/admin/webhooks', {
      url: 'https://hooks.example.jp/shirase',
      format: 'slack',
      language: 'en',
    });
    expect(res.status).toBe(201);
    const text = await res.text();
    const [hook] = await listWebhooks(database.db);
    expect(text).toContain(hook!.secret);
    expect((await page(operator, '/admin/webhooks')).text).not.toContain(hook!.secret);
    const [row] = await audit();
    expect(row).toMatchObject({
      action: 'console: register webhook',
      after: { url: 'https://hooks.example.jp/shirase', format: 'slack' },
    });
    expect(JSON.stringify(row)).not.toContain(hook!.secret);
  });

  test('a maintenance under way is extended and finished from its page, as the API allows', async () => {
    await post(
      operator,
      '/admin/maintenance/new',
      maintenanceForm({
        title: '回線工事',
        scheduled_for: '2026-11-28T10:10',
        scheduled_until: '2026-11-28T11:00',
        short_notice_reason: '回線事業者の都合',
      }),
    );
    const started = (await maintenances()).find((m) => m.title === '回線工事')!;
    api.setNow(new Date('2026-11-28T10:20:00+09:00'));
    try {
      const detail = await page(operator, `/admin/maintenance/${started.id}`);
      expect(detail.text).toContain(`/admin/maintenance/${started.id}/extend`);
      expect(detail.text).not.toContain(`/admin/maintenance/${started.id}/reschedule`);
      expect(
        (
          await post(operator, `/admin/maintenance/${started.id}/extend`, {
            extended_until: '2026-11-28T12:00',
            reason: '作業の遅れ',
          })
        ).status,
      ).toBe(303);
      expect(
        (await post(operator, `/admin/maintenance/${started.id}/finish`, { body: '完了しました。', body_en: '' }))
          .status,
      ).toBe(303);
      const done = (
        await loadMaintenances({ db: database.db, now: new Date('2026-11-28T10:21:00+09:00') })
      ).maintenances.find((m) => m.id === started.id);
      expect(done).toMatchObject({
        status: 'completed',
        overrides: { extendedUntil: new Date('2026-11-28T03:00:00Z') },
      });
    } finally {
      api.setNow(NOW);
    }
  });

  test('the deliveries page lists the recent ones with their recipient and status, and filters by status', async () => {
    await registerContact({ db: database.db, now: NOW, input: { email: 'watch@customer.example.jp', language: 'ja' } });
    // The announcements the tests above made, fanned out as the outbox worker does: one e-mail each to the contact.
    expect(await fanOut(database.db, NOW, 100)).toBeGreaterThan(0);
    const all = await page(viewer, '/admin/deliveries');
    expect(all.text).toContain('email: watch@customer.example.jp');
    expect(all.text).toContain('maintenance.announced');
    expect(all.text).toContain('送信待ち');
    const failed = await page(viewer, '/admin/deliveries?status=failed');
    expect(failed.text).toContain('<option value="failed" selected>');
    expect(failed.text).not.toContain('watch@customer.example.jp');
  });
});
