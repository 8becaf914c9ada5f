import { expect, test } from 'vitest';
import { mailChannel } from '../../api/notify/mail/channel.ts';
import { describeEachDatabase } from '../support/db.ts';
import { TEST_SITE_URL } from '../support/settings.ts';
import { eachSubscriptionApp, signUpAndConfirm, urlIn } from '../support/subscribe.ts';
import { CONTEXT, event } from '../unit/notify-mail-fixtures.ts';

describeEachDatabase('a subscriber’s notification', ({ database }) => {
  const door = eachSubscriptionApp(database);

  test('carries a manage link and a one-click List-Unsubscribe whose POST, and only that, deletes the subscriber', async () => {
    const row = await signUpAndConfirm(door(), 'follower@customer.example', [], 'en');
    const channel = mailChannel({
      transport: door().transport,
      context: () => CONTEXT,
      subscriberLinks: door().service.links,
    });
    const sent = await channel.deliver(event('incident.created'), {
      channel: 'email',
      kind: 'subscriber',
      id: row.id,
      address: row.email,
      name: null,
      language: row.language,
    });
    expect(sent.outcome).toBe('delivered');
    const mail = (await door().mails()).at(-1)!;
    const line = (key: string) => mail.headerLines.find((h) => h.key === key)?.line.replace(/\r?\n[ \t]+/g, ' ');
    expect(line('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const header = line('list-unsubscribe')!;
    const oneClick = /<(https:[^>]+)>/.exec(header)![1]!;
    expect(oneClick.startsWith(`${TEST_SITE_URL}/subscription/unsubscribe?`)).toBe(true);

    const manage = urlIn(mail.text!, `${TEST_SITE_URL}/subscription/manage?`);
    const page = await door().app.request(manage.slice(TEST_SITE_URL.length));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('follower@customer.example');

    // A scanner's GET of either link leaves the subscription in place.
    await door().app.request(oneClick.slice(TEST_SITE_URL.length));
    expect(await door().subscriber('follower@customer.example')).not.toBeNull();
    const res = await door().form(oneClick.slice(TEST_SITE_URL.length), 'List-Unsubscribe=One-Click');
    expect(res.status).toBe(200);
    expect(await door().subscriber('follower@customer.example')).toBeNull();
  });
});
