import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request being handled, across every await beneath it: the logger stamps its id on each line,
 * and a 5xx answer quotes it. Apart from logger.ts so that reading it loads no logger.
 */
const requestScope = new AsyncLocalStorage<{ reqId: string }>();

/** Runs `fn` as the handling of one request: every line logged meanwhile, however deep, carries `req_id`. */
export function withRequestId<T>(reqId: string, fn: () => T): T {
  return requestScope.run({ reqId }, fn);
}

/** The id of the request being handled, if any. */
export function currentRequestId(): string | undefined {
  return requestScope.getStore()?.reqId;
}
