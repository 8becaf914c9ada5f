import { z } from 'zod';
import { DEFAULT_WEBHOOK_OPTIONS, type WebhookOptions } from '../notify/webhook/options.ts';
import { ms } from './limits-config.ts';

const schema = z.object({
  // Spelled out rather than coerced: `Boolean("0")` is true, and a typo must not open the private network.
  WEBHOOK_ALLOW_PRIVATE: z
    .enum(['0', '1', 'false', 'true'], { error: 'must be 1 (allow) or 0 (refuse)' })
    .transform((v) => v === '1' || v === 'true')
    .default(DEFAULT_WEBHOOK_OPTIONS.allowPrivate),
  WEBHOOK_CONNECT_TIMEOUT_MS: ms(DEFAULT_WEBHOOK_OPTIONS.connectTimeoutMs, 60_000),
  WEBHOOK_TIMEOUT_MS: ms(DEFAULT_WEBHOOK_OPTIONS.requestTimeoutMs, 120_000),
  WEBHOOK_MAX_RESPONSE_BYTES: z.coerce
    .number({ error: 'must be a whole number of bytes' })
    .int('must be a whole number of bytes')
    .min(0, 'must be at least 0')
    .max(1024 * 1024, 'must be at most 1048576 bytes (1 MiB)')
    .default(DEFAULT_WEBHOOK_OPTIONS.maxResponseBytes),
});

/**
 * How webhooks are sent: WEBHOOK_ALLOW_PRIVATE (1 lets endpoints on loopback, private and
 * link-local addresses receive; default 0), WEBHOOK_CONNECT_TIMEOUT_MS (5 s),
 * WEBHOOK_TIMEOUT_MS (10 s, the whole request), WEBHOOK_MAX_RESPONSE_BYTES (64 KiB read of an
 * answer). Unset or empty variables keep the defaults; a bad one is named in the error.
 */
export function webhookOptionsFromEnv(env: NodeJS.ProcessEnv): WebhookOptions {
  const present = Object.fromEntries(
    Object.keys(schema.shape).flatMap((k) => (env[k]?.trim() ? [[k, env[k]!.trim().toLowerCase()]] : [])),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success)
    throw new Error(
      `Invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  const e = parsed.data;
  if (e.WEBHOOK_CONNECT_TIMEOUT_MS > e.WEBHOOK_TIMEOUT_MS)
    throw new Error('Invalid configuration: WEBHOOK_CONNECT_TIMEOUT_MS must not exceed WEBHOOK_TIMEOUT_MS');
  return {
    allowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
    connectTimeoutMs: e.WEBHOOK_CONNECT_TIMEOUT_MS,
    requestTimeoutMs: e.WEBHOOK_TIMEOUT_MS,
    maxResponseBytes: e.WEBHOOK_MAX_RESPONSE_BYTES,
  };
}
