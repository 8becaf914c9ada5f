import { ValidationError } from '../core/errors.ts';
import { parseLeadTimePolicy, type LeadTimePolicy } from '../core/maintenance/lead-time-policy.ts';
import {
  DEFAULT_STANDING_WINDOW,
  parseStandingWindow,
  type StandingWindowConfig,
} from '../core/maintenance/window-config.ts';

export interface MaintenanceSettings {
  /** Null when STANDING_WINDOW_RRULE=off: no occurrences are published automatically. */
  standingWindow: StandingWindowConfig | null;
  leadTimePolicy: LeadTimePolicy;
}

/** The standing window's fields and their variables; unset or empty keeps the default (monthly, third Wednesday, 02:00–04:00 JST). */
const WINDOW_VARIABLES = {
  STANDING_WINDOW_RRULE: 'rrule',
  STANDING_WINDOW_START: 'startTime',
  STANDING_WINDOW_DURATION_MINUTES: 'durationMinutes',
  STANDING_WINDOW_TZID: 'tzid',
  STANDING_WINDOW_STARTS_ON: 'startsOn',
  STANDING_WINDOW_COMPONENTS: 'componentIds',
} as const;

const POLICY_VARIABLES = {
  LEAD_TIME_MAINTENANCE_MONTHS: 'maintenance',
  LEAD_TIME_TERMINATION_MONTHS: 'termination',
  LEAD_TIME_CHANGE_MONTHS: 'change',
} as const;

/** The default body names the third Wednesday and 02:00–04:00; a reconfigured window gets words that stay true. */
const NEUTRAL_BODY = {
  body: '定期メンテナンスを行います。この間、サービスをご利用いただけない場合があります。',
  bodyEn: 'Scheduled maintenance. The service may be unavailable during this time.',
};

function variableValue(variable: string, raw: string): unknown {
  if (variable === 'STANDING_WINDOW_DURATION_MINUTES') return /^\d+$/.test(raw) ? Number(raw) : raw;
  if (variable === 'STANDING_WINDOW_COMPONENTS') return raw === 'all' ? 'all' : raw.split(',').map((s) => s.trim());
  return raw;
}

/**
 * The standing window and the lead-time policy from the environment, validated once at start-up;
 * the error names the variable, e.g. `STANDING_WINDOW_RRULE FREQ must be YEARLY, MONTHLY, WEEKLY or DAILY`.
 */
export function maintenanceSettingsFromEnv(env: NodeJS.ProcessEnv): MaintenanceSettings {
  const problems: string[] = [];
  const policyInput: Record<string, unknown> = {};
  for (const [variable, kind] of Object.entries(POLICY_VARIABLES)) {
    const raw = env[variable]?.trim();
    if (!raw) continue;
    if (!/^\d+$/.test(raw)) problems.push(`${variable} must be a whole number of months such as 6`);
    else policyInput[kind] = { months: Number(raw) };
  }
  let leadTimePolicy: LeadTimePolicy | null = null;
  try {
    leadTimePolicy = parseLeadTimePolicy(policyInput);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    for (const issue of err.issues) {
      const variable =
        Object.entries(POLICY_VARIABLES).find(([, kind]) => issue.field.startsWith(kind))?.[0] ?? issue.field;
      problems.push(`${variable} ${issue.message}`);
    }
  }

  let standingWindow: StandingWindowConfig | null = null;
  if (env.STANDING_WINDOW_RRULE?.trim().toLowerCase() !== 'off') {
    const overrides: Record<string, unknown> = {};
    for (const [variable, field] of Object.entries(WINDOW_VARIABLES)) {
      const raw = env[variable]?.trim();
      if (raw) overrides[field] = variableValue(variable, raw);
    }
    const reshaped = ['rrule', 'startTime', 'durationMinutes', 'tzid'].some((f) => f in overrides);
    try {
      standingWindow = parseStandingWindow({
        ...DEFAULT_STANDING_WINDOW,
        ...(reshaped ? NEUTRAL_BODY : {}),
        ...overrides,
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      for (const issue of err.issues) {
        const variable =
          Object.entries(WINDOW_VARIABLES).find(([, f]) => issue.field.split('.')[0] === f)?.[0] ?? issue.field;
        problems.push(`${variable} ${issue.message}`);
      }
    }
  }
  if (problems.length || !leadTimePolicy) throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  return { standingWindow, leadTimePolicy };
}
