import { createApp } from '../../api/http/app.ts';
import type { Change } from '../../api/core/change.ts';
import type { SiteSettings } from '../../api/core/settings.ts';
import type { PublishingStatus } from '../../api/publish/publish-status.ts';
import type { WebhookTargetPolicy } from '../../api/notify/recipients/webhooks.ts';
import type { Database } from '../../db/client.ts';
import { settingsFrom } from './settings.ts';

export const TOKEN = 'test-token-0123456789abcdef';

/** The production app against a test database, with a clock the test moves. */
export function apiFor(
  database: Database,
  options: {
    now?: Date;
    adminToken?: string | undefined;
    settings?: SiteSettings;
    /** A publisher's status, for `GET /api/v1/publishing`. */
    publishing?: () => PublishingStatus;
    /** How registered webhook URLs are checked (the server passes WEBHOOK_ALLOW_PRIVATE). */
    webhooks?: WebhookTargetPolicy;
    /** The server's log (each request's line, the warnings); absent: requests unlogged, errors to stdout. */
    log?: (line: string) => void;
  } = {},
) {
  let now = options.now ?? new Date('2026-11-28T10:00:00+09:00');
  const changes: Change[] = [];
  const app = createApp({
    db: database.db,
    now: () => now,
    adminToken: 'adminToken' in options ? options.adminToken : TOKEN,
    onChange: (c) => changes.push(c),
    settings: options.settings ?? settingsFrom(),
    ...(options.publishing && { publishing: options.publishing }),
    ...(options.webhooks && { webhooks: options.webhooks }),
    ...(options.log && { log: options.log }),
  });
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method,
      headers: {
        Authorization: `Bearer ${TOKEN}`,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  return {
    app,
    changes,
    setNow: (d: Date) => (now = d),
    get: (path: string) => app.request(path),
    post: (path: string, body: unknown, headers?: Record<string, string>) => send('POST', path, body, headers),
    patch: (path: string, body: unknown, headers?: Record<string, string>) => send('PATCH', path, body, headers),
    send,
  };
}

export async function json<T = any>(res: Response | Promise<Response>): Promise<T> {
  return (await res).json() as Promise<T>;
}
