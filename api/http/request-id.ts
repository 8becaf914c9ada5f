import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { fromTrustedProxy, type TrustedProxies } from './client-address.ts';

/**
 * What a proxy's id may be to be kept: a token that cannot break a log line or a header (bad input
 * 4: a line break in it would start a line of the sender's making).
 */
const SANE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * The request's id: a trusted proxy's `X-Request-Id` when it is a sane token, so that one id follows
 * the request through the proxy's log and ours; otherwise a new one. Anyone else's is ignored: a
 * client could otherwise pass its request off as another's in the log.
 */
export function requestIdOf(c: Context, trusted: TrustedProxies | undefined): string {
  const offered = c.req.header('X-Request-Id');
  if (offered !== undefined && SANE_ID.test(offered) && fromTrustedProxy(c, trusted)) return offered;
  return randomUUID();
}
