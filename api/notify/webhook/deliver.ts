import type { LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { WebhookOptions } from './options.ts';
import { resultOfStatus, type WebhookDeliveryResult } from './outcome.ts';
import { type CheckedTarget, checkWebhookTarget, type Resolver } from './target.ts';

/** One signed request, ready to send (see request.ts). */
export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/**
 * The lookup given to the socket: it answers with the addresses already checked, never asking
 * DNS again, so a name cannot rebind to a private address between the check and the connect.
 */
function pinnedLookup(addresses: readonly LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [...addresses]);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
}

/**
 * POSTs one webhook: checks the target (and refuses it per `options.allowPrivate`), connects only
 * to the checked addresses, follows no redirect, gives up after the connect and whole-request
 * timeouts, and reads at most `options.maxResponseBytes` of the answer before closing the socket.
 * Never throws: every failure is an outcome. `now` dates a Retry-After given as an HTTP-date.
 */
export async function deliverWebhook(
  request: WebhookRequest,
  options: WebhookOptions & { resolve?: Resolver },
  now: Date,
): Promise<WebhookDeliveryResult> {
  const check = await checkWebhookTarget(request.url, options);
  if (!check.ok) return { outcome: 'permanent', reason: check.reason, detail: `target refused: ${check.reason}` };
  try {
    return await post(check.target, request, options, now);
  } catch (error) {
    // Node refuses to write a header value holding CR, LF or other forbidden characters.
    return { outcome: 'permanent', reason: 'invalid-request', detail: (error as Error).message };
  }
}

function post(
  { url, addresses }: CheckedTarget,
  request: WebhookRequest,
  options: WebhookOptions,
  now: Date,
): Promise<WebhookDeliveryResult> {
  return new Promise((resolve) => {
    const secure = url.protocol === 'https:';
    const req = (secure ? https : http).request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength(request.body)),
        'user-agent': 'Shirase-Webhooks/1',
        ...request.headers,
      },
      lookup: pinnedLookup(addresses),
      // A connection of its own, closed after: no pooled socket outlives a delivery.
      agent: false,
    });

    let response: { status: number; retryAfter: string | undefined; chunks: Buffer[]; size: number } | undefined;
    let settled = false;
    const finish = (outcome: WebhookDeliveryResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(wholeTimer);
      req.destroy();
      resolve(outcome);
    };
    const answered = () => {
      const r = response!;
      finish(resultOfStatus(r.status, r.retryAfter, Buffer.concat(r.chunks).toString('utf8'), now));
    };

    const connectTimer = setTimeout(
      () => finish({ outcome: 'temporary', reason: 'connect-timeout', detail: 'no connection in time' }),
      options.connectTimeoutMs,
    );
    // A receiver that answered its status but trickles its body is judged on the status.
    const wholeTimer = setTimeout(
      () => (response ? answered() : finish({ outcome: 'temporary', reason: 'timeout', detail: 'no answer in time' })),
      options.requestTimeoutMs,
    );
    req.on('socket', (socket) => {
      socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    req.on('response', (res) => {
      clearTimeout(connectTimer);
      const header = res.headers['retry-after'];
      response = { status: res.statusCode ?? 0, retryAfter: header, chunks: [], size: 0 };
      const r = response;
      res.on('data', (chunk: Buffer) => {
        const room = options.maxResponseBytes - r.size;
        if (room > 0) r.chunks.push(chunk.subarray(0, room));
        r.size += chunk.length;
        if (r.size >= options.maxResponseBytes) answered();
      });
      res.on('end', answered);
      res.on('error', answered);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (response) answered();
      else finish({ outcome: 'temporary', reason: 'network', detail: error.code ?? error.message });
    });
    req.end(request.body);
  });
}
