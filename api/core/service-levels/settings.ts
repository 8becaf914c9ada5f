import { z } from 'zod';
import { ValidationError } from '../errors.ts';
import { SupportDeskConfigSchema, type SupportDeskConfig } from './support-desk-config.ts';

/**
 * Everything the published service levels depend on besides the records themselves. Validated
 * once at start-up (api/server/config.ts); every default is the service-level sheet's own figure,
 * and this schema is the only place that states them: the functions that measure take the
 * settings as required arguments.
 */
export const ServiceLevelSettingsSchema = z.strictObject({
  /** Sheet No. 5: "月間稼働率 99.99%以上". Below 90% would be no promise worth publishing. */
  availabilityTarget: z
    .number()
    .min(0.9, 'must be at least 0.9 (90%)')
    .lt(1, 'must be below 1 (100% leaves no error budget)')
    .default(0.9999),
  /**
   * Weight of a minute of `partial_outage` in downtime. A partial outage means some customers or
   * some functions could not work while others could; we do not measure which share, so we count
   * half a minute per minute, the midpoint of "nobody affected" and "everybody affected". (Some
   * hosted status pages use 0.3; we chose the midpoint because the 99.99% promise is ours to keep,
   * and rounding a customer's outage down is the error that costs trust.)
   */
  partialWeight: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').default(0.5),
  /** Sheet No. 17: "障害発生時には、30分毎にサービス稼働状況をサイト上で通知". */
  updateIntervalMinutes: z
    .number()
    .int('must be whole minutes')
    .min(5, 'must be at least 5 minutes')
    .max(1440, 'must be at most 1440 minutes (a day)')
    .default(30),
  /** Sheet No. 15: "障害検知から1時間以内を目標に通知". */
  firstNoticeTargetMinutes: z
    .number()
    .int('must be whole minutes')
    .min(1, 'must be at least 1 minute')
    .max(1440, 'must be at most 1440 minutes (a day)')
    .default(60),
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
