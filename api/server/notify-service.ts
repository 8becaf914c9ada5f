import type { Db } from '../../db/client.ts';
import { INCIDENT_NOTICE_KINDS } from '../core/queries/first-email.ts';
import type { SiteSettings } from '../core/settings.ts';
import { waitAtMost } from '../core/time-limit.ts';
import { createMailTransport, type MailChannelDeps, mailChannel, type MailTransport } from '../notify/mail/index.ts';
import { createOutbox, type Outbox, type OutboxOptions } from '../notify/outbox/index.ts';
import {
  createSubscriptionService,
  loadSubscriptionSecret,
  type SubscriptionService,
} from '../notify/subscribe/index.ts';
import { webhookChannel } from '../notify/webhook/index.ts';
import type { NotifyConfig } from './notify-config.ts';
import { cachedContext, readNotificationContext } from './notify-context.ts';
import { atLevel } from './log-lazy.ts';

export interface NotifyService {
  /** The process's one mail transport. */
  readonly transport: MailTransport;
  /** The subscription door's service (AppDeps.subscription): its sign-up mail goes through the same transport. */
  readonly subscription: SubscriptionService;
  /** Starts the outbox worker on the database once it is up: it sends every `intervalMs` and on `wake()`. */
  start(db: Db): void;
  /** After a write committed (its events are already in the outbox), or the database came back. */
  wake(): void;
  /**
   * Stops taking work, lets the deliveries and sign-up mails under way finish within `waitMs`, then closes the SMTP
   * connections. A delivery cut off stays leased and is retried by the next worker after its lease.
   */
  close(waitMs: number): Promise<void>;
}

export interface NotifyServiceDeps {
  config: NotifyConfig;
  settings: Pick<SiteSettings, 'siteUrl' | 'contact'>;
  /** DATA_DIR: where a subscription secret made at first start is kept (api/notify/subscribe/secret.ts); default `memory`. */
  dataDir?: string;
  now: () => Date;
  log: (line: string) => void;
  /** Instead of the door's own links (benches): a subscriber's manage and one-click unsubscribe URLs. */
  subscriberLinks?: MailChannelDeps['subscriberLinks'];
  /** Between drains when nothing wakes the worker: the clock's reminders and other instances' writes. */
  intervalMs?: number;
  /**
   * Once per incident and process, after the first e-mail about it was accepted: the service-level
   * figures count that time (the publisher is told the incident changed, backend.ts).
   */
  onIncidentEmailed?: (incidentId: string) => void;
  /** True while the database is known to be away: its link already says so, the worker need not repeat it. */
  databaseAway?: () => boolean;
}

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
  // One secret for the door that checks a subscriber's links and the messages that carry them.
  const secret = loadSubscriptionSecret({ SUBSCRIPTION_SECRET: config.subscriptionSecret }, deps.dataDir ?? 'memory');
  if (secret.warning) atLevel(log, 'warn')(secret.warning);
  const subscription = createSubscriptionService({
    transport,
    secret: secret.secret,
    siteUrl: settings.siteUrl,
    log,
  });
  let db: Db | null = null;
  const context = cachedContext(async () => {
    if (!db) throw new Error('the database is not up yet');
    return readNotificationContext(db, now(), settings);
  });
  const channels = {
    email: mailChannel({
      transport,
      context: () => context.get(),
      subscriberLinks: deps.subscriberLinks ?? ((subscriber) => subscription.links(subscriber)),
    }),
    webhook: webhookChannel({ options: config.webhooks, context: () => context.get(), now }),
  };
  const emailed = new Set<string>();
  const onDelivered: OutboxOptions['onDelivered'] = (delivery, event) => {
    if (delivery.channel !== 'email' || event.subject.type !== 'incident') return;
    const id = event.subject.incident.id;
    if (!INCIDENT_NOTICE_KINDS.includes(event.kind) || emailed.has(id)) return;
    emailed.add(id);
    deps.onIncidentEmailed?.(id);
  };
  let outbox: Outbox | null = null;
  let closed = false;
  let lastError = '';
  const onError = (err: unknown) => {
    const message = (err as Error)?.message ?? String(err);
    // Once per distinct failure: a worker retrying every few seconds must not flood the log.
    if (deps.databaseAway?.() || message === lastError) return;
    lastError = message;
    atLevel(log, 'error')(`notifications: the outbox worker failed (${message}); it tries again at its next round.`);
  };

  return {
    transport,
    subscription,
    start(database) {
      if (closed || outbox) return;
      db = database;
      outbox = createOutbox({
        db: database,
        now,
        channels,
        clock: config.clock,
        onError,
        onDelivered,
        operatorEmails: config.operatorEmails,
      });
      outbox.start(deps.intervalMs);
    },
    wake() {
      context.forget();
      outbox?.wake();
    },
    async close(waitMs) {
      closed = true;
      // stop() waits for the whole drain under way; the bound keeps a long one from holding the shutdown.
      await waitAtMost(Promise.all([outbox?.stop(), subscription.idle()]), waitMs);
      transport.close();
    },
  };
}
