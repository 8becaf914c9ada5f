import type { Context } from 'hono';
import type { z } from 'zod';
import { pick } from '../../../site/i18n/index.ts';
import { cancelMaintenance } from '../../core/commands/cancel-maintenance.ts';
import { extendMaintenance } from '../../core/commands/extend-maintenance.ts';
import { finishMaintenance } from '../../core/commands/finish-maintenance.ts';
import { postMaintenanceUpdate } from '../../core/commands/post-maintenance-update.ts';
import { rescheduleMaintenance } from '../../core/commands/reschedule-maintenance.ts';
import { startVerifyingMaintenance } from '../../core/commands/start-verifying-maintenance.ts';
import type { FieldIssue } from '../../core/errors.ts';
import {
  cancelMaintenanceInput,
  extendMaintenanceInput,
  maintenanceProgressInput,
  postMaintenanceUpdateInput,
  rescheduleMaintenanceInput,
} from '../../core/input/maintenance.ts';
import type { LeadTimePolicy } from '../../core/maintenance/lead-time-policy.ts';
import type { MaintenanceView } from '../../core/maintenance/types.ts';
import { findMaintenance } from '../../core/queries/maintenance-model.ts';
import type { AppDeps } from '../../http/context.ts';
import { type FormFields, one, readForm, seeOther } from '../forms.ts';
import { requireRole } from '../shell.ts';
import type { ConsoleApp, ConsoleEnv } from '../types.ts';
import {
  dateField,
  jstField,
  optional,
  otherIssues,
  reasonField,
  shortNoticeField,
  shortNoticeOf,
  ts,
} from './maintenance-form.ts';
import { type FieldDef, fieldsOf, formPage, notFound, orNull, submit } from './maintenance-kit.ts';
import { toJstInput } from './incidents-time.ts';
import { policyBox, VERB_LABEL, verbsFor } from './maintenance-view.ts';

type C = Context<ConsoleEnv>;
type Verb = keyof typeof VERB_LABEL;

/** One change to a maintenance, as its page asks for it and as the API's route runs it. */
interface VerbSpec {
  fields: (c: C) => FieldDef[];
  /** What the form shows first (the window as it stands, for a change of dates). */
  prefill?: (m: MaintenanceView) => FormFields;
  /** The API's body for the form; issues the form itself finds (a JST date) go into `issues`. */
  input: (form: FormFields, issues: FieldIssue[]) => Record<string, unknown>;
  schema: z.ZodType;
  run: (args: { db: AppDeps['db']; now: Date; id: string; input: unknown; policy: LeadTimePolicy }) => Promise<unknown>;
  /** A new date gives notice again: the policy is shown beside the form. */
  showsPolicy?: boolean;
}

const progressFields = (c: C): FieldDef[] => [
  { name: 'body', label: ts(c, 'mt.progressBody'), type: 'textarea' },
  { name: 'body_en', label: ts(c, 'mt.progressBodyEn'), type: 'textarea' },
];
const progressInput = (form: FormFields) => ({ body: optional(form, 'body'), body_en: optional(form, 'body_en') });

const VERBS: Record<Verb, VerbSpec> = {
  reschedule: {
    fields: (c) => [
      dateField(c, 'scheduled_for', ts(c, 'mt.start')),
      dateField(c, 'scheduled_until', ts(c, 'mt.end')),
      reasonField(c),
      shortNoticeField(c),
    ],
    prefill: (m) => ({ scheduled_for: toJstInput(m.scheduledFor), scheduled_until: toJstInput(m.scheduledUntil) }),
    input: (form, issues) => ({
      scheduled_for: jstField(form, 'scheduled_for', issues),
      scheduled_until: jstField(form, 'scheduled_until', issues),
      reason: one(form, 'reason'),
      short_notice: shortNoticeOf(form),
    }),
    schema: rescheduleMaintenanceInput,
    run: rescheduleMaintenance,
    showsPolicy: true,
  },
  cancel: {
    fields: (c) => [reasonField(c)],
    input: (form) => ({ reason: one(form, 'reason') }),
    schema: cancelMaintenanceInput,
    run: cancelMaintenance,
  },
  extend: {
    fields: (c) => [dateField(c, 'extended_until', ts(c, 'mt.extendedUntil')), reasonField(c)],
    prefill: (m) => ({ extended_until: toJstInput(m.overrides.extendedUntil ?? m.scheduledUntil) }),
    input: (form, issues) => ({
      extended_until: jstField(form, 'extended_until', issues),
      reason: one(form, 'reason'),
    }),
    schema: extendMaintenanceInput,
    run: extendMaintenance,
  },
  verifying: {
    fields: progressFields,
    input: progressInput,
    schema: maintenanceProgressInput,
    run: startVerifyingMaintenance,
  },
  finish: { fields: progressFields, input: progressInput, schema: maintenanceProgressInput, run: finishMaintenance },
  updates: {
    fields: (c) => [
      { name: 'body', label: ts(c, 'sc.body'), type: 'textarea', required: true },
      { name: 'body_en', label: ts(c, 'sc.bodyEn'), type: 'textarea' },
    ],
    input: (form) => ({ body: one(form, 'body'), body_en: optional(form, 'body_en') }),
    schema: postMaintenanceUpdateInput,
    run: postMaintenanceUpdate,
  },
};

/** `/maintenance/:id/<verb>`: a page per change, each with its own form (one set of field ids per page). */
export function maintenanceVerbPages(app: ConsoleApp, deps: AppDeps, present: (id: string) => Promise<unknown>) {
  const policy = deps.settings.leadTimePolicy;

  const page = (c: C, verb: Verb, m: MaintenanceView, values: FormFields, issues: readonly FieldIssue[]) => {
    const spec = VERBS[verb];
    const title = `${ts(c, VERB_LABEL[verb])}: ${pick(c.var.lang, m.title, m.titleEn)}`;
    return formPage(c, {
      title,
      action: `/maintenance/${m.id}/${verb}`,
      issues,
      fields: [fieldsOf(c, spec.fields(c), values, issues)],
      submit: ts(c, VERB_LABEL[verb]),
      back: { href: `/maintenance/${m.id}`, label: ts(c, 'sc.back') },
      aside: spec.showsPolicy ? policyBox(c, ['maintenance'], policy, deps.now()) : undefined,
    });
  };

  for (const verb of Object.keys(VERBS) as Verb[]) {
    const spec = VERBS[verb];
    app.get(`/maintenance/:id/${verb}`, requireRole('maintenance'), async (c) => {
      const m = await orNull(findMaintenance(deps.db, c.req.param('id'), deps.now()));
      if (!m) return notFound(c);
      // Offered only where the command would take it; the detail page says what the status is.
      if (!verbsFor(m).includes(verb)) return seeOther(c, `/maintenance/${m.id}`);
      return page(c, verb, m, spec.prefill?.(m) ?? {}, []);
    });

    app.post(`/maintenance/:id/${verb}`, requireRole('maintenance'), async (c) => {
      const m = await orNull(findMaintenance(deps.db, c.req.param('id'), deps.now()));
      if (!m) return notFound(c);
      const form = await readForm(c);
      const issues: FieldIssue[] = [];
      const input = spec.input(form, issues);
      const wrong = issues.map((i) => i.field);
      return submit(c, deps, {
        issues: issues.length ? [...issues, ...otherIssues(spec.schema, input, wrong)] : [],
        action: `console: maintenance ${verb}`,
        targetType: 'maintenance',
        before: await present(m.id),
        run: async () => {
          await spec.run({ db: deps.db, now: deps.now(), id: m.id, input, policy });
          return { id: m.id };
        },
        after: ({ id }) => present(id),
        change: ({ id }) => ({ kind: 'maintenance', id }),
        again: (shown) => page(c, verb, m, form, shown),
        answer: () => seeOther(c, `/maintenance/${m.id}`, ts(c, `mt.done.${verb}`)),
      });
    });
  }
}
