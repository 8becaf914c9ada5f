/**
 * The server side of the notification bench (scripts/bench/notify.ts), in a process of its own so
 * that its RSS is the worker's and not the receivers': the production API (createApp) and the
 * outbox worker with the real e-mail and webhook channels, on the database the parent names,
 * woken after every committed write as the server wakes it. Driven over IPC:
 *
 * - `{ op: 'post', path, body }` → `{ status, json, at }`: an API call; `at` is the moment of the
 *   answer (performance.timeOrigin + performance.now(), comparable across processes).
 * - `{ op: 'sql', text }` → `{ rows }`: seeding and counting, by SQL.
 */
import { sql } from 'drizzle-orm';
import { loadSiteModel } from '../../api/core/queries/site-model.ts';
import type { NotificationContext } from '../../api/notify/events.ts';
import { mailChannel } from '../../api/notify/mail/channel.ts';
import { createMailTransport } from '../../api/notify/mail/transport.ts';
import { createOutbox } from '../../api/notify/outbox/index.ts';
import { webhookChannel } from '../../api/notify/webhook/channel.ts';
import { DEFAULT_WEBHOOK_OPTIONS } from '../../api/notify/webhook/options.ts';
import { createApp } from '../../api/http/app.ts';
import { loadConfig } from '../../api/server/config.ts';
import { mailConfigFromEnv } from '../../api/server/mail-config.ts';
import { openDatabase } from '../../db/client.ts';

export const BENCH_TOKEN = 'bench-token-0123456789abcdef';

export type WorkerAsk = { op: 'post'; path: string; body: unknown } | { op: 'sql'; text: string };
export type WorkerRequest = WorkerAsk & { id: number };

const { DATABASE_URL, PGLITE_DIR, SMTP_PORT } = process.env;
const database = await openDatabase(
  DATABASE_URL ? { kind: 'postgres', url: DATABASE_URL } : { kind: 'pglite', dataDir: PGLITE_DIR ?? null },
);
await database.migrate();
const { db } = database;
const now = () => new Date();
const { settings } = loadConfig({ SITE_URL: 'https://status.example.jp' });

// The site's context is read once per second at most, not once per message: 10,000 site-model
// loads would measure the model, not the outbox.
let context: { at: number; value: Promise<NotificationContext> } | undefined;
const siteContext = () => {
  if (!context || performance.now() - context.at > 1000) {
    const value = loadSiteModel({ db, now: now() }).then((m) => ({
      settings,
      components: m.components,
      indicator: m.indicator,
    }));
    context = { at: performance.now(), value };
  }
  return context.value;
};

const transport = createMailTransport(mailConfigFromEnv({ SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}` }, 'memory'));
const email = mailChannel({
  transport,
  context: siteContext,
  // The links carry the subscriber's token in production; a fixed one costs the same to format.
  subscriberLinks: (s) => ({
    manageUrl: `${settings.siteUrl}/subscription/manage?token=bench-${s.id}`,
    unsubscribeUrl: `${settings.siteUrl}/subscription/unsubscribe?token=bench-${s.id}`,
  }),
});
const webhook = webhookChannel({
  options: { ...DEFAULT_WEBHOOK_OPTIONS, allowPrivate: true },
  context: siteContext,
  now,
});
const outbox = createOutbox({
  db,
  now,
  channels: { email, webhook },
  onError: (err) => console.error(`notify-worker: ${(err as Error).message}`),
});
const app = createApp({ db, now, adminToken: BENCH_TOKEN, settings, onChange: () => outbox.wake() });
outbox.start();

async function handle(request: WorkerRequest): Promise<unknown> {
  if (request.op === 'sql') {
    // node-postgres and PGlite both answer with { rows }.
    const result = (await db.execute(sql.raw(request.text))) as unknown as { rows: unknown[] };
    return { rows: result.rows };
  }
  const res = await app.request(request.path, {
    method: 'POST',
    headers: { Authorization: `Bearer ${BENCH_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(request.body),
  });
  const at = performance.timeOrigin + performance.now();
  return { status: res.status, json: await res.json(), at };
}

process.on('message', (request: WorkerRequest) => {
  handle(request).then(
    (value) => process.send?.({ id: request.id, value }),
    (err: Error) => process.send?.({ id: request.id, error: err.message }),
  );
});
process.on('disconnect', () => {
  void outbox
    .stop()
    .then(() => transport.close())
    .then(() => database.close())
    .finally(() => process.exit(0));
});
process.send?.({ ready: true });
