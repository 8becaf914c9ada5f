import { z } from 'zod';
import type { SiteSettings } from '../core/settings.ts';
import { type ConsoleSettings, consoleSettingsFrom, consoleSettingsWarnings } from '../console/settings.ts';
import { parseTrustedProxies, type TrustedProxies } from '../http/client-address.ts';
import { checkAdminToken, checkSigningSecrets } from './admin-token.ts';
import { processLimitsFromEnv, type ProcessLimits } from './limits-config.ts';
import { type ListenerConfig, listenerConfigFromEnv } from './listener-config.ts';
import { type MirrorConfig, mirrorConfigFromEnv } from './mirror-config.ts';
import { type LogConfig, logConfigFromEnv } from './log-config.ts';
import { serviceLevelSettingsFromEnv } from './service-level-config.ts';
import { maintenanceSettingsFromEnv } from './maintenance-config.ts';
import { type NotifyConfig, notifyConfigFromEnv } from './notify-config.ts';
import { type BackupConfig, backupConfigFromEnv } from './backup-config.ts';
import { metricsTokenFromEnv } from './metrics-config.ts';

/** Empty or blank counts as unset, as a deployment template leaves it. */
function optionalText<T extends z.ZodType<string, string>>(inner: T) {
  return z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined))
    .pipe(inner.optional());
}

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4321),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  /** Empty counts as unset: `Authorization: Bearer ` must never match anything. */
  ADMIN_TOKEN: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || v.length >= 16, 'must be at least 16 characters'),
  SITE_URL: z.url({ protocol: /^https?$/ }).optional(),
  NODE_ENV: z.string().optional(),
  SEED_DEMO: z.enum(['auto', 'catalogue', 'never']).default('auto'),
  /** Requests a minute per client address under /api/v1; 0 turns the limit off. */
  API_RATE_LIMIT: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce
      .number({ error: 'must be a whole number of requests a minute' })
      .int('must be a whole number of requests a minute')
      .min(0, 'must be 0 (no limit) or more')
      .default(600),
  ),
  SUPPORT_PHONE: optionalText(
    z
      .string()
      .regex(
        /^\+?[0-9][0-9 -]{3,22}[0-9]$/,
        'must be a phone number: digits, an optional leading +, hyphens and spaces',
      ),
  ),
  SUPPORT_EMAIL: optionalText(z.email('must be an e-mail address')),
  SUPPORT_URL: optionalText(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  /** Empty counts as unset. */
  SHIRASE_TEST_CLOCK: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(
      z.iso
        .datetime({
          offset: true,
          error: 'must be an ISO 8601 instant with an offset, such as 2026-12-01T09:00:00+09:00',
        })
        .transform((s) => new Date(s))
        .optional(),
    ),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  adminToken: string | undefined;
  /** Into an empty database: `auto` the demo catalogue and a year of demo history, `catalogue` the catalogue only, `never` nothing. */
  seedDemo: 'auto' | 'catalogue' | 'never';
  /** DATABASE_CONNECT_TIMEOUT_MS, DATABASE_STATEMENT_TIMEOUT_MS, STARTUP_TIMEOUT_MS, SHUTDOWN_TIMEOUT_MS. */
  limits: ProcessLimits;
  /** Allowed here but worth a line in the log (a weak ADMIN_TOKEN outside production). */
  warnings: string[];
  /**
   * What the API, the pages, the jobs and the export are all given: SITE_URL (else
   * http://localhost:PORT); STANDING_WINDOW_* (or STANDING_WINDOW_RRULE=off) and LEAD_TIME_*_MONTHS
   * (maintenance-config.ts); AVAILABILITY_TARGET, PARTIAL_OUTAGE_WEIGHT, UPDATE_INTERVAL_MINUTES,
   * FIRST_NOTICE_TARGET_MINUTES, SUPPORT_DESK (service-level-config.ts); SUPPORT_PHONE, SUPPORT_EMAIL,
   * SUPPORT_URL. Unset means the sheet's value.
   */
  settings: SiteSettings;
  /**
   * SHIRASE_TEST_CLOCK (an ISO 8601 instant with offset): the one clock starts there and runs on at
   * real speed, and `POST /__test__/clock` may move it forward (test-clock.ts). Never in production.
   */
  testClock: Date | undefined;
  /** SHIRASE_TEST_PGLITE_DUMP: the test suite's migrated database, for an in-memory or a new embedded one (db/client.ts). */
  testDatabaseDump: string | undefined;
  /**
   * Notifications (issue 11, notify-config.ts): SMTP_URL, MAIL_FROM, SMTP_CA_FILE, SMTP_TIMEOUT_MS,
   * DKIM_*; WEBHOOK_*; MAINTENANCE_REMINDERS and NOTICE_REMINDERS (default 7d,1d).
   */
  notify: NotifyConfig;
  /** TRUSTED_PROXIES (comma-separated addresses, CIDR ranges, `loopback`): whose X-Forwarded-* are believed. */
  trustedProxies: TrustedProxies;
  /**
   * The public listener (listener-config.ts): MAX_CONNECTIONS, MAX_CONNECTIONS_PER_ADDRESS,
   * HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS, TLS_CERT and TLS_KEY.
   */
  listener: ListenerConfig;
  /** API_RATE_LIMIT (default 600): requests a minute one client address may make to /api/v1; 0: no limit. */
  apiRateLimit: number;
  /** METRICS_TOKEN (metrics-config.ts): the bearer token /metrics asks for; undefined: /metrics is open. */
  metricsToken: string | undefined;
  /** The admin console (api/console/settings.ts): CONSOLE_IDLE_MINUTES, CONSOLE_SESSION_HOURS, CONSOLE_SECRET. */
  console: ConsoleSettings;
  /** MIRROR_S3_URL or MIRROR_S3_* (mirror-config.ts): the bucket each publish is copied to; null: no mirror. */
  mirror: MirrorConfig | null;
  /** LOG_LEVEL (default info) and LOG_FORMAT (json or text; log-config.ts). */
  logging: LogConfig;
  /** BACKUP_DIR, BACKUP_GENERATIONS, BACKUP_MAX_AGE_MONTHS, BACKUP_TIME (backup-config.ts): the backups and the daily one. */
  backup: BackupConfig;
}

/** Validates the environment once, at start-up; the message names each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success)
    throw new Error(
      `Invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && e.SHIRASE_TEST_CLOCK)
    throw new Error(
      'SHIRASE_TEST_CLOCK is set: in production Shirase refuses to start with a test clock (it would let anyone move its time). Unset SHIRASE_TEST_CLOCK.',
    );
  checkSigningSecrets(env, e.NODE_ENV === 'production');
  const serviceLevels = serviceLevelSettingsFromEnv(env);
  const notify = notifyConfigFromEnv(env, e.DATA_DIR, serviceLevels.updateIntervalMinutes);
  const warnings = [
    ...checkAdminToken(e.ADMIN_TOKEN, e.NODE_ENV === 'production'),
    ...notify.warnings,
    ...consoleSettingsWarnings(env),
  ];
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    adminToken: e.ADMIN_TOKEN,
    seedDemo: e.SEED_DEMO,
    limits: processLimitsFromEnv(env),
    warnings,
    settings: {
      siteUrl: (e.SITE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
      ...maintenanceSettingsFromEnv(env),
      serviceLevels,
      contact: { phone: e.SUPPORT_PHONE ?? null, email: e.SUPPORT_EMAIL ?? null, formUrl: e.SUPPORT_URL ?? null },
    },
    testClock: e.SHIRASE_TEST_CLOCK,
    testDatabaseDump: env.SHIRASE_TEST_PGLITE_DUMP || undefined,
    notify,
    trustedProxies: parseTrustedProxies(env.TRUSTED_PROXIES),
    listener: listenerConfigFromEnv(env),
    apiRateLimit: e.API_RATE_LIMIT,
    metricsToken: metricsTokenFromEnv(env),
    console: consoleSettingsFrom(env),
    mirror: mirrorConfigFromEnv(env),
    logging: logConfigFromEnv(env),
    backup: backupConfigFromEnv(env, e.DATA_DIR),
  };
}
