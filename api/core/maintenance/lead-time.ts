import { fieldIssue, PolicyError, ValidationError } from '../errors.ts';
import { say, type Texts } from '../messages/say.ts';
import { addCalendarMonths, wholeCalendarMonths } from './calendar-months.ts';
import { isoDuration, type LeadTimePolicy } from './lead-time-policy.ts';
import type { NoticeKind } from './types.ts';

const DAY_MS = 86_400_000;

export interface LeadTime {
  kind: NoticeKind;
  /** Whole days between announcement and effect (negative when announced afterwards). */
  leadDays: number;
  /** Whole calendar months between announcement and effect, on the JST calendar (0 when announced afterwards). */
  leadMonths: number;
  requiredMonths: number;
  /** `P6M` */
  required: string;
  /** announcedAt + required calendar months (JST) ≤ effectiveAt. */
  meetsPolicy: boolean;
}

/** Measure notice against the policy, without judging. */
export function measureLeadTime(
  kind: NoticeKind,
  announcedAt: Date,
  effectiveAt: Date,
  policy: LeadTimePolicy,
): LeadTime {
  const rule = policy[kind];
  return {
    kind,
    leadDays: Math.floor((effectiveAt.getTime() - announcedAt.getTime()) / DAY_MS),
    leadMonths: wholeCalendarMonths(announcedAt, effectiveAt),
    requiredMonths: rule.months,
    required: isoDuration(rule),
    meetsPolicy: addCalendarMonths(announcedAt, rule.months) <= effectiveAt,
  };
}

/**
 * A maintenance's notice, as counted on the compliance listing and the promises page. An
 * occurrence of the standing window was announced by the published window itself (the sheet's
 * "毎月1回 2:00〜6:00"), not by the day the job happened to store it: it meets the policy unless it
 * was flagged short — published late by the job, or rescheduled into less notice.
 */
export function maintenanceLeadTime(
  m: { announcedAt: Date; scheduledFor: Date; seriesId: string | null; shortNotice: boolean },
  policy: LeadTimePolicy,
): LeadTime {
  const lead = measureLeadTime('maintenance', m.announcedAt, m.scheduledFor, policy);
  return m.seriesId !== null && !m.shortNotice ? { ...lead, meetsPolicy: true } : lead;
}

export interface LeadTimeInput {
  kind: NoticeKind;
  announcedAt: Date;
  effectiveAt: Date;
  policy: LeadTimePolicy;
  /** Publish with less notice than the policy asks; the reason is shown with the notice. */
  shortNotice?: { reason: string } | null;
}

export interface LeadTimeAccepted {
  ok: true;
  leadDays: number;
  requiredMonths: number;
  /** True only when the notice is short and was published as such. */
  shortNotice: boolean;
  /** The trimmed reason when `shortNotice`, else null. */
  shortNoticeReason: string | null;
}

/** The field an operator would fix: a maintenance's start, a notice's effective date. */
export const LEAD_TIME_FIELD = {
  maintenance: 'scheduled_for',
  termination: 'effective_at',
  change: 'effective_at',
} as const satisfies Record<NoticeKind, string>;

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

function refusal(lead: LeadTime, announcedAt: Date, effectiveAt: Date): Texts {
  let gives: Texts;
  if (effectiveAt <= announcedAt) gives = say('leadTime.afterEffect');
  else {
    const about =
      lead.leadMonths === 0
        ? say('leadTime.underAMonth')
        : say('leadTime.aboutMonths', { months: lead.leadMonths, monthsWords: plural(lead.leadMonths, 'month') });
    gives = say('leadTime.gives', { days: lead.leadDays, daysWords: plural(lead.leadDays, 'day'), about });
  }
  return say('leadTime.refusal', {
    subject: say(`leadTime.subject.${lead.kind}`),
    months: lead.requiredMonths,
    monthsNotice: lead.requiredMonths === 1 ? "month's" : "months'",
    gives,
  });
}

/**
 * Accept a notice that gives the policy's lead time, or one explicitly marked short-notice with
 * a reason; refuse anything else with a PolicyError that says what was required and what was given.
 */
export function checkLeadTime(input: LeadTimeInput): LeadTimeAccepted {
  const { kind, announcedAt, effectiveAt, policy, shortNotice } = input;
  const reason = shortNotice ? shortNotice.reason.trim() : null;
  if (reason === '') {
    throw new ValidationError([fieldIssue('short_notice_reason', say('field.shortNoticeReason'))]);
  }
  const lead = measureLeadTime(kind, announcedAt, effectiveAt, policy);
  const accepted = { ok: true, leadDays: lead.leadDays, requiredMonths: lead.requiredMonths } as const;
  if (lead.meetsPolicy) return { ...accepted, shortNotice: false, shortNoticeReason: null };
  if (reason !== null) return { ...accepted, shortNotice: true, shortNoticeReason: reason };
  const message = refusal(lead, announcedAt, effectiveAt);
  throw new PolicyError(message, [fieldIssue(LEAD_TIME_FIELD[kind], message)], {
    required: lead.required,
    actual_days: lead.leadDays,
    kind,
  });
}
