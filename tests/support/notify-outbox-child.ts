/**
 * An outbox worker in its own process, for the kill test (tests/integration/notify-outbox-kill.test.ts):
 * `node notify-outbox-child.ts <pglite dir | postgres URL> <smtp port> <now ISO>`. It sends e-mail by SMTP with
 * nodemailer straight (a real channel, not MAIL's composer), one message at a time, drains and exits.
 */
import nodemailer from 'nodemailer';
import { openDatabase } from '../../db/client.ts';
import type { DeliveryResult } from '../../api/notify/events.ts';
import type { Channel } from '../../api/notify/outbox/types.ts';
import { createOutbox } from '../../api/notify/outbox/worker.ts';

const [target, port, nowIso] = process.argv.slice(2) as [string, string, string];
const database = await openDatabase(
  target.startsWith('postgres') ? { kind: 'postgres', url: target } : { kind: 'pglite', dataDir: target },
);
const transport = nodemailer.createTransport({ host: '127.0.0.1', port: Number(port), secure: false, ignoreTLS: true });

const email: Channel = {
  async deliver(event, recipient): Promise<DeliveryResult> {
    try {
      const info = await transport.sendMail({
        from: 'status@localhost',
        to: recipient.address,
        subject: event.kind,
        text: event.id,
      });
      return { outcome: 'delivered', detail: info.response };
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode ?? 0;
      return { outcome: code >= 500 ? 'permanent' : 'temporary', detail: String((err as Error).message) };
    }
  },
};
const webhook: Channel = { deliver: async () => ({ outcome: 'permanent', detail: 'no webhooks in this test' }) };

const outbox = createOutbox({
  db: database.db,
  now: () => new Date(nowIso),
  channels: { email, webhook },
  // One at a time: a message the server has not yet acknowledged is never the one after a recorded one.
  concurrency: 1,
  leaseMs: 60_000,
});
const report = await outbox.drain();
transport.close();
await database.close();
console.log(JSON.stringify(report));
