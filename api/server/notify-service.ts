import type { Db } from '../../db/client.ts';
import type { SiteSettings } from '../core/settings.ts';
import { waitAtMost } from '../core/time-limit.ts';
import { createMailTransport, mailChannel, type MailChannelDeps, type MailTransport } from '../notify/mail/index.ts';
import { createOutbox, type Outbox } from '../notify/outbox/index.ts';
import { webhookChannel } from '../notify/webhook/index.ts';
import type { NotifyConfig } from './notify-config.ts';
import { cachedContext, readNotificationContext } from './notify-context.ts';

export type SubscriberLinks = MailChannelDeps['subscriberLinks'];

export interface NotifyService {
  /** The process's one mail transport, for other mail it sends (the subscription door's sign-up mail). */
  readonly transport: MailTransport;
  /** Starts the outbox worker on the database once it is up: it sends every `intervalMs` and on `wake()`. */
  start(db: Db): void;
  /** After a write committed (its events are already in the outbox), or the database came back. */
  wake(): void;
  /**
   * Stops taking work, lets the deliveries under way finish within `waitMs`, then closes the SMTP
   * connections. A delivery cut off stays leased and is retried by the next worker after its lease.
   */
  close(waitMs: number): Promise<void>;
}

export interface NotifyServiceDeps {
  config: NotifyConfig;
  settings: Pick<SiteSettings, 'siteUrl' | 'contact'>;
  now: () => Date;
  log: (line: string) => void;
  /**
   * A subscriber's manage and one-click unsubscribe URLs (the subscription flow's `subscriberLinks`,
   * api/notify/subscribe/). Until it is wired, a subscriber's message is kept for later (temporary).
   */
  subscriberLinks?: SubscriberLinks;
  /** Between drains when nothing wakes the worker: the clock's reminders and other instances' writes. */
  intervalMs?: number;
  /** True while the database is known to be away: its link already says so, the worker need not repeat it. */
  databaseAway?: () => boolean;
}

const subscriberLinksMissing: SubscriberLinks = () => {
  throw new Error('subscriber links are not wired (NotifyServiceDeps.subscriberLinks)');
};

/**
 * Notifications in the running server (issue 11): one mail transport, the e-mail and webhook
 * channels, and the outbox worker with the clock's events (reminders, starts, ends, overdue alerts).
 *
 * In a cluster every instance runs its worker against the one PostgreSQL: fan-out and sending take
 * their rows with FOR UPDATE SKIP LOCKED and lease what they send (api/notify/outbox/), so two
 * workers never deliver the same event to the same recipient, and the clock's event ids are derived
 * from the record and the moment, so each is enqueued once whoever enqueues it.
 */
export function createNotifyService(deps: NotifyServiceDeps): NotifyService {
  const { config, settings, now, log } = deps;
  const transport = createMailTransport(config.mail, { now });
  log(transport.description);
  let db: Db | null = null;
  const context = cachedContext(async () => {
    if (!db) throw new Error('the database is not up yet');
    return readNotificationContext(db, now(), settings);
  });
  const channels = {
    email: mailChannel({
      transport,
      context: () => context.get(),
      subscriberLinks: deps.subscriberLinks ?? subscriberLinksMissing,
    }),
    webhook: webhookChannel({ options: config.webhooks, context: () => context.get(), now }),
  };
  let outbox: Outbox | null = null;
  let closed = false;
  let lastError = '';
  const onError = (err: unknown) => {
    const message = (err as Error)?.message ?? String(err);
    // Once per distinct failure: a worker retrying every few seconds must not flood the log.
    if (deps.databaseAway?.() || message === lastError) return;
    lastError = message;
    log(`notifications: the outbox worker failed (${message}); it tries again at its next round.`);
  };

  return {
    transport,
    start(database) {
      if (closed || outbox) return;
      db = database;
      outbox = createOutbox({ db: database, now, channels, clock: config.clock, onError });
      outbox.start(deps.intervalMs);
    },
    wake() {
      context.forget();
      outbox?.wake();
    },
    async close(waitMs) {
      closed = true;
      // stop() waits for the whole drain under way; the bound keeps a long one from holding the shutdown.
      await waitAtMost(outbox?.stop() ?? Promise.resolve(), waitMs);
      transport.close();
    },
  };
}
