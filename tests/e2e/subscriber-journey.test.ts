import { type ParsedMail, simpleParser } from 'mailparser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { operatorApi, waitFor } from '../support/http.ts';
import { startServer } from '../support/server.ts';
import { collectingSmtp } from '../support/smtp.ts';
import { urlIn } from '../support/subscribe.ts';

/**
 * Issue 11's "Done when", the subscriber's sentence, in one scenario against the production entry
 * (`node scripts/serve.ts`) and a real SMTP server on loopback: a subscriber signs up from the
 * published Japanese page in Chromium (JavaScript off), confirms from the e-mail's link, receives
 * only the component chosen, and leaves with the one POST a mail client sends (RFC 8058).
 */

/** Generous: the worker is woken by the write, but the machine may be busy. */
const ARRIVES_WITHIN = 60_000;
const SUBSCRIBER = 'journey@customer.example';
/** A contact of every component: once its message about an incident is delivered, that incident's fan-out is done. */
const WITNESS = 'witness@customer.example';

const smtp = collectingSmtp();

/** Every message the SMTP server accepted for `address`, parsed, in the order they arrived. */
function mailTo(address: string): Promise<ParsedMail[]> {
  return Promise.all(smtp.received.filter((m) => m.to.includes(address)).map((m) => simpleParser(m.raw)));
}

/** The URL in a message's List-Unsubscribe header, as a mail client reads it. */
function listUnsubscribe(mail: ParsedMail): string {
  const line = mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '';
  const url = /<(https?:[^>]+)>/.exec(line)?.[1];
  if (!url) throw new Error(`no http(s) List-Unsubscribe URL in "${line}"`);
  return url;
}

describe('a subscriber on a server started with SMTP_URL', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;

  beforeAll(async () => {
    const smtpUrl = await smtp.start();
    [server, browser] = await Promise.all([
      startServer({ SMTP_URL: smtpUrl, MAIL_FROM: 'Shirase <status@example.jp>' }),
      launchBrowser(),
    ]);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp.stop();
  });

  it('signs up for one service on the Japanese page, confirms, gets only that service’s incident in Japanese, and leaves with one POST', async () => {
    const api = operatorApi(server.url);
    const { components } = (await api.get<{ components: { id: string; name: string }[] }>('/api/v1/components')).body;
    const [chosen, other] = components;
    if (!chosen || !other) throw new Error(`the demo catalogue has fewer than two components: ${components.length}`);
    await api.create('/api/v1/contacts', { email: WITNESS, language: 'ja' });

    /** Waits until the witness's messages about `count` incidents are delivered and nothing is left to send. */
    async function outboxDone(count: number) {
      return waitFor(async () => {
        const { deliveries } = (
          await api.get<{ deliveries: { recipient: { address: string }; status: string }[] }>('/api/v1/deliveries')
        ).body;
        const toWitness = deliveries.filter((d) => d.recipient.address === WITNESS && d.status === 'delivered');
        expect(toWitness, 'the witness’s deliveries').toHaveLength(count);
        expect(deliveries.filter((d) => d.status === 'pending' || d.status === 'sending')).toEqual([]);
        return deliveries.filter((d) => d.recipient.address === SUBSCRIBER);
      }, ARRIVES_WITHIN);
    }

    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/subscribe/`);
    await page.getByLabel('メールアドレス').fill(SUBSCRIBER);
    await page.getByLabel('選んだサービスのみ').check();
    await page.getByLabel(chosen.name, { exact: true }).check();
    await page.getByRole('button', { name: '確認メールを送る' }).click();
    await page.waitForURL(`${server.url}/subscribe/sent/`);

    const [confirmation] = await waitFor(async () => {
      const mails = await mailTo(SUBSCRIBER);
      expect(mails, 'the confirmation message').toHaveLength(1);
      return mails;
    }, ARRIVES_WITHIN);
    await page.goto(urlIn(confirmation!.text!, `${server.url}/subscription/confirm?`));
    await page.getByRole('button', { name: '登録を完了する' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('登録が完了しました');
    await context.close();

    const onChosen = await api.create('/api/v1/incidents', {
      name: '請求書の発行ができない',
      name_en: 'Invoices cannot be issued',
      body: '原因を調査しています。',
      components: { [chosen.id]: 'major_outage' },
    });
    await api.create('/api/v1/incidents', {
      name: '別サービスの障害',
      body: '調査中です。',
      components: { [other.id]: 'major_outage' },
    });
    expect(await outboxDone(2), 'one delivery to the subscriber, delivered').toMatchObject([{ status: 'delivered' }]);

    const [, incidentMail, ...more] = await mailTo(SUBSCRIBER);
    expect(
      more.map((m) => m.subject),
      'messages beyond the confirmation and one incident',
    ).toEqual([]);
    expect(incidentMail?.subject).toContain('請求書の発行ができない');
    expect(incidentMail?.subject).not.toContain('Invoices');
    expect(incidentMail?.text).toContain('原因を調査しています。');
    expect(incidentMail?.text).toContain(`${server.url}/incidents/${onChosen.id}/`);
    expect(incidentMail?.headers.get('content-language')).toBe('ja');

    // RFC 8058's one-click unsubscribe: one POST of the List-Unsubscribe URL, as a mail client sends it.
    const left = await fetch(listUnsubscribe(incidentMail!), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(left.status).toBe(200);

    await api.create('/api/v1/incidents', {
      name: '請求書の発行が再び遅延',
      body: '調査中です。',
      components: { [chosen.id]: 'degraded_performance' },
    });
    expect(await outboxDone(3), 'the subscriber’s deliveries after leaving').toHaveLength(1);
    expect(await mailTo(SUBSCRIBER)).toHaveLength(2);
    const manage = urlIn(incidentMail!.text!, `${server.url}/subscription/manage?`);
    expect((await fetch(manage)).status, 'the manage link no longer finds the subscriber').toBe(404);
  }, 180_000);
});
