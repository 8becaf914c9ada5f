import type { Db } from '../../../db/client.ts';
import type { Lang } from '../../core/vocab.ts';
import { atLevel, lazyLog } from '../../server/log-lazy.ts';
import type { MailTransport } from '../mail/transport.ts';
import type { SubscriptionChoices } from './choices.ts';
import { subscriptionUrl, subscriberLinks } from './links.ts';
import { composeSignUpMail } from './mail.ts';
import { componentsExist, expireUnconfirmed, requestSubscription } from './store.ts';
import { createThrottle, type Throttle } from './throttle.ts';
import { hashToken, manageToken, manageTokenId } from './tokens.ts';

export interface SubscriptionOptions {
  /** Sends the sign-up mail (MAIL's transport: SMTP, or .eml files in DATA_DIR/outbox). */
  transport: MailTransport;
  /** Derives each subscriber's manage token (tokens.ts); changing it voids every earlier manage link. */
  secret: string;
  /** SITE_URL: every link and redirect is made from it. */
  siteUrl: string;
  /** Sign-ups per address (by its hash) per window: past it the form answers the same, and nothing is sent. */
  perAddress?: Throttle;
  /** Sign-ups per client address per window: past it the form answers 429. */
  perClient?: Throttle;
  /** Confirm, manage and unsubscribe tokens naming no one, per client address per window: past it those POSTs answer 429. */
  perClientMisses?: Throttle;
  log?: (line: string) => void;
}

/** What the door does with a sign-up; `busy` is the client's own flood (429), never about the address. */
export type SignUpAnswer = { outcome: 'accepted' } | { outcome: 'busy' } | { outcome: 'wrong'; fields: ['components'] };

export interface SubscriptionService {
  readonly siteUrl: string;
  /**
   * Validated choices in, the same `accepted` whether the address is new, pending or confirmed
   * (bad input 14): the row is stored and the mail sent after the answer, so neither shows in it.
   */
  signUp(input: {
    db: Db;
    now: Date;
    email: string;
    choices: SubscriptionChoices;
    client: string | null;
  }): Promise<SignUpAnswer>;
  /** The subscriber id a manage or unsubscribe token names, if this server's secret made it. */
  subscriberOf(token: unknown): string | null;
  /**
   * Whether `client` may post a confirm, manage or unsubscribe token now: false once it has sent
   * too many that named no one (token guessing, bad input 14); the door then answers 429 whatever
   * the token, so that a hit and a miss look alike. A null client (no socket) is never held back.
   */
  mayTryToken(client: string | null, now: Date): boolean;
  /** Counts a posted token that named no one (unknown, forged or expired) against `client`. */
  tokenMissed(client: string | null, now: Date): void;
  /** The mail channel's `subscriberLinks`: manage and one-click URLs for a subscriber. */
  links(subscriber: { id: string; language: Lang }): { manageUrl: string; unsubscribeUrl: string };
  /** Resolves once every sign-up taken so far is stored and its mail handed to the transport. */
  idle(): Promise<void>;
}

const HOUR_MS = 60 * 60 * 1000;

export function createSubscriptionService(options: SubscriptionOptions): SubscriptionService {
  const { transport, secret, siteUrl } = options;
  const perAddress = options.perAddress ?? createThrottle({ limit: 3, windowMs: HOUR_MS });
  const perClient = options.perClient ?? createThrottle({ limit: 20, windowMs: HOUR_MS / 6 });
  const perClientMisses = options.perClientMisses ?? createThrottle({ limit: 20, windowMs: HOUR_MS / 6 });
  // Only failures are logged here.
  const log = options.log ? atLevel(options.log, 'warn') : lazyLog('warn');
  const sending = new Set<Promise<void>>();
  const links = subscriberLinks(siteUrl, secret);

  /** Work done after the answer: tracked for `idle`, its failures logged (the answer has left). */
  function later(what: string, work: () => Promise<void>) {
    const tracked: Promise<void> = work()
      .catch((e: unknown) => log(`subscription: ${what} failed: ${(e as Error).message}`))
      .finally(() => sending.delete(tracked));
    sending.add(tracked);
  }

  /** Stores or refreshes the sign-up and mails the confirmation link, or the manage link of an address already subscribed. */
  async function register(db: Db, now: Date, email: string, choices: SubscriptionChoices) {
    const signUp = await requestSubscription({ db, now, email, choices });
    const { subscriber } = signUp;
    const message =
      signUp.state === 'pending'
        ? composeSignUpMail(
            {
              kind: 'confirm',
              email: subscriber.email,
              lang: subscriber.language,
              url: subscriptionUrl(siteUrl, 'confirm', signUp.confirmToken, subscriber.language),
              until: subscriber.expiresAt!,
            },
            siteUrl,
            now,
          )
        : composeSignUpMail(
            {
              kind: 'known',
              email: subscriber.email,
              lang: choices.language,
              url: subscriptionUrl(siteUrl, 'manage', manageToken(secret, subscriber.id), choices.language),
            },
            siteUrl,
            now,
          );
    const result = await transport.send(message);
    if (result.outcome !== 'delivered')
      log(`subscription: a sign-up e-mail was not sent (${result.outcome}): ${result.detail}`);
  }

  return {
    siteUrl,
    links,
    subscriberOf: (token) => manageTokenId(secret, token),
    mayTryToken: (client, now) => client === null || !perClientMisses.exceeded(client, now),
    tokenMissed(client, now) {
      if (client !== null) perClientMisses.allow(client, now);
    },
    async signUp({ db, now, email, choices, client }) {
      if (client !== null && !perClient.allow(client, now)) return { outcome: 'busy' };
      if (!(await componentsExist(db, choices.components))) return { outcome: 'wrong', fields: ['components'] };
      // Also the proof that the database is there: without it the form answers 503, not a 303 to nothing.
      await expireUnconfirmed(db, now);
      // Past the address's allowance the answer is the same; only the mail (and the row's refresh) is left out.
      if (!perAddress.allow(hashToken(email.toLowerCase()), now)) return { outcome: 'accepted' };
      // Whether the address is new, pending or subscribed decides only what happens after the
      // answer: its statements and its mail would otherwise show in the answer's time (bad input 14).
      later('a sign-up', () => register(db, now, email, choices));
      return { outcome: 'accepted' };
    },
    async idle() {
      while (sending.size > 0) await Promise.all([...sending]);
    },
  };
}
