import pLimit from 'p-limit';
import type { Db } from '../../../db/client.ts';
import type { DeliveryResult, NotificationEvent } from '../events.ts';
import { DEFAULT_RETRY, type RetryPolicy } from './backoff.ts';
import { claimDue, type DeliveryRow } from './claim.ts';
import { type ClockEventOptions, enqueueClockEvents } from './clock-events.ts';
import { expireUnconfirmed } from '../subscribe/store.ts';
import { fanOut } from './fan-out.ts';
import { loadEvents, loadRecipients, recipientKey } from './recipients.ts';
import { recordResult, recordSkipped } from './record-result.ts';
import type { Channels } from './types.ts';

export interface OutboxOptions {
  db: Db;
  now: () => Date;
  channels: Channels;
  /** Sends at once, across channels (an SMTP server or an endpoint is not hammered). */
  concurrency?: number;
  /** Events older than this are told to no one (fan-out.ts's STALE_AFTER_MS, a day). */
  staleAfterMs?: number;
  /** Deliveries leased per round. */
  batchSize?: number;
  /** How long a send may take before another worker may try the delivery again. */
  leaseMs?: number;
  retry?: RetryPolicy;
  /** For the jitter; tests pin it. */
  random?: () => number;
  /** Given: each drain first enqueues what the clock causes (reminders, starts, ends, overdue alerts). */
  clock?: ClockEventOptions;
  /** Told of each delivery once its acceptance is recorded (the published figures count e-mails' times). */
  onDelivered?: (delivery: DeliveryRow, event: NotificationEvent) => void;
  /** OPERATOR_EMAILS: sent the overdue-update alert by e-mail, besides the enabled admin and operator accounts. */
  operatorEmails?: readonly string[];
  /** Told of anything that went wrong outside a channel (the database down): the loop goes on. */
  onError?: (err: unknown) => void;
}

export interface DrainReport {
  fannedOut: number;
  attempted: number;
  delivered: number;
}

/**
 * The outbox worker: fans out new events, then sends what is due, a batch at a time. Any number
 * of workers (threads, processes, instances) may run against one database; the row locks and
 * leases keep them apart. `drain()` runs rounds until nothing is due now (tests, a one-off run);
 * `start()` runs it every `intervalMs` and whenever `wake()` is called (after a command commits).
 */
export function createOutbox(options: OutboxOptions) {
  const { db, now, channels } = options;
  const batchSize = options.batchSize ?? 50;
  const leaseMs = options.leaseMs ?? 60_000;
  const retry = options.retry ?? DEFAULT_RETRY;
  const random = options.random ?? Math.random;
  const limit = pLimit(options.concurrency ?? 8);

  async function sendBatch(): Promise<{ attempted: number; delivered: number }> {
    const rows = await claimDue(db, now(), { limit: batchSize, leaseMs });
    if (rows.length === 0) return { attempted: 0, delivered: 0 };
    const [recipients, events] = await Promise.all([
      loadRecipients(db, rows),
      loadEvents(
        db,
        rows.map((r) => r.eventId),
      ),
    ]);
    const outcomes = await Promise.all(
      rows.map((row) =>
        limit(async () => {
          const state = recipients.get(recipientKey(row));
          const event = events.get(row.eventId);
          if (!state || !event)
            return recordSkipped(db, row, 'failed', 'the recipient was removed', now()).then(() => 0);
          if (state.quarantined)
            return recordSkipped(db, row, 'quarantined', 'the recipient is quarantined', now()).then(() => 0);
          let result: DeliveryResult;
          try {
            result = await channels[row.channel].deliver(event, state.recipient);
          } catch (err) {
            result = { outcome: 'temporary', detail: `the channel failed: ${(err as Error)?.message ?? String(err)}` };
          }
          const status = await recordResult(db, row, result, {
            now: now(),
            policy: retry,
            random,
            failuresBefore: state.failures,
          });
          if (status !== 'delivered') return 0;
          options.onDelivered?.(row, event);
          return 1;
        }),
      ),
    );
    return { attempted: rows.length, delivered: outcomes.reduce<number>((a, b) => a + b, 0) };
  }

  async function drain(): Promise<DrainReport> {
    const report: DrainReport = { fannedOut: 0, attempted: 0, delivered: 0 };
    if (options.clock) await enqueueClockEvents(db, now(), options.clock);
    // Here and not only at the next sign-up: a door nobody uses would keep expired addresses forever.
    await expireUnconfirmed(db, now());
    for (;;) {
      // A shutdown waits for the batch under way only, not for a fan-out to thousands.
      if (halted) return report;
      const fanned = await fanOut(db, now(), batchSize, options.staleAfterMs, options.operatorEmails);
      const sent = await sendBatch();
      report.fannedOut += fanned;
      report.attempted += sent.attempted;
      report.delivered += sent.delivered;
      if (fanned === 0 && sent.attempted === 0) return report;
    }
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let again = false;
  let stopped = true;
  /** Set by stop(): a drain under way ends after its current batch (stopped alone is also true before start()). */
  let halted = false;

  /** One drain at a time per worker; a wake during a drain runs one more. */
  function wake(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .catch((err) => options.onError?.(err))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          wake();
        }
      });
  }

  return {
    drain,
    wake,
    start(intervalMs = 5_000): void {
      stopped = false;
      halted = false;
      timer = setInterval(wake, intervalMs);
      timer.unref();
      wake();
    },
    /**
     * Stops the timer and waits for the drain under way to end its current batch; leased deliveries
     * not finished stay leased until their lease ends, and what was not claimed yet waits for the next start.
     */
    async stop(): Promise<void> {
      stopped = true;
      halted = true;
      clearInterval(timer);
      await running;
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
