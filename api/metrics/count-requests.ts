import type { ServerResponse } from 'node:http';
import type { RequestCounts } from './request-counts.ts';
import { codeClassIndexOf, kindIndexOf } from './route-kind.ts';

/**
 * Counts a request once its answer is handed to the socket: at once when it was answered before
 * the listener returned (a hot file: no allocation), else when it finishes (a read from disk, a
 * request forwarded to the main thread). One a client left before its answer is not counted.
 * `started`: performance.now() when the listener got it.
 */
export function countAnswered(requests: RequestCounts, url: string, res: ServerResponse, started: number): void {
  if (res.writableEnded) record(requests, url, res, started);
  else res.once('finish', () => record(requests, url, res, started));
}

function record(requests: RequestCounts, url: string, res: ServerResponse, started: number): void {
  requests.record(kindIndexOf(url), codeClassIndexOf(res.statusCode), (performance.now() - started) / 1000);
}
