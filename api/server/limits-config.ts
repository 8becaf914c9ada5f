import { z } from 'zod';
import type { PublishLimits } from '../publish/publisher.ts';
import { DEFAULT_HOT_BYTES } from '../publish/store.ts';

/** How long the process waits on anything outside it before giving up with a sentence. */
export interface ProcessLimits {
  /** PostgreSQL: connecting, handshake included. */
  connectTimeoutMs: number;
  /** PostgreSQL's statement_timeout; the client gives up on an answer soon after. */
  statementTimeoutMs: number;
  /** Opening the database, migrating and seeding, all together. */
  startupTimeoutMs: number;
  /** From SIGTERM or SIGINT until the process exits even if closing has not finished. */
  shutdownTimeoutMs: number;
  /** One page's render and a whole publish (PUBLISH_PAGE_TIMEOUT_MS, PUBLISH_TIMEOUT_MS). */
  publish: PublishLimits;
  /** PUBLISH_HOT_BYTES: published bytes held in memory (the rest is read from `<DATA_DIR>/site`). */
  publishHotBytes: number;
}

/** A duration setting in milliseconds, at least 100 ms and at most `max`; unset keeps `fallback`. */
export const ms = (fallback: number, max: number) =>
  z.coerce
    .number({ error: 'must be a whole number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(100, 'must be at least 100 ms')
    .max(max, `must be at most ${max} ms`)
    .default(fallback);

const schema = z.object({
  DATABASE_CONNECT_TIMEOUT_MS: ms(10_000, 600_000),
  DATABASE_STATEMENT_TIMEOUT_MS: ms(30_000, 3_600_000),
  STARTUP_TIMEOUT_MS: ms(120_000, 3_600_000),
  SHUTDOWN_TIMEOUT_MS: ms(10_000, 600_000),
  // Pages render in milliseconds: the page limit only catches a render that would never end. A full
  // publish of a long history renders thousands of pages, hence the generous whole-publish limit.
  PUBLISH_PAGE_TIMEOUT_MS: ms(10_000, 600_000),
  PUBLISH_TIMEOUT_MS: ms(300_000, 3_600_000),
  PUBLISH_HOT_BYTES: z.coerce
    .number({ error: 'must be a whole number of bytes' })
    .int('must be a whole number of bytes')
    .min(1024 * 1024, 'must be at least 1048576 bytes (1 MiB)')
    .max(2 ** 40, 'must be at most 1099511627776 bytes (1 TiB)')
    .default(DEFAULT_HOT_BYTES),
});

/** The variables `schema` names, trimmed, unset or empty ones left out (they keep the defaults); a bad one is named in the error. */
export function parseEnvVariables<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const present = Object.fromEntries(
    Object.keys(schema.shape).flatMap((k) => (env[k]?.trim() ? [[k, env[k]!.trim()]] : [])),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success)
    throw new Error(
      `Invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

/** Unset or empty variables keep the defaults; a bad one is named in the error. */
export function processLimitsFromEnv(env: NodeJS.ProcessEnv): ProcessLimits {
  const e = parseEnvVariables(schema, env);
  return {
    connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
    startupTimeoutMs: e.STARTUP_TIMEOUT_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    publish: { pageMs: e.PUBLISH_PAGE_TIMEOUT_MS, publishMs: e.PUBLISH_TIMEOUT_MS },
    publishHotBytes: e.PUBLISH_HOT_BYTES,
  };
}
