import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach } from 'vitest';
import { createApp } from '../../api/http/app.ts';
import type { TrustedProxies } from '../../api/http/client-address.ts';
import { createMailTransport } from '../../api/notify/mail/transport.ts';
import { createSubscriptionService, createThrottle } from '../../api/notify/subscribe/index.ts';
import { mailConfigFromEnv } from '../../api/server/mail-config.ts';
import type { Database } from '../../db/client.ts';
import { subscribers } from '../../db/schema/index.ts';
import { TOKEN } from './api.ts';
import { settingsFrom, TEST_SITE_URL } from './settings.ts';

export const SECRET = 'test-subscription-secret';

/**
 * The production app with the subscriber's door: sign-up mail written as .eml files (MAIL's
 * fallback transport) into a folder of its own, a clock the test moves, and throttles given.
 */
export function subscriptionApp(
  database: Database,
  options: {
    perAddress?: number;
    perClient?: number;
    secret?: string;
    siteUrl?: string;
    /** TRUSTED_PROXIES, parsed; and API_RATE_LIMIT (absent: none). */
    trustedProxies?: TrustedProxies;
    apiRateLimit?: number;
  } = {},
) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'shirase-subscribe-'));
  const outbox = path.join(dataDir, 'outbox');
  const transport = createMailTransport(mailConfigFromEnv({}, dataDir));
  const hour = 60 * 60 * 1000;
  const service = createSubscriptionService({
    transport,
    secret: options.secret ?? SECRET,
    siteUrl: options.siteUrl ?? TEST_SITE_URL,
    perAddress: createThrottle({ limit: options.perAddress ?? 100, windowMs: hour }),
    perClient: createThrottle({ limit: options.perClient ?? 100, windowMs: hour }),
  });
  let now = new Date('2026-11-28T10:00:00+09:00');
  const app = createApp({
    db: database.db,
    now: () => now,
    adminToken: TOKEN,
    settings: settingsFrom(),
    subscription: service,
    trustedProxies: options.trustedProxies,
    apiRateLimit: options.apiRateLimit,
  });
  /** A form POST, as a browser sends it; `client` is the socket's address. */
  const form = (
    url: string,
    fields: [string, string][] | string,
    client?: string,
    headers: Record<string, string> = {},
  ) =>
    app.request(
      url,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
        body: typeof fields === 'string' ? fields : new URLSearchParams(fields).toString(),
      },
      client ? { incoming: { socket: { remoteAddress: client } } } : undefined,
    );
  return {
    app,
    service,
    transport,
    form,
    setNow: (d: Date) => (now = d),
    now: () => now,
    /** Every sign-up mail sent so far, parsed, oldest first (names sort by time, then order). */
    async mails() {
      await service.idle();
      let files: string[] = [];
      try {
        files = readdirSync(outbox)
          .filter((f) => f.endsWith('.eml'))
          .sort();
      } catch {}
      return Promise.all(files.map((f) => simpleParser(readFileSync(path.join(outbox, f)))));
    },
    /** The stored row of `email` once every sign-up taken so far is done (they finish after their answer). */
    async subscriber(email: string) {
      await service.idle();
      const [row] = await database.db
        .select()
        .from(subscribers)
        .where(eq(sql`lower(${subscribers.email})`, email.toLowerCase()));
      return row ?? null;
    },
    close() {
      transport.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The sign-up form's fields: all components and kinds unless told otherwise. */
export function signUpFields(email: string, more: [string, string][] = [], language = 'ja'): [string, string][] {
  const base: [string, string][] = [
    ['email', email],
    ['language', language],
  ];
  const hasScope = more.some(([k]) => k === 'scope');
  const hasKind = more.some(([k]) => k === 'kind');
  return [
    ...base,
    ...(hasScope ? [] : ([['scope', 'all']] as [string, string][])),
    ...(hasKind
      ? []
      : ([
          ['kind', 'incidents'],
          ['kind', 'maintenance'],
          ['kind', 'notices'],
        ] as [string, string][])),
    ...more,
  ];
}

/** The URL in a text that starts with `prefix`. */
export function urlIn(text: string, prefix: string): string {
  const found = text.match(new RegExp(`${prefix.replace(/[.?]/g, '\\$&')}\\S+`));
  if (!found) throw new Error(`no ${prefix}… URL in:\n${text}`);
  return found[0];
}

/** A fresh door for each test of the suite it is called in, on an empty subscribers table. */
export function eachSubscriptionApp(
  database: () => Database,
  options: { perAddress?: number; perClient?: number } = {},
) {
  let door: ReturnType<typeof subscriptionApp>;
  beforeEach(async () => {
    await database().db.execute(sql`delete from subscribers`);
    door = subscriptionApp(database(), options);
  });
  afterEach(() => door.close());
  return () => door;
}

/** Signs `email` up through the door and confirms it with the link of the mail it was sent; the stored row. */
export async function signUpAndConfirm(
  door: ReturnType<typeof subscriptionApp>,
  email: string,
  more: [string, string][] = [],
  language = 'ja',
) {
  const signedUp = await door.form('/subscription/', signUpFields(email, more, language));
  if (signedUp.status !== 303) throw new Error(`the sign-up answered ${signedUp.status}`);
  const mail = (await door.mails()).at(-1)!;
  const token = new URL(urlIn(mail.text!, `${TEST_SITE_URL}/subscription/confirm?`)).searchParams.get('token')!;
  const confirmed = await door.form('/subscription/confirm', [
    ['token', token],
    ['lang', language],
  ]);
  if (confirmed.status !== 200) throw new Error(`the confirmation answered ${confirmed.status}`);
  return (await door.subscriber(email))!;
}
