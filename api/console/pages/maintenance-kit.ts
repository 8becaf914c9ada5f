import type { Context } from 'hono';
import { html, raw } from 'hono/html';
import { formatTime } from '../../../site/i18n/index.ts';
import type { Change } from '../../core/change.ts';
import { type FieldIssue, issueText, ShiraseError } from '../../core/errors.ts';
import type { AppDeps } from '../../http/context.ts';
import { componentCatalogue } from '../../notify/subscribe/store.ts';
import { auditActor, recordAudit } from '../../operators/audit.ts';
import { allows, type Scope } from '../../operators/vocab.ts';
import { csrfField, errorSummary, field, type FormFields, type Markup } from '../forms.ts';
import { messagePage, renderPage } from '../layout.ts';
import { consoleActor } from '../shell.ts';
import { issuesOf } from './maintenance-form.ts';
import { t } from '../text.ts';
import type { ConsoleEnv } from '../types.ts';

type C = Context<ConsoleEnv>;

/** A time as the console shows it: JST, labelled (the public pages' format). */
export const jst = (c: C, date: Date | null): string => (date ? formatTime(c.var.lang, date) : '');

/** Whether the person signed in may write in this area (forms are shown only to them; the POST is refused anyway). */
export const mayWrite = (c: C, scope: Scope): boolean => allows(c.var.operator.role, null, scope);

/**
 * A console write as the API makes it, then recorded: the command runs, the audit row names the
 * person, what they did and the target as `/api/v1` presents it before and after, and the publisher
 * hears of the change as from the API's route. A refused command throws before anything is recorded.
 */
/** A write as a console page describes it: the audit row's action and target, and the command. */
export interface AuditedWrite<T extends { id: string }> {
  action: string;
  targetType: string;
  before?: unknown;
  run: () => Promise<T>;
  after?: (done: T) => Promise<unknown> | unknown;
  change?: (done: T) => Change | null;
}

export async function auditedWrite<T extends { id: string }>(c: C, deps: AppDeps, write: AuditedWrite<T>): Promise<T> {
  const done = await write.run();
  await recordAudit(deps.db, {
    at: deps.now(),
    actor: auditActor(consoleActor(c)),
    via: 'console',
    ip: c.var.ip,
    action: write.action,
    targetType: write.targetType,
    targetId: done.id,
    before: write.before ?? null,
    after: write.after ? await write.after(done) : null,
  });
  const change = write.change?.(done);
  if (change) deps.onChange?.(change);
  return done;
}

/** A form's POST: the write, the page shown again when it is refused, and the answer once it is done. */
export interface Submission<T extends { id: string }> extends AuditedWrite<T> {
  /** Issues the form found itself (a date that names no JST time): shown without running anything. */
  issues?: readonly FieldIssue[];
  again: (issues: readonly FieldIssue[]) => Response | Promise<Response>;
  answer: (done: T) => Response | Promise<Response>;
}

/** Runs the write, or shows the form again with what the form or the command refused, at each field. */
export async function submit<T extends { id: string }>(c: C, deps: AppDeps, s: Submission<T>) {
  if (s.issues?.length) return s.again(s.issues);
  let done: T;
  try {
    done = await auditedWrite(c, deps, s);
  } catch (e) {
    return s.again(issuesOf(e));
  }
  return s.answer(done);
}

/** The record `load` reads, or null when the id names none (the page then answers 404, not 500). */
export async function orNull<T>(load: Promise<T>): Promise<T | null> {
  try {
    return await load;
  } catch (e) {
    if (e instanceof ShiraseError && e.code === 'not_found') return null;
    throw e;
  }
}

export const notFound = (c: C) => messagePage(c, 404, t(c, 'console.notFound.title'), t(c, 'console.notFound.body'));

/** A form field as a page declares it; the label and hint are already in the page's language. */
export interface FieldDef {
  name: string;
  label: string;
  type?: 'text' | 'textarea' | 'datetime-local' | 'email' | 'url' | 'select';
  hint?: string;
  required?: boolean;
  options?: ReadonlyArray<{ value: string; label: string }>;
  autocomplete?: string;
}

/** The fields with the values typed (kept after a refusal) and the issues naming each. */
export const fieldsOf = (c: C, defs: readonly FieldDef[], values: FormFields, issues: readonly FieldIssue[]) =>
  defs.map((d) => {
    const v = values[d.name];
    return field(c, { ...d, value: Array.isArray(v) ? v[0] : v, issues });
  });

/**
 * Checkboxes for the services a record names, in a fieldset with its legend, hint and errors. The
 * first box carries the id the error summary links to (`f-<name>`), so the link lands on a control.
 */
export function componentBoxes(
  c: C,
  spec: {
    name: string;
    legend: string;
    hint?: string;
    options: ReadonlyArray<{ value: string; label: string }>;
    checked: readonly string[];
    issues: readonly FieldIssue[];
  },
): Markup {
  const errors = spec.issues.filter((i) => i.field === spec.name).map((i) => issueText(i, c.var.lang));
  const base = `f-${spec.name}`;
  const described = [spec.hint ? `${base}-hint` : null, errors.length ? `${base}-error` : null]
    .filter(Boolean)
    .join(' ');
  return html`<fieldset class="choices${errors.length ? ' field-invalid' : ''}"${
    described ? raw(` aria-describedby="${described}"`) : ''
  }>
<legend>${spec.legend}</legend>
${spec.hint ? html`<p class="hint" id="${base}-hint">${spec.hint}</p>` : ''}
${errors.length ? html`<p class="error" id="${base}-error">${errors.join(' ')}</p>` : ''}
${spec.options.map((o, i) => {
  const id = i === 0 ? base : `${base}-${i}`;
  return html`<div class="checkbox"><input type="checkbox" id="${id}" name="${spec.name}" value="${o.value}"${
    spec.checked.includes(o.value) ? raw(' checked') : ''
  }${errors.length ? raw(' aria-invalid="true"') : ''}> <label for="${id}">${o.label}</label></div>`;
})}
</fieldset>`;
}

/** Component id → its names, for the lists of affected services. */
export type ComponentNames = ReadonlyMap<string, { name: string; nameEn: string | null }>;

/** The services in the site's order, for checkboxes, and by id, for lists. */
export async function componentOptions(deps: AppDeps) {
  const rows = await componentCatalogue(deps.db);
  const names: ComponentNames = new Map(rows.map((r) => [r.id, r]));
  return { rows, names };
}

/**
 * A stored text (Markdown) as the operator typed it: a paragraph per blank-line-separated block,
 * its line breaks kept. The public pages render the Markdown; here the source is what is checked.
 */
export const textBlocks = (text: string): Markup[] =>
  text
    .split(/\n\s*\n/)
    .filter((block) => block.trim())
    .map((block) => html`<p>${block.split('\n').map((line, i) => (i ? html`<br>${line}` : line))}</p>`);

/** A list, or the catalogue's "none" when it is empty. */
export const listOr = <T>(items: readonly T[], none: string, render: (items: readonly T[]) => Markup): Markup =>
  items.length ? render(items) : html`<p>${none}</p>`;

/**
 * A page of one form: its heading, the error summary, the form (POSTed to `action`, with the CSRF
 * field) and, beside it, `aside` (the lead-time policy); 422 while there are issues.
 */
export function formPage(
  c: C,
  page: {
    title: string;
    action: string;
    issues: readonly FieldIssue[];
    fields: ReadonlyArray<Markup | readonly Markup[]>;
    submit: string;
    back: { href: string; label: string };
    aside?: Markup;
  },
) {
  const body = html`<h1>${page.title}</h1>
${errorSummary(c, page.issues)}
<div class="with-aside">
${page.aside ?? ''}
<form method="post" action="${c.var.base}${page.action}" novalidate>
${csrfField(c)}
${page.fields}
<button type="submit">${page.submit}</button>
</form>
</div>
<p><a href="${c.var.base}${page.back.href}">${page.back.label}</a></p>`;
  return renderPage(c, { title: page.title, body, status: page.issues.length ? 422 : 200 });
}
