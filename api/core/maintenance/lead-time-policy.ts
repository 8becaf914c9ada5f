import { z } from 'zod';
import { parseInput } from '../input/common.ts';
import type { NoticeKind } from './types.ts';

const rule = z.strictObject({ months: z.number().int().min(0).max(36) });
export type LeadTimeRule = z.output<typeof rule>;

/**
 * The service-level check sheet's notice periods: No. 2 (planned maintenance, 6 months),
 * No. 3 (service termination, 3 months), No. 9 (customer-impacting changes, 1 month).
 * Months are calendar months in JST (calendar-months.ts).
 */
export const LEAD_TIME_POLICY = Object.freeze({
  maintenance: Object.freeze({ months: 6 }),
  termination: Object.freeze({ months: 3 }),
  change: Object.freeze({ months: 1 }),
}) satisfies Record<NoticeKind, LeadTimeRule>;

export const leadTimePolicy = z.strictObject({
  maintenance: rule.default(LEAD_TIME_POLICY.maintenance),
  termination: rule.default(LEAD_TIME_POLICY.termination),
  change: rule.default(LEAD_TIME_POLICY.change),
});
export type LeadTimePolicy = Readonly<Record<NoticeKind, LeadTimeRule>>;

/** Validate a configured policy; a kind left out keeps the sheet's period. */
export function parseLeadTimePolicy(input: unknown): LeadTimePolicy {
  return parseInput(leadTimePolicy, input);
}

/** ISO 8601 duration of a rule, as carried in error details and compliance listings: `P6M`. */
export function isoDuration(rule: LeadTimeRule): string {
  return `P${rule.months}M`;
}
