import { createServer } from 'node:net';
import { vi } from 'vitest';

/** The operator token every e2e server is started with (tests/support/server.ts). */
export const E2E_TOKEN = 'e2e-token-0123456789abcdef';

/** A TCP port nobody listens on at the moment of asking, on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** An answer's JSON as tests read it: field by field, where a wrong shape fails the assertion that reads it. */
// biome-ignore lint/suspicious/noExplicitAny: see above; naming every answer's type would add nothing a test checks.
type Json = any;

export interface ApiAnswer<T = Json> {
  status: number;
  body: T;
}

/** The operator API of a running server, with the e2e token; `base` is read on each call (servers start in beforeAll). */
export function operatorApi(base: string | (() => string), token = E2E_TOKEN) {
  const origin = typeof base === 'string' ? () => base : base;
  async function send<T = Json>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
    const res = await fetch(origin() + path, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
  return {
    send,
    get: <T = Json>(path: string) => send<T>('GET', path),
    /** The server's clock (a test clock, when started with one), as its health check tells it. */
    async now(): Promise<Date> {
      return new Date((await send<{ time: string }>('GET', '/api/v1/health')).body.time);
    },
    post: <T = Json>(path: string, body: unknown) => send<T>('POST', path, body),
    /** POSTs and expects 201; a refusal fails with the server's problem document, which names the field. */
    async create<T = { id: string; created_at: string }>(path: string, body: unknown): Promise<T> {
      const res = await send<T>('POST', path, body);
      if (res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body;
    },
  };
}

/**
 * Waits until `probe` stops throwing and returns its value (vitest's `vi.waitFor`), failing with the
 * probe's last error after `timeout` ms. For conditions the server reaches on its own: a publish
 * after a 201, a republish at a due time.
 */
export function waitFor<T>(probe: () => T | Promise<T>, timeout = 10_000): Promise<T> {
  return vi.waitFor(probe, { timeout, interval: 50 });
}

/** Waits until the published file at `path` contains `text` (the publisher works after the API's answer). */
export function waitForText(base: string, path: string, text: string, timeout = 10_000): Promise<string> {
  return waitFor(async () => {
    const body = await (await fetch(base + path)).text();
    if (!body.includes(text)) throw new Error(`"${text}" did not appear on ${path} within ${timeout} ms`);
    return body;
  }, timeout);
}
