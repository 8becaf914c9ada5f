import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { notifyConfigFromEnv } from '../../api/server/notify-config.ts';
import { createNotifyService } from '../../api/server/notify-service.ts';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';
import { settingsFrom } from '../support/settings.ts';
import { acceptingSmtp } from '../support/smtp.ts';

const smtp = acceptingSmtp();
let smtpUrl = '';
beforeAll(async () => {
  smtpUrl = await smtp.start();
});
afterAll(() => smtp.stop());

const jst = (local: string) => new Date(`${local.replace(' ', 'T')}:00+09:00`);
const iso = (local: string) => `${local.replace(' ', 'T')}:00.000+09:00`;

describeEachDatabase('the first notice by e-mail in the service-level figures', ({ database }) => {
  it('measures each incident’s first accepted e-mail against the one-hour target, beside the site’s', async () => {
    await database().db.execute(sql`TRUNCATE contacts, subscribers, webhooks, notification_events, deliveries CASCADE`);
    const api = apiFor(database(), { now: jst('2026-11-28 07:00') });
    const inv = (await json(api.post('/api/v1/components', { name: '請求書', name_en: 'Invoices' }))).id as string;
    const ctr = (await json(api.post('/api/v1/components', { name: '契約書', name_en: 'Contracts' }))).id as string;
    // The only e-mail recipient hears of Invoices alone: an incident of Contracts has none.
    await api.post('/api/v1/contacts', { email: 'ops@example.jp', language: 'ja', components: [inv] });
    const open = async (created: string, detected: string, component: string) => {
      api.setNow(jst(created));
      const res = await api.post('/api/v1/incidents', {
        name: '障害',
        body: '調査しています。',
        detected_at: iso(detected),
        components: { [component]: 'major_outage' },
      });
      expect(res.status).toBe(201);
      return (await res.json()).id as string;
    };
    const late = await open('2026-11-28 08:30', '2026-11-28 08:00', inv); // e-mailed 10:30: 150 min, a miss
    const onTime = await open('2026-11-28 10:10', '2026-11-28 10:00', inv); // e-mailed 10:30: 30 min
    await open('2026-11-28 10:05', '2026-11-28 10:00', ctr); // no e-mail recipient

    // The server's outbox worker sends at 10:30; each incident's first acceptance is announced once.
    const sentAt = jst('2026-11-28 10:30');
    const told: string[] = [];
    let allTold: () => void = () => {};
    const bothTold = new Promise<void>((resolve) => {
      allTold = resolve;
    });
    const notify = createNotifyService({
      config: notifyConfigFromEnv({ SMTP_URL: smtpUrl, SUBSCRIPTION_SECRET: 'x'.repeat(32) }, 'memory', 30),
      settings: settingsFrom(),
      now: () => sentAt,
      log: () => {},
      onIncidentEmailed: (id) => {
        told.push(id);
        if (told.length === 2) allTold();
      },
    });
    notify.start(database().db);
    try {
      await bothTold;
    } finally {
      await notify.close(5_000);
    }
    expect(told.sort()).toEqual([late, onTime].sort());

    api.setNow(jst('2026-11-28 11:00'));
    const body = await json(api.get('/api/v1/service-levels'));
    // Site: notices 30, 10 and 5 minutes after detection, all within the hour.
    expect(body.response.first_notice).toMatchObject({ met_count: 3, count: 3 });
    // E-mail: 150 and 30 minutes; the Contracts incident is no miss, it had no one to e-mail.
    expect(body.response.first_email).toEqual({
      mean_minutes: 90,
      median_minutes: 90,
      target_minutes: 60,
      met_count: 1,
      count: 2,
      undelivered_count: 0,
      no_recipient_count: 1,
    });
  });
});
