import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorApi, waitFor } from '../support/http.ts';
import { startServer } from '../support/server.ts';
import { acceptingSmtp } from '../support/smtp.ts';

/** Monday 30 November 2026, 14:00 JST, the demo catalogue seeded then (as tests/e2e/service-levels.test.ts). */
const START = '2026-11-30T14:00:00+09:00';

/**
 * A loopback SMTP server that takes each message's data but answers only once the test lets it:
 * the acceptance, and so the first e-mail's time, then comes after the incident's last write.
 */
let release: () => void = () => {};
const released = new Promise<void>((resolve) => {
  release = resolve;
});
const smtp = acceptingSmtp(released);

describe('the first notice by e-mail on the published service-level page', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  const api = operatorApi(() => server.url);

  beforeAll(async () => {
    const url = await smtp.start();
    server = await startServer(
      { SMTP_URL: url, SUBSCRIPTION_SECRET: 'e2e-subscription-secret-0123456789' },
      { clock: START },
    );
  });
  afterAll(async () => {
    release();
    await server?.stop();
    await smtp.stop();
  });

  const figure = async (name: string) => {
    const html = await (await fetch(`${server.url}/en/service-levels/`)).text();
    return new RegExp(`data-figure="${name}"[^>]*>([^<]*)<`).exec(html)?.[1];
  };

  it('shows the e-mail accepted after the incident’s last write, within the hour, beside the site’s notice', async () => {
    const { components } = (await api.get<{ components: Array<{ id: string }> }>('/api/v1/components')).body;
    const contact = await api.post('/api/v1/contacts', { email: 'ops@example.jp', language: 'en' });
    expect(contact.status).toBe(201);
    const incident = await api.post('/api/v1/incidents', {
      name: '障害',
      body: '調査しています。',
      detected_at: '2026-11-30T13:40:00+09:00',
      components: { [components[0]!.id]: 'major_outage' },
    });
    expect(incident.status).toBe(201);
    // Published after the write (the site's notice: 20 minutes), while the SMTP server holds its answer.
    await waitFor(async () => expect(await figure('first-met')).toBe('1 of 1'));
    await waitFor(() => expect(smtp.received()).toBe(1));
    release();
    // Only the outbox worker's word to the publisher brings the acceptance's time to the page.
    await waitFor(async () => expect(await figure('email-met')).toBe('1 of 1'));
    expect(await figure('email-mean')).toMatch(/^20(\.\d)? min$/);
    const promises = await (await fetch(`${server.url}/en/service-levels/promises/`)).text();
    expect(promises).toMatch(/By e-mail: 1 of 1 within the target \(mean 20(\.\d)? min\)/);
  }, 60_000);
});
