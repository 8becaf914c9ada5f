import { z } from 'zod';
import { ValidationError } from '../errors.ts';
import { DEFAULT_PARTIAL_WEIGHT } from './availability.ts';
import { UPDATE_INTERVAL_MINUTES } from './cadence.ts';
import { FIRST_NOTICE_TARGET_MINUTES } from './response.ts';
import { DEFAULT_AVAILABILITY_TARGET } from './service-level.ts';
import { SupportDeskConfigSchema, type SupportDeskConfig } from './support-desk-config.ts';

/**
 * Everything the published service levels depend on besides the records themselves. Validated
 * once at start-up (api/server/config.ts); every default is the service-level sheet's own figure.
 */
export const ServiceLevelSettingsSchema = z.strictObject({
  /** Sheet No. 5: 99.99% a month. Below 90% would be no promise worth publishing. */
  availabilityTarget: z
    .number()
    .min(0.9, 'must be at least 0.9 (90%)')
    .lt(1, 'must be below 1 (100% leaves no error budget)')
    .default(DEFAULT_AVAILABILITY_TARGET),
  /** Downtime weight of a `partial_outage` minute (see DEFAULT_PARTIAL_WEIGHT for why 0.5). */
  partialWeight: z
    .number()
    .min(0, 'must be between 0 and 1')
    .max(1, 'must be between 0 and 1')
    .default(DEFAULT_PARTIAL_WEIGHT),
  /** Sheet No. 17: an update every 30 minutes while an incident is active. */
  updateIntervalMinutes: z
    .number()
    .int('must be whole minutes')
    .min(5, 'must be at least 5 minutes')
    .max(1440, 'must be at most 1440 minutes (a day)')
    .default(UPDATE_INTERVAL_MINUTES),
  /** Sheet No. 15: first public notice within an hour of detection. */
  firstNoticeTargetMinutes: z
    .number()
    .int('must be whole minutes')
    .min(1, 'must be at least 1 minute')
    .max(1440, 'must be at most 1440 minutes (a day)')
    .default(FIRST_NOTICE_TARGET_MINUTES),
  supportDesk: SupportDeskConfigSchema.prefault({}),
});

export type ServiceLevelSettings = Omit<z.output<typeof ServiceLevelSettingsSchema>, 'supportDesk'> & {
  supportDesk: SupportDeskConfig;
};

/** A bad setting is a ValidationError naming its field, e.g. `supportDesk.phone.hours.0.to`. */
export function parseServiceLevelSettings(input: unknown = {}): ServiceLevelSettings {
  const parsed = ServiceLevelSettingsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    parsed.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.') || '(settings)',
      message: issue.message,
    })),
  );
}

export const DEFAULT_SERVICE_LEVEL_SETTINGS: ServiceLevelSettings = parseServiceLevelSettings({});
