import type { DeliveryResult } from '../events.ts';
import type { TargetRefusal } from './target.ts';

type Outcome<O extends DeliveryResult['outcome']> = Extract<DeliveryResult, { outcome: O }>;

/**
 * One attempt's result (a DeliveryResult, with the webhook's particulars): the outbox retries a
 * `temporary` one and stops at a `permanent` one.
 *
 * - `delivered`: a 2xx.
 * - `temporary`: no answer in time, the connection failed, a 5xx, 408 or 429 (`retryAfterMs`:
 *   the receiver's Retry-After, when it sent one).
 * - `permanent`: retrying the same request cannot help — the target is refused, it redirected
 *   (never followed: the new location could be anywhere), or another 4xx (410 Gone: stop), or
 *   the request itself cannot be written (a header value Node refuses).
 */
export type WebhookDeliveryResult =
  | (Outcome<'delivered'> & { status: number })
  | (Outcome<'temporary'> & {
      reason: 'connect-timeout' | 'timeout' | 'network' | 'server-error' | 'rate-limited' | 'request-timeout';
      status?: number;
    })
  | (Outcome<'permanent'> & {
      reason: TargetRefusal | 'invalid-request' | 'redirect' | 'gone' | 'client-error';
      status?: number;
    });

/** Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, as milliseconds from `now`. */
export function retryAfterMs(header: string | undefined, now: Date): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** The details are logged and shown to operators: one line, no control characters, bounded. */
function detailOf(status: number, body: string): string {
  const excerpt = body
    .replace(/[\u0000-\u001F\u007F]+/g, ' ')
    .trim()
    .slice(0, 500);
  return excerpt ? `HTTP ${status}: ${excerpt}` : `HTTP ${status}`;
}

export function resultOfStatus(
  status: number,
  retryAfter: string | undefined,
  body: string,
  now: Date,
): WebhookDeliveryResult {
  const detail = detailOf(status, body);
  if (status >= 200 && status < 300) return { outcome: 'delivered', status, detail };
  if (status >= 300 && status < 400) return { outcome: 'permanent', reason: 'redirect', status, detail };
  if (status === 408) return { outcome: 'temporary', reason: 'request-timeout', status, detail };
  const wait = retryAfterMs(retryAfter, now);
  const later = wait === undefined ? {} : { retryAfterMs: wait };
  if (status === 429) return { outcome: 'temporary', reason: 'rate-limited', status, detail, ...later };
  if (status === 410) return { outcome: 'permanent', reason: 'gone', status, detail };
  if (status >= 400 && status < 500) return { outcome: 'permanent', reason: 'client-error', status, detail };
  return { outcome: 'temporary', reason: 'server-error', status, detail, ...later };
}
