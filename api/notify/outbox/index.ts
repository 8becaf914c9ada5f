/**
 * The notification outbox (issue 11): what the wiring needs, and nothing of its insides.
 *
 * - `enqueueEvent(tx, event)`: record an event in the transaction of the change that causes it.
 * - `createOutbox({ db, now, channels, clock? })`: the worker; `start()`/`stop()` with the server,
 *   `wake()` after a command commits, `drain()` in tests. `channels` is one `Channel` per channel
 *   (`deliver(event, recipient) → DeliveryResult`): MAIL's and HOOK's senders.
 * - `enqueueClockEvents(db, now, options)`: reminders, starts, ends and overdue alerts (a drain runs
 *   it when the worker is given `clock`).
 */
export { DEFAULT_RETRY, type RetryPolicy } from './backoff.ts';
export { type ClockEventOptions, DEFAULT_CLOCK_EVENTS, enqueueClockEvents } from './clock-events.ts';
export { enqueueEvent } from './enqueue.ts';
export type { Channel, Channels, Recipient } from './types.ts';
export { createOutbox, type DrainReport, type Outbox, type OutboxOptions } from './worker.ts';
