import type { Context } from 'hono';
import { pick } from '../../../site/i18n/index.ts';
import { createMaintenance } from '../../core/commands/create-maintenance.ts';
import type { FieldIssue } from '../../core/errors.ts';
import { createMaintenanceInput } from '../../core/input/maintenance.ts';
import { findMaintenance, loadMaintenances } from '../../core/queries/maintenance-model.ts';
import type { AppDeps } from '../../http/context.ts';
import { presentMaintenance } from '../../http/present/maintenance.ts';
import { type FormFields, one, readForm, seeOther } from '../forms.ts';
import { renderPage } from '../layout.ts';
import { requireRole } from '../shell.ts';
import { scheduleMessages as m } from '../i18n/schedule.ts';
import type { ConsoleEnv, NavEntry, PageModule } from '../types.ts';
import {
  dateField,
  jstField,
  many,
  optional,
  otherIssues,
  shortNoticeField,
  shortNoticeOf,
  textFields,
  ts,
} from './maintenance-form.ts';
import {
  componentBoxes,
  componentOptions,
  fieldsOf,
  formPage,
  mayWrite,
  notFound,
  orNull,
  submit,
} from './maintenance-kit.ts';
import { maintenanceVerbPages } from './maintenance-verbs.ts';
import { maintenanceDetail, maintenanceList, policyBox } from './maintenance-view.ts';

type C = Context<ConsoleEnv>;

/** The schedule form: the policy beside it, the typed values and the issues kept after a refusal. */
async function newForm(c: C, deps: AppDeps, values: FormFields, issues: readonly FieldIssue[]) {
  const { rows } = await componentOptions(deps);
  const options = [
    { value: 'all', label: ts(c, 'sc.components.everything') },
    ...rows.map((r) => ({ value: r.id, label: pick(c.var.lang, r.name, r.nameEn) })),
  ];
  return formPage(c, {
    title: ts(c, 'mt.new'),
    action: '/maintenance/new',
    issues,
    fields: [
      fieldsOf(c, textFields(c), values, issues),
      fieldsOf(
        c,
        [dateField(c, 'scheduled_for', ts(c, 'mt.start')), dateField(c, 'scheduled_until', ts(c, 'mt.end'))],
        values,
        issues,
      ),
      componentBoxes(c, {
        name: 'components',
        legend: ts(c, 'sc.components'),
        hint: ts(c, 'sc.components.hint'),
        options,
        checked: many(values, 'components'),
        issues,
      }),
      fieldsOf(c, [shortNoticeField(c)], values, issues),
    ],
    submit: ts(c, 'mt.new'),
    back: { href: '/maintenance', label: ts(c, 'sc.back') },
    aside: policyBox(c, ['maintenance'], deps.settings.leadTimePolicy, deps.now()),
  });
}

/** The API's body for the schedule form: JST fields read as instants, "every service" as `all`, the reason as `short_notice`. */
function createInput(form: FormFields): { input: Record<string, unknown>; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const chosen = many(form, 'components');
  const input = {
    title: one(form, 'title'),
    title_en: optional(form, 'title_en'),
    body: one(form, 'body'),
    body_en: optional(form, 'body_en'),
    scheduled_for: jstField(form, 'scheduled_for', issues),
    scheduled_until: jstField(form, 'scheduled_until', issues),
    components: chosen.includes('all') ? 'all' : chosen,
    short_notice: shortNoticeOf(form),
  };
  if (issues.length)
    issues.push(
      ...otherIssues(
        createMaintenanceInput,
        input,
        issues.map((i) => i.field),
      ),
    );
  return { input, issues };
}

/** Planned maintenance: the list, scheduling, and each change the API allows (api/http/routes/maintenance.ts). */
export const maintenancePages: PageModule = (app, deps) => {
  const { siteUrl, leadTimePolicy: policy } = deps.settings;
  const present = async (id: string) => {
    const now = deps.now();
    return presentMaintenance(await findMaintenance(deps.db, id, now), { siteUrl, now, policy });
  };

  app.get('/maintenance', requireRole('read'), async (c) => {
    const { maintenances } = await loadMaintenances({ db: deps.db, now: deps.now() });
    return renderPage(c, {
      title: ts(c, 'mt.title'),
      body: maintenanceList(c, maintenances, mayWrite(c, 'maintenance')),
    });
  });

  app.get('/maintenance/new', requireRole('maintenance'), (c) => newForm(c, deps, {}, []));

  app.post('/maintenance/new', requireRole('maintenance'), async (c) => {
    const form = await readForm(c);
    const { input, issues } = createInput(form);
    return submit(c, deps, {
      issues,
      action: 'console: schedule maintenance',
      targetType: 'maintenance',
      run: () => createMaintenance({ db: deps.db, now: deps.now(), input, policy }),
      after: ({ id }) => present(id),
      change: ({ id }) => ({ kind: 'maintenance', id }),
      again: (wrong) => newForm(c, deps, form, wrong),
      answer: ({ id }) => seeOther(c, `/maintenance/${id}`, ts(c, 'mt.done.created')),
    });
  });

  app.get('/maintenance/:id', requireRole('read'), async (c) => {
    const m = await orNull(findMaintenance(deps.db, c.req.param('id'), deps.now()));
    if (!m) return notFound(c);
    const { names } = await componentOptions(deps);
    return renderPage(c, {
      title: pick(c.var.lang, m.title, m.titleEn),
      body: maintenanceDetail(c, m, { names, policy, siteUrl, canWrite: mayWrite(c, 'maintenance') }),
    });
  });

  maintenanceVerbPages(app, deps, present);
};

/** The menu's entries for maintenance and notices: everyone signed in reads them. */
export const scheduleNav: NavEntry[] = [
  { path: '/maintenance', label: { ja: m.ja['mt.title'], en: m.en['mt.title'] }, scope: 'read' },
  { path: '/notices', label: { ja: m.ja['nt.title'], en: m.en['nt.title'] }, scope: 'read' },
];
