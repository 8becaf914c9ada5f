import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { type FieldIssue, issueText } from '../core/errors.ts';
import type { ConsoleEnv } from './types.ts';
import { t } from './text.ts';

export type Markup = HtmlEscapedString | Promise<HtmlEscapedString>;
export type FormFields = Record<string, string | string[]>;

/** The name of the hidden field every console form carries (api/console/shell.ts checks it before any handler). */
export const CSRF_FIELD = '_csrf';

/** The hidden input with this session's form token: put it in every `<form method="post">`. */
export const csrfField = (c: Context<ConsoleEnv>) =>
  html`<input type="hidden" name="${CSRF_FIELD}" value="${c.var.csrfToken}">`;

const parsed = new WeakMap<Request, Promise<FormFields>>();

/**
 * The POSTed form as fields (a repeated name as an array). Read once per request, so the shell's
 * CSRF check and the page handler see the same body; the body limit (64 KiB) is the shell's.
 * Anything but a URL-encoded form reads as no fields.
 */
export function readForm(c: Context): Promise<FormFields> {
  let fields = parsed.get(c.req.raw);
  if (!fields) {
    const type = c.req.header('Content-Type')?.split(';')[0]?.trim().toLowerCase();
    fields =
      type === 'application/x-www-form-urlencoded'
        ? c.req.text().then((body) => {
            const out: FormFields = Object.create(null);
            for (const [k, v] of new URLSearchParams(body)) {
              const had = out[k];
              out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
            }
            return out;
          })
        : Promise.resolve(Object.create(null) as FormFields);
    parsed.set(c.req.raw, fields);
  }
  return fields;
}

/** The fields a form may send several times (checkboxes); any other field is one value or none. */
const LISTS = new Set(['components', 'scopes']);

/**
 * The first field sent more than once that should be one value (`?status=a&status=b`, a hand-made
 * `x=1&x=2`): the shell refuses such a form with 400 before any handler reads it (bad inputs, family 5),
 * rather than let one() pick the first value silently. Null when there is none.
 */
export const repeatedScalar = (fields: FormFields): string | null =>
  Object.keys(fields).find((name) => Array.isArray(fields[name]) && !LISTS.has(name)) ?? null;

/** One value of a form field: the first when repeated, '' when absent. */
export const one = (fields: FormFields, name: string): string => {
  const v = fields[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
};

/** The one-time confirmation's cookie: a cookie, not a query parameter, so that no link can put words on a console page. */
export const FLASH_COOKIE = '__Host-shirase_flash';

/**
 * Post/Redirect/Get: 303 to a path under the console's base (`''` is the dashboard). `done` is a
 * one-time confirmation the next page shows above its body.
 */
export function seeOther(c: Context<ConsoleEnv>, pathUnderBase: string, done?: string) {
  const path = `${c.var.base}${pathUnderBase.startsWith('/') ? '' : '/'}${pathUnderBase}`;
  if (done)
    setCookie(c, FLASH_COOKIE, encodeURIComponent(done.slice(0, 500)), {
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'Strict',
      maxAge: 60,
    });
  return c.redirect(path, 303);
}

const idOf = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

export interface FieldSpec {
  name: string;
  label: string;
  /** An `<input>` type, or `textarea` / `select` (with `options`). */
  type?: string;
  value?: string | null;
  hint?: string;
  /** The issues of the whole form: those naming this field are shown under it. */
  issues?: readonly FieldIssue[];
  required?: boolean;
  options?: ReadonlyArray<{ value: string; label: string }>;
  autocomplete?: string;
  /** Extra attributes we built (e.g. `inputmode="numeric"`); never user input. */
  attributes?: string;
}

/** A labelled field with its hint and its errors, tied to it by aria-describedby (WCAG 3.3.1, 1.3.1). */
export function field(c: Context<ConsoleEnv>, spec: FieldSpec): HtmlEscapedString | Promise<HtmlEscapedString> {
  const id = idOf(spec.name);
  const errors = (spec.issues ?? []).filter((i) => i.field === spec.name).map((i) => issueText(i, c.var.lang));
  const described = [spec.hint ? `${id}-hint` : null, errors.length ? `${id}-error` : null].filter(Boolean).join(' ');
  const common = raw(
    [
      `id="${id}"`,
      spec.required ? 'required aria-required="true"' : '',
      errors.length ? 'aria-invalid="true"' : '',
      described ? `aria-describedby="${described}"` : '',
      spec.autocomplete ? `autocomplete="${spec.autocomplete}"` : '',
      spec.attributes ?? '',
    ]
      .filter(Boolean)
      .join(' '),
  );
  const value = spec.value ?? '';
  const control =
    spec.type === 'textarea'
      ? html`<textarea name="${spec.name}" ${common} rows="6">${value}</textarea>`
      : spec.type === 'select'
        ? html`<select name="${spec.name}" ${common}>${(spec.options ?? []).map(
            (o) => html`<option value="${o.value}"${o.value === value ? raw(' selected') : ''}>${o.label}</option>`,
          )}</select>`
        : html`<input name="${spec.name}" type="${spec.type ?? 'text'}" value="${value}" ${common}>`;
  return html`<div class="field${errors.length ? ' field-invalid' : ''}">
<label for="${id}">${spec.label}${spec.required ? html` <span class="required">${t(c, 'console.required')}</span>` : ''}</label>
${spec.hint ? html`<p class="hint" id="${id}-hint">${spec.hint}</p>` : ''}
${errors.length ? html`<p class="error" id="${id}-error">${errors.join(' ')}</p>` : ''}
${control}
</div>`;
}

/**
 * The list of what is wrong, at the top of the form, each item a link to its field (WCAG 3.3.1):
 * focusable and announced (role="alert"). Nothing when there are no issues.
 */
export function errorSummary(c: Context<ConsoleEnv>, issues: readonly FieldIssue[]) {
  if (issues.length === 0) return html``;
  return html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${t(c, 'console.errors.title')}</h2>
<ul>${issues.map((i) => html`<li><a href="#${idOf(i.field)}">${issueText(i, c.var.lang)}</a></li>`)}</ul>
</div>`;
}
