/**
 * The server side of the notification bench (scripts/bench/notify.ts), in a process of its own so
 * that its RSS is the worker's and not the receivers': the production API (createApp) and the
 * notification service the server runs (api/server/notify-service.ts: the outbox worker with the
 * real e-mail and webhook channels), on the database the parent names, woken after every committed
 * write as the server wakes it. Driven over IPC:
 *
 * - `{ op: 'post', path, body }` → `{ status, json, at }`: an API call; `at` is the moment of the
 *   answer (performance.timeOrigin + performance.now(), comparable across processes).
 * - `{ op: 'sql', text }` → `{ rows }`: seeding and counting, by SQL.
 */
import { sql } from 'drizzle-orm';
import { createApp } from '../../api/http/app.ts';
import { loadConfig } from '../../api/server/config.ts';
import { createNotifyService } from '../../api/server/notify-service.ts';
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
const config = loadConfig({
  SITE_URL: 'https://status.example.jp',
  DATA_DIR: 'memory',
  SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
  WEBHOOK_ALLOW_PRIVATE: '1',
});
const { settings } = config;
// The server's own composition (backend.ts): one transport, both channels, the worker with the
// clock's events, the cached context, and subscribers' links signed by the subscription door.
const notify = createNotifyService({ config: config.notify, settings, now, log: () => {} });
const app = createApp({ db, now, adminToken: BENCH_TOKEN, settings, onChange: () => notify.wake() });
notify.start(db);

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
  void notify
    .close(10_000)
    .then(() => database.close())
    .finally(() => process.exit(0));
});
process.send?.({ ready: true });
