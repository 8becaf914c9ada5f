import type { Context } from 'hono';
import { html } from 'hono/html';
import { pick } from '../../../site/i18n/index.ts';
import type { FieldIssue } from '../../core/errors.ts';
import { LANGS } from '../../core/vocab.ts';
import { csrfField, errorSummary, type FormFields, type Markup } from '../forms.ts';
import { notifyMessages } from '../i18n/notify.ts';
import { translator } from '../text.ts';
import type { AppDeps } from '../../http/context.ts';
import { seeOther } from '../forms.ts';
import { renderPage } from '../layout.ts';
import { requireRole } from '../shell.ts';
import type { ConsoleApp, ConsoleEnv } from '../types.ts';
import { many } from './maintenance-form.ts';
import {
  auditedWrite,
  type ComponentNames,
  componentBoxes,
  type FieldDef,
  fieldsOf,
  jst,
  notFound,
  orNull,
} from './maintenance-kit.ts';

type C = Context<ConsoleEnv>;

/** The notification pages' strings (contacts, subscribers, webhooks, deliveries). */
export const tn = translator(notifyMessages);

export const languageField = (c: C): FieldDef => ({
  name: 'language',
  label: tn(c, 'nf.language'),
  type: 'select',
  options: LANGS.map((l) => ({ value: l, label: tn(c, `nf.language.${l}`) })),
  required: true,
});

/** The services a recipient hears of: none ticked means every one, later ones too (the API's null). */
export const componentsInput = (form: FormFields): string[] | null => {
  const chosen = many(form, 'components');
  return chosen.length ? chosen : null;
};

export function recipientComponents(
  c: C,
  rows: ReadonlyArray<{ id: string; name: string; nameEn: string | null }>,
  values: FormFields,
  issues: readonly FieldIssue[],
): Markup {
  return componentBoxes(c, {
    name: 'components',
    legend: tn(c, 'nf.components'),
    hint: tn(c, 'nf.components.hint'),
    options: rows.map((r) => ({ value: r.id, label: pick(c.var.lang, r.name, r.nameEn) })),
    checked: many(values, 'components'),
    issues,
  });
}

export const servicesOf = (c: C, names: ComponentNames, ids: readonly string[] | null): string =>
  ids
    ? ids.map((id) => (names.get(id) ? pick(c.var.lang, names.get(id)!.name, names.get(id)!.nameEn) : id)).join(', ')
    : tn(c, 'nf.all');

/** A recipient's delivery state: stopped after failures, failing, or nothing to say. */
export const stateOf = (c: C, r: { quarantinedAt: Date | null; failures: number }): string =>
  r.quarantinedAt
    ? tn(c, 'nf.quarantined', { at: jst(c, r.quarantinedAt) })
    : r.failures
      ? tn(c, 'nf.failures', { n: r.failures })
      : '';

/**
 * The link to a row's removal, which asks before it deletes (WCAG 3.3.4: a deletion is confirmed);
 * its text names the row, so a screen reader's list of links says which.
 */
export const removeLink = (c: C, href: string, what: string): Markup =>
  html`<a href="${c.var.base}${href}">${tn(c, 'nf.removeNamed', { what })}</a>`;

/** A registration form under a list, its issues summarised above it. */
export function registerForm(
  c: C,
  form: {
    heading: string;
    action: string;
    fields: readonly FieldDef[];
    values: FormFields;
    issues: readonly FieldIssue[];
    extra?: Markup;
  },
): Markup {
  return html`<section aria-labelledby="register-title"><h2 id="register-title">${form.heading}</h2>
${errorSummary(c, form.issues)}
<form method="post" action="${c.var.base}${form.action}" novalidate>
${csrfField(c)}
${fieldsOf(c, form.fields, form.values, form.issues)}
${form.extra ?? ''}
<button type="submit">${tn(c, 'nf.register')}</button>
</form></section>`;
}

/**
 * `<list>/:id/remove`: GET asks (what is removed, that it cannot be undone); POST removes, with the
 * recipient as the API presents it in the audit row's `before`. An id that names none answers 404.
 */
export function removeRoute<R extends { id: string }>(
  app: ConsoleApp,
  deps: AppDeps,
  spec: {
    list: string;
    targetType: string;
    /** The row, or null (or a not-found error) when the id names none. */
    load: (id: string) => Promise<R | null>;
    /** How the row is named to the person: an address, a URL. */
    name: (row: R) => string;
    present: (row: R) => unknown;
    remove: (id: string) => Promise<unknown>;
    done: 'ct.done.removed' | 'wh.done.removed' | 'sb.done.removed';
  },
) {
  const path = `${spec.list}/:id/remove` as const;
  app.get(path, requireRole('notify'), async (c) => {
    const row = await orNull(spec.load(c.req.param('id')));
    if (!row) return notFound(c);
    const title = tn(c, 'nf.confirm.title', { what: spec.name(row) });
    const body = html`<h1>${title}</h1>
<p>${tn(c, 'nf.confirm.body')}</p>
<form method="post" action="${c.var.base}${spec.list}/${row.id}/remove">${csrfField(c)}<button type="submit">${tn(c, 'nf.remove')}</button></form>
<p><a href="${c.var.base}${spec.list}">${tn(c, 'nf.confirm.keep')}</a></p>`;
    return renderPage(c, { title, body });
  });
  app.post(path, requireRole('notify'), async (c) => {
    const row = await orNull(spec.load(c.req.param('id')));
    if (!row) return notFound(c);
    await auditedWrite(c, deps, {
      action: `console: remove ${spec.targetType}`,
      targetType: spec.targetType,
      before: spec.present(row),
      run: async () => {
        await spec.remove(row.id);
        return { id: row.id };
      },
    });
    return seeOther(c, spec.list, tn(c, spec.done));
  });
}
