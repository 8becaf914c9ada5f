import { describe, expect, it } from 'vitest';
import { createComponent } from '../../api/core/commands/components.ts';
import { createIncident } from '../../api/core/commands/create-incident.ts';
import { postIncidentUpdate } from '../../api/core/commands/post-incident-update.ts';
import { loadConfig } from '../../api/server/config.ts';
import { readNotificationContext } from '../../api/server/notify-context.ts';
import { describeEachDatabase } from '../support/db.ts';

const NOW = new Date('2026-12-01T01:00:00Z');
const SETTINGS = { siteUrl: 'https://status.example.jp', contact: { phone: null, email: null, formUrl: null } };

describeEachDatabase('the notifications’ context read from the database', ({ database }) => {
  it('gives the shown component statuses and the page indicator of the unresolved incidents, not the resolved ones', async () => {
    const { db } = database();
    const billing = await createComponent({ db, now: NOW, input: { name: '請求', name_en: 'Billing' } });
    const orders = await createComponent({ db, now: NOW, input: { name: '受注' } });
    const open = { db, now: NOW, intervalMinutes: 30 };
    await createIncident({
      ...open,
      input: { name: '請求の遅延', body: '調査中', components: { [billing.id]: 'major_outage' } },
    });
    const past = await createIncident({
      ...open,
      input: { name: '受注の遅延', body: '調査中', components: { [orders.id]: 'partial_outage' } },
    });
    await postIncidentUpdate({ ...open, incidentId: past.id, input: { status: 'resolved', body: '復旧しました' } });

    const context = await readNotificationContext(db, NOW, SETTINGS);
    expect(context.indicator).toBe('critical');
    expect(context.components.map((c) => [c.name, c.nameEn, c.status])).toEqual([
      ['請求', 'Billing', 'major_outage'],
      ['受注', null, 'operational'],
    ]);
    expect(context.settings).toEqual(SETTINGS);
  });

  it('says all is well on a page with no incident', async () => {
    const { db } = database();
    await createComponent({ db, now: NOW, input: { name: '請求' } });
    expect((await readNotificationContext(db, NOW, SETTINGS)).indicator).toBe('none');
  });
});

describe('the notification settings of the environment', () => {
  const DAY = 1440;

  it('reminds of maintenance 7 days and 1 day ahead unless told otherwise, and of notices the same', () => {
    const { clock } = loadConfig({ DATA_DIR: 'memory' }).notify;
    expect(clock.maintenanceReminders).toEqual([7 * DAY, DAY]);
    expect(clock.noticeReminders).toEqual([7 * DAY, DAY]);
  });

  it('reads MAINTENANCE_REMINDERS in days, hours and minutes, the start needing no reminder of its own', () => {
    const env = { DATA_DIR: 'memory', MAINTENANCE_REMINDERS: '0, 2h,3d,90m', NOTICE_REMINDERS: 'off' };
    const { clock } = loadConfig(env).notify;
    expect(clock.maintenanceReminders).toEqual([3 * DAY, 120, 90]);
    expect(clock.noticeReminders).toEqual([]);
  });

  it('refuses a reminder without a unit, naming the variable and the bad part', () => {
    expect(() => loadConfig({ DATA_DIR: 'memory', NOTICE_REMINDERS: '7d,24' })).toThrow(
      /NOTICE_REMINDERS must be lead times such as 7d,1d,0 .*"24" is not one/,
    );
  });

  it('follows UPDATE_INTERVAL_MINUTES for the operators’ overdue alert', () => {
    expect(loadConfig({ DATA_DIR: 'memory', UPDATE_INTERVAL_MINUTES: '45' }).notify.clock.updateIntervalMinutes).toBe(
      45,
    );
  });

  it('puts the mail settings’ warnings among the start-up warnings', () => {
    const { warnings } = loadConfig({ DATA_DIR: 'memory', SMTP_URL: 'smtp://127.0.0.1:2525' });
    expect(warnings.join('\n')).toContain('MAIL_FROM is status@localhost');
  });

  it('warns that instances sharing a PostgreSQL need one SUBSCRIPTION_SECRET, and not once it is set', () => {
    const cluster = { DATA_DIR: 'memory', DATABASE_URL: 'postgres://shirase@db.example/shirase' };
    expect(loadConfig(cluster).warnings.join('\n')).toContain('SUBSCRIPTION_SECRET is not set');
    const secret = 'k7Qe2VxN9pLm4RtZ8wYc3HbJ6fGd5sAq';
    expect(loadConfig({ ...cluster, SUBSCRIPTION_SECRET: secret }).warnings.join('\n')).not.toContain(
      'SUBSCRIPTION_SECRET',
    );
  });

  it('refuses a bad SMTP_URL, webhook setting or SUBSCRIPTION_SECRET at start-up, naming the variable', () => {
    expect(() => loadConfig({ DATA_DIR: 'memory', SUBSCRIPTION_SECRET: 'short' })).toThrow(
      /SUBSCRIPTION_SECRET must be at least 32 characters/,
    );
    expect(() => loadConfig({ DATA_DIR: 'memory', SMTP_URL: 'http://mail.example.jp' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ DATA_DIR: 'memory', WEBHOOK_ALLOW_PRIVATE: 'yes' })).toThrow(/WEBHOOK_ALLOW_PRIVATE/);
  });
});
