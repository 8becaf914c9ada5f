import { ValidationError } from '../core/errors.ts';
import { parseServiceLevelSettings, type ServiceLevelSettings } from '../core/service-levels/settings.ts';

/** Each setting's environment variable; numbers as plain decimals, the desk hours as JSON. */
const NUMBER_VARIABLES = {
  AVAILABILITY_TARGET: 'availabilityTarget',
  PARTIAL_OUTAGE_WEIGHT: 'partialWeight',
  UPDATE_INTERVAL_MINUTES: 'updateIntervalMinutes',
  FIRST_NOTICE_TARGET_MINUTES: 'firstNoticeTargetMinutes',
} as const;
const DESK_VARIABLE = 'SUPPORT_DESK';

/**
 * The service-level settings from the environment, validated once at start-up; unset or empty
 * variables keep the sheet's defaults. The error names the variable (and the path inside
 * SUPPORT_DESK), e.g. `SUPPORT_DESK.phone.hours.0.to "from" must be before "to"`.
 */
export function serviceLevelSettingsFromEnv(env: NodeJS.ProcessEnv): ServiceLevelSettings {
  const input: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [variable, field] of Object.entries(NUMBER_VARIABLES)) {
    const raw = env[variable]?.trim();
    if (!raw) continue;
    if (!/^[0-9]+(\.[0-9]+)?$/.test(raw))
      problems.push(`${variable} must be a decimal number such as ${field === 'availabilityTarget' ? '0.9999' : '30'}`);
    else input[field] = Number(raw);
  }
  const desk = env[DESK_VARIABLE]?.trim();
  if (desk) {
    try {
      input.supportDesk = JSON.parse(desk);
    } catch (err) {
      problems.push(`${DESK_VARIABLE} is not valid JSON (${(err as Error).message})`);
    }
  }
  if (!problems.length) {
    try {
      return parseServiceLevelSettings(input);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      for (const issue of err.issues) problems.push(`${variableOf(issue.field)} ${issue.message}`);
    }
  }
  throw new Error(`Invalid configuration: ${problems.join('; ')}`);
}

function variableOf(field: string): string {
  const [head, ...rest] = field.split('.');
  if (head === 'supportDesk') return [DESK_VARIABLE, ...rest].join('.');
  return Object.entries(NUMBER_VARIABLES).find(([, f]) => f === head)?.[0] ?? field;
}
