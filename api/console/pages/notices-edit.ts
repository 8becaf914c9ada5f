import type { Context } from 'hono';
import { html } from 'hono/html';
import type { z } from 'zod';
import { pick } from '../../../site/i18n/index.ts';
import { amendNoticeCommand, postponeNoticeCommand, withdrawNoticeCommand } from '../../core/commands/edit-notice.ts';
import type { FieldIssue } from '../../core/errors.ts';
import { amendNoticeInput, postponeNoticeInput, withdrawNoticeInput } from '../../core/input/maintenance.ts';
import type { LeadTimePolicy } from '../../core/maintenance/lead-time-policy.ts';
import type { NoticeView } from '../../core/maintenance/types.ts';
import { findNotice } from '../../core/queries/maintenance-model.ts';
import type { AppDeps } from '../../http/context.ts';
import { type FormFields, one, readForm, seeOther } from '../forms.ts';
import { requireRole } from '../shell.ts';
import type { ConsoleApp, ConsoleEnv } from '../types.ts';
import {
  dateField,
  jstField,
  otherIssues,
  reasonField,
  shortNoticeField,
  shortNoticeOf,
  textFields,
  ts,
} from './maintenance-form.ts';
import { type FieldDef, fieldsOf, formPage, notFound, orNull, submit } from './maintenance-kit.ts';
import { toJstInput } from './incidents-time.ts';
import { policyBox } from './maintenance-view.ts';

type C = Context<ConsoleEnv>;

export const NOTICE_VERB_LABEL = { amend: 'nt.amend', postpone: 'nt.postpone', withdraw: 'nt.withdraw' } as const;
type Verb = keyof typeof NOTICE_VERB_LABEL;

/** What the commands accept: a withdrawn notice nothing; one in effect only a correction of its text. */
export function noticeVerbsFor(n: NoticeView, now: Date): Verb[] {
  if (n.withdrawnAt) return [];
  return n.effectiveAt > now ? ['amend', 'postpone', 'withdraw'] : ['amend'];
}

interface VerbSpec {
  fields: (c: C) => FieldDef[];
  hint?: 'nt.postpone.hint';
  prefill: (n: NoticeView) => FormFields;
  input: (form: FormFields, issues: FieldIssue[]) => Record<string, unknown>;
  schema: z.ZodType;
  run: (args: {
    db: AppDeps['db'];
    now: Date;
    id: string;
    input: unknown;
    policy: LeadTimePolicy;
  }) => Promise<{ changed: boolean }>;
  showsPolicy?: boolean;
}

const VERBS: Record<Verb, VerbSpec> = {
  amend: {
    fields: (c) => [...textFields(c), { ...reasonField(c), required: false }],
    prefill: (n) => ({ title: n.title, title_en: n.titleEn ?? '', body: n.body, body_en: n.bodyEn ?? '' }),
    // Every text is sent as it stands; an English text left empty is cleared (null), as the API does.
    input: (form) => ({
      title: one(form, 'title'),
      title_en: one(form, 'title_en').trim() || null,
      body: one(form, 'body'),
      body_en: one(form, 'body_en').trim() || null,
      reason: one(form, 'reason').trim() || undefined,
    }),
    schema: amendNoticeInput,
    run: amendNoticeCommand,
  },
  postpone: {
    fields: (c) => [dateField(c, 'effective_at', ts(c, 'nt.effective')), reasonField(c), shortNoticeField(c)],
    hint: 'nt.postpone.hint',
    prefill: (n) => ({ effective_at: toJstInput(n.effectiveAt) }),
    input: (form, issues) => ({
      effective_at: jstField(form, 'effective_at', issues),
      reason: one(form, 'reason'),
      short_notice: shortNoticeOf(form),
    }),
    schema: postponeNoticeInput,
    run: postponeNoticeCommand,
    showsPolicy: true,
  },
  withdraw: {
    fields: (c) => [reasonField(c)],
    prefill: () => ({}),
    input: (form) => ({ reason: one(form, 'reason') }),
    schema: withdrawNoticeInput,
    run: withdrawNoticeCommand,
  },
};

/** `/notices/:id/<verb>`: a page per change, as for maintenance. */
export function noticeEditPages(app: ConsoleApp, deps: AppDeps, present: (id: string) => Promise<unknown>) {
  const policy = deps.settings.leadTimePolicy;

  const page = (c: C, verb: Verb, n: NoticeView, values: FormFields, issues: readonly FieldIssue[]) => {
    const spec = VERBS[verb];
    return formPage(c, {
      title: `${ts(c, NOTICE_VERB_LABEL[verb])}: ${pick(c.var.lang, n.title, n.titleEn)}`,
      action: `/notices/${n.id}/${verb}`,
      issues,
      fields: [
        spec.hint ? html`<p class="hint">${ts(c, spec.hint)}</p>` : html``,
        fieldsOf(c, spec.fields(c), values, issues),
      ],
      submit: ts(c, NOTICE_VERB_LABEL[verb]),
      back: { href: `/notices/${n.id}`, label: ts(c, 'sc.back') },
      aside: spec.showsPolicy ? policyBox(c, [n.kind], policy, deps.now()) : undefined,
    });
  };

  for (const verb of Object.keys(VERBS) as Verb[]) {
    const spec = VERBS[verb];
    app.get(`/notices/:id/${verb}`, requireRole('maintenance'), async (c) => {
      const n = await orNull(findNotice(deps.db, c.req.param('id'), deps.now()));
      if (!n) return notFound(c);
      if (!noticeVerbsFor(n, deps.now()).includes(verb)) return seeOther(c, `/notices/${n.id}`);
      return page(c, verb, n, spec.prefill(n), []);
    });

    app.post(`/notices/:id/${verb}`, requireRole('maintenance'), async (c) => {
      const n = await orNull(findNotice(deps.db, c.req.param('id'), deps.now()));
      if (!n) return notFound(c);
      const form = await readForm(c);
      const issues: FieldIssue[] = [];
      const input = spec.input(form, issues);
      const wrong = issues.map((i) => i.field);
      let changed = false;
      return submit(c, deps, {
        issues: issues.length ? [...issues, ...otherIssues(spec.schema, input, wrong)] : [],
        action: `console: notice ${verb}`,
        targetType: 'notice',
        before: await present(n.id),
        run: async () => {
          ({ changed } = await spec.run({ db: deps.db, now: deps.now(), id: n.id, input, policy }));
          return { id: n.id };
        },
        after: ({ id }) => present(id),
        // As the API's route: a correction that changes nothing republishes nothing.
        change: ({ id }) => (changed ? { kind: 'notice', id } : null),
        again: (shown) => page(c, verb, n, form, shown),
        answer: () => seeOther(c, `/notices/${n.id}`, ts(c, `nt.done.${verb}`)),
      });
    });
  }
}
