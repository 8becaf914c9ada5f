/**
 * How webhooks are sent, from configuration (api/server/webhook-config.ts parses the environment).
 * Every limit bounds what a slow or hostile receiver can cost us: a delivery never waits longer
 * than `requestTimeoutMs`, never reads more than `maxResponseBytes` of an answer.
 */
export interface WebhookOptions {
  /**
   * Send to loopback, private, link-local and other non-public addresses too (WEBHOOK_ALLOW_PRIVATE=1).
   * Off by default: an operator's URL must not reach the cloud metadata service or our own network.
   */
  allowPrivate: boolean;
  /** From the request's start until the TCP (and TLS) connection is up. */
  connectTimeoutMs: number;
  /** From the request's start until the answer's status line and the bytes we read of its body. */
  requestTimeoutMs: number;
  /** Bytes of a response body read at most (kept as an excerpt for the delivery log); the socket is then closed. */
  maxResponseBytes: number;
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = Object.freeze({
  allowPrivate: false,
  connectTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  maxResponseBytes: 64 * 1024,
});
