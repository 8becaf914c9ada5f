import { z } from 'zod';
import { type ClockEventOptions, DEFAULT_CLOCK_EVENTS } from '../notify/outbox/clock-options.ts';
import type { WebhookOptions } from '../notify/webhook/index.ts';
import { loadSubscriptionSecret } from '../notify/subscribe/secret.ts';
import { type MailConfig, mailConfigFromEnv } from './mail-config.ts';
import { webhookOptionsFromEnv } from './webhook-config.ts';

/** Notifications (issue 11): where e-mail goes, how webhooks are sent, what the clock reminds of. */
export interface NotifyConfig {
  /** SMTP_URL, MAIL_FROM, SMTP_CA_FILE, SMTP_TIMEOUT_MS, DKIM_* (mail-config.ts). */
  mail: MailConfig;
  /** WEBHOOK_ALLOW_PRIVATE, WEBHOOK_*_TIMEOUT_MS, WEBHOOK_MAX_RESPONSE_BYTES (webhook-config.ts). */
  webhooks: WebhookOptions;
  /** MAINTENANCE_REMINDERS, NOTICE_REMINDERS; the overdue alert follows UPDATE_INTERVAL_MINUTES. */
  clock: ClockEventOptions;
  /** SUBSCRIPTION_SECRET, checked here (api/notify/subscribe/secret.ts); unset: the server makes and keeps one. */
  subscriptionSecret: string | undefined;
  /** OPERATOR_EMAILS: the operators on duty (until operator accounts exist), told of overdue updates by e-mail. */
  operatorEmails: string[];
  /** Allowed, but worth a line at start-up (the mail settings', and a cluster without SUBSCRIPTION_SECRET). */
  warnings: string[];
}

const UNIT_MINUTES = { d: 1440, h: 60, m: 1 } as const;
const MAX_MINUTES = 365 * 1440;

/**
 * A list of lead times such as `7d,1d,0` (d days, h hours, m minutes), in minutes, longest first.
 * `0` (at the start) is accepted and needs no reminder: the start itself is always told
 * (`maintenance.started`). `off` turns reminders off.
 */
export function parseReminders(name: string, raw: string | undefined, fallback: number[]): number[] {
  const text = raw?.trim().toLowerCase();
  if (!text) return fallback;
  if (text === 'off') return [];
  const minutes = text.split(',').map((part) => {
    const m = /^(\d{1,6})([dhm]?)$/.exec(part.trim());
    if (!m || (m[1] !== '0' && !m[2]))
      throw new Error(
        `Invalid configuration: ${name} must be lead times such as 7d,1d,0 (d days, h hours, m minutes; 0 the start) or off; "${part.trim()}" is not one`,
      );
    const value = Number(m[1]) * (m[2] ? UNIT_MINUTES[m[2] as keyof typeof UNIT_MINUTES] : 0);
    if (value > MAX_MINUTES) throw new Error(`Invalid configuration: ${name} must be at most 365d ahead`);
    return value;
  });
  return [...new Set(minutes.filter((v) => v > 0))].sort((a, b) => b - a);
}

const anEmail = z.email().max(254);

/** OPERATOR_EMAILS: comma-separated addresses, each checked as a contact's is; the error names the bad one. */
export function parseOperatorEmails(raw: string | undefined): string[] {
  const parts = (raw ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  for (const part of parts)
    if (!anEmail.safeParse(part).success)
      throw new Error(
        `Invalid configuration: OPERATOR_EMAILS must be e-mail addresses separated by commas; "${part}" is not one`,
      );
  return [...new Set(parts.map((p) => p.toLowerCase()))];
}

/** Validates the notification variables once, at start-up; an error names the variable. */
export function notifyConfigFromEnv(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  updateIntervalMinutes: number,
): NotifyConfig {
  const mail = mailConfigFromEnv(env, dataDir);
  const warnings = [...mail.warnings];
  // Each instance would otherwise make its own (in its DATA_DIR): a link one sent fails on the others.
  if (env.DATABASE_URL?.trim() && !env.SUBSCRIPTION_SECRET?.trim())
    warnings.push(
      'SUBSCRIPTION_SECRET is not set: if several instances share this DATABASE_URL, set the same one on each, or a subscriber link made by one fails on the others',
    );
  return {
    mail,
    webhooks: webhookOptionsFromEnv(env),
    clock: {
      ...DEFAULT_CLOCK_EVENTS,
      maintenanceReminders: parseReminders(
        'MAINTENANCE_REMINDERS',
        env.MAINTENANCE_REMINDERS,
        DEFAULT_CLOCK_EVENTS.maintenanceReminders,
      ),
      noticeReminders: parseReminders('NOTICE_REMINDERS', env.NOTICE_REMINDERS, DEFAULT_CLOCK_EVENTS.noticeReminders),
      updateIntervalMinutes,
    },
    operatorEmails: parseOperatorEmails(env.OPERATOR_EMAILS),
    // Checked now, before the server listens; given a value, loadSubscriptionSecret touches no file.
    subscriptionSecret: env.SUBSCRIPTION_SECRET?.trim() ? loadSubscriptionSecret(env, dataDir).secret : undefined,
    warnings,
  };
}
