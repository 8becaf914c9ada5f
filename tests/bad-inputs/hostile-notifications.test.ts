import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyConfigFromEnv } from '../../api/server/notify-config.ts';
import { createNotifyService } from '../../api/server/notify-service.ts';
import type { Database } from '../../db/client.ts';
import { webhookReceiver } from '../integration/notify-webhook-receiver.ts';
import { apiFor, json } from '../support/api.ts';
import { openTestDatabase } from '../support/db.ts';
import { waitFor } from '../support/http.ts';
import { settingsFrom } from '../support/settings.ts';
import { collectingSmtp } from '../support/smtp.ts';

const NOW = new Date('2026-11-28T10:00:00+09:00');
/** bad-inputs.md 1, 2 and 3 in one title and one body, as an operator might paste them. */
const NAME = '{{7*7}} ${7*7} <%= 7*7 %> <img src=x onerror=alert(1)> "><svg onload=alert(1)> ]]> </script>';
const BODY = '<script>alert(1)</script> [x](javascript:alert(1)) " onfocus=alert(1) x=" {% raw %} @php echo 1; @endphp';

/** Every string in a JSON document, wherever it sits. */
const stringsOf = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : value && typeof value === 'object'
      ? Object.values(value).flatMap(stringsOf)
      : [];
/** Every object in a JSON document, itself included. */
// biome-ignore lint/suspicious/noExplicitAny: payloads are read field by field; a wrong shape fails the assertion.
const objectsOf = (value: any): any[] =>
  value && typeof value === 'object'
    ? [...(Array.isArray(value) ? [] : [value]), ...Object.values(value).flatMap(objectsOf)]
    : [];
const unescapeSlack = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
/** A tag or an event handler of the user's making, live in markup. */
const LIVE_MARKUP = /<(img|svg|script)\b|<[^>]*\son(error|load|focus)=|href\s*=\s*["']?javascript:/i;

describe('hostile text posted through the API, as e-mail and webhooks deliver it (bad-inputs.md 1 and 2)', () => {
  let database: Database;
  const smtp = collectingSmtp();
  let notify: ReturnType<typeof createNotifyService>;
  let hook: Awaited<ReturnType<typeof webhookReceiver>>;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    const smtpUrl = await smtp.start();
    hook = await webhookReceiver((res) => res.writeHead(204).end());
    const api = apiFor(database, { now: NOW, webhooks: { allowPrivate: true } });
    const component = (await json(api.post('/api/v1/components', { name: NAME, name_en: NAME }))).id;
    for (const language of ['ja', 'en'])
      await api.post('/api/v1/contacts', { email: `${language}@customer.example`, language });
    for (const [format, language] of [
      ['statuspage', 'ja'],
      ['slack', 'ja'],
      ['teams', 'en'],
    ])
      expect((await api.post('/api/v1/webhooks', { url: `${hook.url}/${format}`, format, language })).status).toBe(201);
    const res = await api.post('/api/v1/incidents', {
      name: NAME,
      name_en: NAME,
      body: BODY,
      body_en: BODY,
      components: { [component]: 'major_outage' },
    });
    expect(res.status).toBe(201);
    notify = createNotifyService({
      config: notifyConfigFromEnv(
        { SMTP_URL: smtpUrl, SUBSCRIPTION_SECRET: 'x'.repeat(32), WEBHOOK_ALLOW_PRIVATE: '1' },
        'memory',
        30,
      ),
      settings: settingsFrom(),
      now: () => NOW,
      log: () => {},
    });
    notify.start(database.db);
    notify.wake();
    await waitFor(() => {
      expect(smtp.received).toHaveLength(2);
      expect(hook.received).toHaveLength(3);
    });
  });
  afterAll(async () => {
    await notify?.close(5_000);
    await smtp.stop();
    await database?.close();
  });

  it('reach each contact with the title and body as typed, and no tag or handler of theirs in the HTML part', async () => {
    for (const { raw } of smtp.received) {
      const mail = await simpleParser(raw);
      expect(mail.subject).toContain(NAME);
      expect(mail.text).toContain(NAME);
      expect(mail.text).toContain('{% raw %} @php echo 1; @endphp');
      expect(mail.html || '').not.toMatch(LIVE_MARKUP);
      expect(mail.html || '').toContain('{{7*7}} ${7*7} &lt;%= 7*7 %&gt;');
    }
  });

  it('reach each webhook format with the title as typed: data in Statuspage’s JSON, never a live link in Slack’s or Teams’ markup', () => {
    const payloads = hook.received.map((r) => JSON.parse(r.body));
    const statuspage = payloads.find((p) => 'incident' in p);
    const slack = payloads.find((p) => 'blocks' in p);
    const teams = payloads.find((p) => 'attachments' in p);
    // Statuspage's shape is data, as /api/v2 is: the text exactly as typed, for the receiver to escape.
    expect(statuspage.incident.name).toBe(NAME);
    expect(stringsOf(statuspage)).toContain(BODY);
    const slackStrings = stringsOf(slack);
    expect(slackStrings.map(unescapeSlack).some((s) => s.includes(NAME))).toBe(true);
    const links = slackStrings.join('\n').match(/<[^>]*>/g) ?? [];
    expect(links).toHaveLength(1);
    expect(links[0]).toMatch(/^<https:\/\/status\.example\.jp\//);
    // Teams renders markdown in a TextBlock, never in a TextRun: the user's text must sit in runs only.
    const holders = objectsOf(teams).filter((o) => typeof o.text === 'string' && o.text.includes('javascript:'));
    expect(holders.length).toBeGreaterThan(0);
    for (const o of holders) expect(o.type).toBe('TextRun');
    expect(stringsOf(teams).some((s) => s.includes(NAME))).toBe(true);
    for (const payload of [slack, teams])
      for (const o of objectsOf(payload))
        for (const key of ['url', 'href'])
          if (typeof o[key] === 'string') expect(o[key]).toMatch(/^https:\/\/status\.example\.jp\//);
  });
});
