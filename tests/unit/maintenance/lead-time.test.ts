import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  checkLeadTime,
  complianceRow,
  LEAD_TIME_POLICY,
  parseLeadTimePolicy,
  type NoticeView,
} from '../../../api/core/maintenance/index.ts';
import { PolicyError, ValidationError } from '../../../api/core/errors.ts';
import { makeMaintenance } from './make-maintenance.ts';

/** The sheet's notice periods (6, 3 and 1 months), as the settings parser gives them when nothing is configured. */
const SHEET = LEAD_TIME_POLICY;
const ANNOUNCED = new Date('2026-01-15T10:00:00+09:00');
const jst = (s: string) => new Date(`${s}+09:00`);

function refusal(run: () => unknown): PolicyError {
  try {
    run();
  } catch (error) {
    if (error instanceof PolicyError) return error;
    throw error;
  }
  throw new Error('expected a PolicyError');
}

describe('lead-time policy for maintenance (6 months)', () => {
  it('refuses a maintenance at 4 months’ notice, saying what was required and what was given', () => {
    // 2026-01-15 → 2026-05-17: 16 + 28 + 31 + 30 + 17 = 122 days.
    const error = refusal(() =>
      checkLeadTime({
        policy: SHEET,
        kind: 'maintenance',
        announcedAt: ANNOUNCED,
        effectiveAt: jst('2026-05-17T10:00:00'),
      }),
    );
    expect(error.message).toBe(
      "Maintenance needs at least 6 months' notice; this one gives 122 days (about 4 months). Mark it short-notice with a reason to publish anyway.",
    );
    expect(error.code).toBe('policy');
    expect(error.details).toEqual({ required: 'P6M', actual_days: 122, kind: 'maintenance' });
    expect(error.issues.map((i) => i.field)).toEqual(['scheduled_for']);
  });

  it('accepts the same maintenance marked short-notice with a reason, and flags it', () => {
    const result = checkLeadTime({
      policy: SHEET,
      kind: 'maintenance',
      announcedAt: ANNOUNCED,
      effectiveAt: jst('2026-05-17T10:00:00'),
      shortNotice: { reason: '  緊急のセキュリティ修正のため  ' },
    });
    expect(result).toEqual({
      ok: true,
      leadDays: 122,
      requiredMonths: 6,
      shortNotice: true,
      shortNoticeReason: '緊急のセキュリティ修正のため',
    });
  });

  it('treats a short-notice mark with an empty reason as invalid input', () => {
    const run = () =>
      checkLeadTime({
        policy: SHEET,
        kind: 'maintenance',
        announcedAt: ANNOUNCED,
        effectiveAt: jst('2026-05-17T10:00:00'),
        shortNotice: { reason: ' \n ' },
      });
    expect(run).toThrow(ValidationError);
    expect(() => run()).toThrow(
      expect.objectContaining({
        issues: [expect.objectContaining({ field: 'short_notice_reason', message: 'a short notice needs a reason' })],
      }),
    );
  });

  it('accepts exactly 6 calendar months and refuses a millisecond less', () => {
    const accepted = checkLeadTime({
      policy: SHEET,
      kind: 'maintenance',
      announcedAt: ANNOUNCED,
      effectiveAt: jst('2026-07-15T10:00:00'),
    });
    expect(accepted).toMatchObject({ ok: true, leadDays: 181, shortNotice: false });
    expect(() =>
      checkLeadTime({
        policy: SHEET,
        kind: 'maintenance',
        announcedAt: ANNOUNCED,
        effectiveAt: jst('2026-07-15T09:59:59.999'),
      }),
    ).toThrow(PolicyError);
  });

  it('does not flag a well-announced maintenance as short notice even if marked', () => {
    const result = checkLeadTime({
      policy: SHEET,
      kind: 'maintenance',
      announcedAt: ANNOUNCED,
      effectiveAt: jst('2026-09-16T02:00:00'),
      shortNotice: { reason: 'just in case' },
    });
    expect(result.shortNotice).toBe(false);
    expect(result.shortNoticeReason).toBeNull();
  });

  it('asks no more than 6 months from the end of a month (31 August → 28 February)', () => {
    expect(
      checkLeadTime({
        policy: SHEET,
        kind: 'maintenance',
        announcedAt: jst('2026-08-31T12:00:00'),
        effectiveAt: jst('2027-02-28T12:00:00'),
      }).ok,
    ).toBe(true);
  });

  it('says so when a maintenance would be announced after it starts', () => {
    const error = refusal(() =>
      checkLeadTime({
        policy: SHEET,
        kind: 'maintenance',
        announcedAt: ANNOUNCED,
        effectiveAt: jst('2026-01-14T10:00:00'),
      }),
    );
    expect(error.message).toBe(
      "Maintenance needs at least 6 months' notice; this one would be announced only after it takes effect. Mark it short-notice with a reason to publish anyway.",
    );
    expect(error.details).toMatchObject({ actual_days: -1 });
  });
});

describe('lead-time policy for terminations (3 months) and changes (1 month)', () => {
  it('accepts a termination 3 months out', () => {
    // 2026-01-15 → 2026-04-15: 16 + 28 + 31 + 15 = 90 days.
    expect(
      checkLeadTime({
        policy: SHEET,
        kind: 'termination',
        announcedAt: ANNOUNCED,
        effectiveAt: jst('2026-04-15T10:00:00'),
      }),
    ).toEqual({
      ok: true,
      leadDays: 90,
      requiredMonths: 3,
      shortNotice: false,
      shortNoticeReason: null,
    });
  });

  it('refuses a termination a day short of 3 months, on the effective_at field', () => {
    const error = refusal(() =>
      checkLeadTime({
        policy: SHEET,
        kind: 'termination',
        announcedAt: ANNOUNCED,
        effectiveAt: jst('2026-04-14T10:00:00'),
      }),
    );
    expect(error.message).toBe(
      "A service termination needs at least 3 months' notice; this one gives 89 days (about 2 months). Mark it short-notice with a reason to publish anyway.",
    );
    expect(error.issues[0]!.field).toBe('effective_at');
  });

  it('refuses a change 29 days out', () => {
    const error = refusal(() =>
      checkLeadTime({ policy: SHEET, kind: 'change', announcedAt: ANNOUNCED, effectiveAt: jst('2026-02-13T10:00:00') }),
    );
    expect(error.message).toBe(
      "A customer-impacting change needs at least 1 month's notice; this one gives 29 days (less than a month). Mark it short-notice with a reason to publish anyway.",
    );
    expect(error.details).toEqual({ required: 'P1M', actual_days: 29, kind: 'change' });
    expect(error.issues[0]!.field).toBe('effective_at');
  });

  it('counts months on the JST calendar, not in UTC', () => {
    // Announced 1 March 01:00 JST (28 Feb in UTC): a month later is 1 April JST, not 28 March.
    const announcedAt = jst('2026-03-01T01:00:00');
    expect(() =>
      checkLeadTime({ policy: SHEET, kind: 'change', announcedAt, effectiveAt: jst('2026-03-31T01:00:00') }),
    ).toThrow(PolicyError);
    expect(
      checkLeadTime({ policy: SHEET, kind: 'change', announcedAt, effectiveAt: jst('2026-04-01T01:00:00') }).ok,
    ).toBe(true);
  });
});

describe('a configured policy', () => {
  it('keeps the sheet’s period for any kind left out', () => {
    const policy = parseLeadTimePolicy({ change: { months: 2 } });
    expect(policy).toEqual({ ...LEAD_TIME_POLICY, change: { months: 2 } });
    expect(() =>
      checkLeadTime({ kind: 'change', announcedAt: ANNOUNCED, effectiveAt: jst('2026-03-01T10:00:00'), policy }),
    ).toThrow("needs at least 2 months' notice");
  });

  it('refuses nonsense, naming the field', () => {
    expect(() => parseLeadTimePolicy({ change: { months: -1 } })).toThrow(ValidationError);
    expect(() => parseLeadTimePolicy({ change: { months: 1.5 } })).toThrow(ValidationError);
    expect(() => parseLeadTimePolicy({ outage: { months: 1 } })).toThrow(ValidationError);
  });
});

describe('compliance listing', () => {
  it('takes notices as terminations and changes only, with no link to a maintenance: a maintenance is announced by its own record', () => {
    // Checked by the type checker (tsc runs over the tests): the model has no maintenance notice to link.
    expectTypeOf<NoticeView['kind']>().toEqualTypeOf<'termination' | 'change'>();
    expectTypeOf<NoticeView>().not.toHaveProperty('maintenanceId');
  });

  const notice: NoticeView = {
    id: 'ntc1',
    kind: 'termination',
    title: '見積書 旧APIの提供終了',
    titleEn: null,
    body: '',
    bodyEn: null,
    effectiveAt: jst('2026-03-15T10:00:00'),
    announcedAt: ANNOUNCED,
    componentIds: ['quotes'],
    shortNotice: true,
    shortNoticeReason: '提携先の提供終了に伴うため',
    createdAt: ANNOUNCED,
    updatedAt: ANNOUNCED,
  };

  it('shows a short-notice termination below the policy, with its reason', () => {
    expect(complianceRow(notice, SHEET)).toEqual({
      id: 'ntc1',
      kind: 'termination',
      title: '見積書 旧APIの提供終了',
      announcedAt: ANNOUNCED,
      effectiveAt: jst('2026-03-15T10:00:00'),
      leadDays: 59,
      leadMonths: 2,
      requiredMonths: 3,
      required: 'P3M',
      meetsPolicy: false,
      shortNotice: true,
      shortNoticeReason: '提携先の提供終了に伴うため',
      cancelled: false,
    });
  });

  it('measures a maintenance from its announcement to its scheduled start', () => {
    const row = complianceRow(makeMaintenance(), SHEET);
    expect(row).toMatchObject({
      kind: 'maintenance',
      leadDays: 185,
      required: 'P6M',
      meetsPolicy: true,
      cancelled: false,
    });
  });
});
