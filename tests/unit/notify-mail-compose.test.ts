import { describe, expect, test } from 'vitest';
import type { NotificationKind } from '../../api/notify/events.ts';
import { composeMail } from '../../api/notify/mail/compose.ts';
import { leadTime } from '../../api/notify/mail/content.ts';
import { LANGS } from '../../api/core/vocab.ts';
import { CONTACT, CONTEXT, event, incident, MAINTENANCE, OPERATOR, SUBSCRIBER } from './notify-mail-fixtures.ts';

const KINDS: NotificationKind[] = [
  'incident.created',
  'incident.updated',
  'incident.resolved',
  'incident.update_overdue',
  'maintenance.announced',
  'maintenance.reminder',
  'maintenance.started',
  'maintenance.completed',
  'maintenance.rescheduled',
  'maintenance.extended',
  'maintenance.cancelled',
  'notice.announced',
  'notice.reminder',
  'component.status_changed',
];

/** The elements Shirase itself writes; a user's `<img>` or `<svg>` must never add to them. */
const OWN_TAGS = new Set([
  'html',
  'head',
  'meta',
  'title',
  'body',
  'p',
  'h1',
  'table',
  'tr',
  'th',
  'td',
  'div',
  'a',
  'hr',
  'br',
  'small',
  'strong',
]);

/** Text a reader sees in the HTML part: tags dropped, the escapes the renderer writes undone. */
const visible = (html: string) =>
  html
    .replace(/<\/th><td[^>]*>/g, ': ')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

describe('an e-mail for a registered contact', () => {
  const mail = composeMail(event('incident.created'), CONTEXT, CONTACT);

  test('is in Japanese, with the incident, its status, components and time in JST as the pages write them', () => {
    expect(mail.subject).toBe('【障害発生】請求書の発行ができない');
    expect(mail.lang).toBe('ja');
    for (const part of [mail.text, visible(mail.html)]) {
      expect(part).toContain('状況: 調査中');
      expect(part).toContain('対象サービス: 請求書');
      expect(part).toContain('2026年12月1日 16:24 日本時間');
      expect(part).toContain('https://status.example.jp/incidents/inc_1/');
    }
    expect(mail.html).toContain('<strong>調査中</strong>');
    expect(mail.text).not.toContain('**');
  });

  test('says why it was sent and whom to ask to be removed, and offers no unsubscribe link', () => {
    for (const part of [mail.text, visible(mail.html)]) {
      expect(part).toContain('登録連絡先として登録されているため');
      expect(part).toContain('support@example.jp');
    }
    expect(mail.listUnsubscribe).toEqual([]);
    expect(mail.headers).not.toHaveProperty('List-Unsubscribe-Post');
    expect(mail.headers['Auto-Submitted']).toBe('auto-generated');
  });

  test('holds no image, script or stylesheet from anywhere', () => {
    expect(mail.html).not.toMatch(/<(img|script|link|iframe|object)\b/i);
    expect(mail.html).not.toMatch(/url\(/i);
  });
});

describe('an e-mail for a subscriber', () => {
  const mail = composeMail(event('incident.created'), CONTEXT, SUBSCRIBER);

  test('is in English, linking to the English page, with the manage and one-click unsubscribe links', () => {
    expect(mail.subject).toBe('[Incident] Invoices cannot be issued');
    expect(mail.text).toContain('https://status.example.jp/en/incidents/inc_1/');
    expect(mail.text).toContain('1 Dec 2026, 16:24 JST');
    for (const part of [mail.text, visible(mail.html)]) {
      expect(part).toContain(
        'Manage your subscription: https://status.example.jp/en/subscribe/manage/?token=tok_manage',
      );
      expect(part).toContain('Unsubscribe: https://status.example.jp/api/v1/subscriptions/unsubscribe?token=tok_unsub');
    }
    expect(mail.listUnsubscribe).toEqual([
      'https://status.example.jp/api/v1/subscriptions/unsubscribe?token=tok_unsub',
    ]);
    expect(mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  });

  test('falls back to the Japanese text of a record with no English, and says so', () => {
    const { incident: i, update } = incident({ nameEn: null }, { bodyEn: null });
    const fallback = composeMail(
      event('incident.updated', { type: 'incident', incident: i, update }),
      CONTEXT,
      SUBSCRIBER,
    );
    expect(fallback.subject).toBe('[Incident update] 請求書の発行ができない');
    expect(fallback.text).toContain('no English version');
    expect(fallback.text).toContain('請求書の発行ができない状態です。');
    expect(fallback.html).toContain('<h1 style="font-size:1.25em" lang="ja">');
  });
});

describe('every kind of event', () => {
  test.each(KINDS.flatMap((kind) => LANGS.map((lang) => [kind, lang] as const)))(
    '%s has its own subject and opening in %s, with no placeholder left',
    (kind, lang) => {
      const mail = composeMail(event(kind), CONTEXT, { ...CONTACT, lang });
      const others = KINDS.filter((k) => k !== kind).map(
        (k) => composeMail(event(k), CONTEXT, { ...CONTACT, lang }).subject,
      );
      expect(others).not.toContain(mail.subject);
      expect(`${mail.subject}\n${mail.text}`).not.toMatch(/\{\w+\}|notify\./);
      expect(mail.html).toContain(`<html lang="${lang}">`);
    },
  );

  test('a reminder says how long is left, and the one at the start says it is starting', () => {
    const week = composeMail(event('maintenance.reminder'), CONTEXT, SUBSCRIBER);
    expect(week.text).toContain('Planned maintenance starts in 7 days.');
    const atStart = composeMail(
      event('maintenance.reminder', { type: 'maintenance', maintenance: MAINTENANCE, reminderMinutes: 0 }),
      CONTEXT,
      CONTACT,
    );
    expect(atStart.text).toContain('計画メンテナンスの開始時刻になりました。');
    expect([1440, 120, 60, 90, 1].map((m) => leadTime('en', m))).toEqual([
      '1 day',
      '2 hours',
      '1 hour',
      '90 minutes',
      '1 minute',
    ]);
    expect(leadTime('ja', 7 * 1440)).toBe('7日');
  });

  test('a rescheduled maintenance gives the new window and the old one, in JST', () => {
    const mail = composeMail(event('maintenance.rescheduled'), CONTEXT, CONTACT);
    expect(mail.text).toContain('実施日時: 2026年12月16日 02:00 日本時間 〜 2026年12月16日 04:00 日本時間');
    expect(mail.text).toContain('変更前の日時: 2026年12月9日 02:00 日本時間 〜 2026年12月9日 04:00 日本時間');
    expect(mail.text).toContain('https://status.example.jp/maintenance/mnt_1/');
  });

  test('a notice links to its page and gives its effective date', () => {
    const mail = composeMail(event('notice.announced'), CONTEXT, SUBSCRIBER);
    expect(mail.subject).toBe('[Service termination notice] End of the old API (v1)');
    expect(mail.text).toContain('Effective: 1 Apr 2027, 00:00 JST');
    expect(mail.text).toContain('Affected components: All services');
    expect(mail.text).toContain('https://status.example.jp/en/notices/ntc_1/');
  });

  test('the overdue alert tells the operator when the update was due and what to do', () => {
    const mail = composeMail(event('incident.update_overdue'), CONTEXT, OPERATOR);
    expect(mail.text).toContain('次回の経過報告の期限（2026年12月1日 16:54 日本時間）を過ぎました');
    expect(mail.text).toContain('経過報告を投稿するか');
    expect(mail.text).toContain('当番オペレーター');
  });
});

describe('the components an event concerns', () => {
  test('are named in the order the status page lists them, and as all services when every one is named', () => {
    const named = (componentIds: string[]) =>
      composeMail({ ...event('maintenance.announced'), componentIds }, CONTEXT, CONTACT).text;
    expect(named(['cmp_quote', 'cmp_invoice'])).toContain('対象サービス: 請求書、見積書');
    expect(named(['cmp_quote', 'cmp_contract', 'cmp_invoice'])).toContain('対象サービス: すべてのサービス');
    expect(named([])).toContain('対象サービス: すべてのサービス');
  });
});

describe('the Message-ID', () => {
  test('is the same for the same event and recipient, another for another recipient, on the site domain', () => {
    const e = event('incident.created');
    const first = composeMail(e, CONTEXT, CONTACT).messageId;
    expect(composeMail(e, CONTEXT, { ...CONTACT, email: 'ADMIN@customer.example' }).messageId).toBe(first);
    expect(composeMail(e, CONTEXT, SUBSCRIBER).messageId).not.toBe(first);
    expect(composeMail(event('incident.updated'), CONTEXT, CONTACT).messageId).not.toBe(first);
    expect(first).toMatch(/^<[A-Za-z0-9_.-]+@status\.example\.jp>$/);
    expect(first).not.toContain('admin');
  });
});

describe('hostile text (bad-inputs.md 1, 2 and 4)', () => {
  const title = 'Down\r\nBcc: victim@evil.example\n{{7*7}} ${7*7} <%= 7*7 %> {title} <img src=x onerror=alert(1)>';
  const body = 'See [x](javascript:alert(1)) <svg onload=alert(1)> " onfocus=alert(1) x=" {% raw %} @php';
  const { incident: i, update } = incident({ name: title, nameEn: title }, { body, bodyEn: body });
  const mail = composeMail(event('incident.created', { type: 'incident', incident: i, update }), CONTEXT, CONTACT);

  test('a title with CR/LF makes a one-line subject', () => {
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toContain('Down Bcc: victim@evil.example');
  });

  test('template syntax comes back as typed, in the subject and both parts', () => {
    expect(mail.subject).toContain('{{7*7}} ${7*7} <%= 7*7 %> {title}');
    expect(mail.text).toContain('{% raw %} @php');
    expect(visible(mail.html)).toContain('{{7*7}} ${7*7} <%= 7*7 %> {title}');
    expect(`${mail.subject}${mail.text}${mail.html}`).not.toContain('49');
  });

  test('HTML in the title is escaped and in the body sanitized: no element or handler of the user reaches the HTML part', () => {
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const tags = new Set([...mail.html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1]!.toLowerCase()));
    expect([...tags].filter((tag) => !OWN_TAGS.has(tag))).toEqual([]);
    expect(mail.html).not.toMatch(/<[^>]*\son\w+=|javascript:/i);
    expect(mail.text).toContain('See x');
  });
});
