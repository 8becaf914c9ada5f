import type { Context } from 'hono';
import { html } from 'hono/html';
import { formatTime } from '../../../site/i18n/index.ts';
import { type FieldIssue, fieldIssue, NotFoundError, ShiraseError } from '../../core/errors.ts';
import { lastSignIns } from '../../operators/last-sign-in.ts';
import { createOperator, listOperators, type Operator, updateOperator } from '../../operators/operators.ts';
import { OPERATOR_ROLES, type OperatorRole } from '../../operators/vocab.ts';
import { messages } from '../i18n/operators.ts';
import { csrfField, errorSummary, field, type FormFields, one, readForm, seeOther } from '../forms.ts';
import { renderPage } from '../layout.ts';
import { consoleActor } from '../actor.ts';
import { requireRole } from '../shell.ts';
import { t as shellText, translator } from '../text.ts';
import type { ConsoleEnv, PageModule } from '../types.ts';
import { scrollRegion } from '../scroll-region.ts';

const t = translator(messages);
export const OPERATORS_PATH = '/operators';

const roleName = (c: Context<ConsoleEnv>, role: OperatorRole) => shellText(c, `console.role.${role}`);

/**
 * The operators (admins only): who has an account, with which role, whether it is in use and when
 * they last signed in; add one (with an initial password the admin types, or none: tokens only),
 * change a role, disable or enable. Every change goes through the operators' core, which keeps its
 * own audit row and refuses to leave no enabled admin.
 */
export const operatorPages: PageModule = (app, deps) => {
  const admin = requireRole('admin');

  const list = async (
    c: Context<ConsoleEnv>,
    form: { values?: FormFields; issues?: FieldIssue[]; status?: number } = {},
  ) => {
    const [people, lastIn] = await Promise.all([listOperators(deps.db), lastSignIns(deps.db)]);
    const body = html`<h1>${t(c, 'operators.title')}</h1>
<p>${t(c, 'operators.intro')}</p>
${errorSummary(c, form.issues ?? [])}
${operatorsTable(c, people, lastIn)}
${createForm(c, form.values ?? {}, form.issues ?? [])}`;
    return renderPage(c, { title: t(c, 'operators.title'), body, status: form.status ?? 200 });
  };

  app.get(OPERATORS_PATH, admin, (c) => list(c));

  app.post(OPERATORS_PATH, admin, async (c) => {
    const form = await readForm(c);
    const input = {
      email: one(form, 'email'),
      role: one(form, 'role'),
      ...(one(form, 'name').trim() && { name: one(form, 'name') }),
      ...(one(form, 'password') !== '' && { password: one(form, 'password') }),
    };
    try {
      await createOperator({ db: deps.db, now: deps.now(), input, actor: consoleActor(c) });
    } catch (err) {
      // The password is never sent back into the form: the admin types it again.
      const { password: _, ...values } = form;
      if (err instanceof ShiraseError && err.issues.length) return list(c, { values, issues: err.issues, status: 422 });
      throw err;
    }
    return seeOther(c, OPERATORS_PATH, t(c, 'operators.done.created', { email: input.email.trim().toLowerCase() }));
  });

  /** A refusal of the whole change (not found, the last admin) shown in the summary, pointing at the table. */
  const refusal = (c: Context<ConsoleEnv>, status: number, texts: { ja: string; en: string }) =>
    list(c, { status, issues: [fieldIssue('operators', texts)] });

  /** One change to one operator (role, disable, enable), then back to the list saying what was done. */
  const change = (
    path: string,
    inputOf: (form: FormFields) => Record<string, unknown>,
    done: (c: Context<ConsoleEnv>, o: Operator) => string,
  ) =>
    app.post(`${OPERATORS_PATH}/:id/${path}`, admin, async (c) => {
      const form = await readForm(c);
      try {
        const after = await updateOperator({
          db: deps.db,
          now: deps.now(),
          who: { id: c.req.param('id') },
          input: inputOf(form),
          actor: consoleActor(c),
        });
        return seeOther(c, OPERATORS_PATH, done(c, after));
      } catch (err) {
        if (err instanceof NotFoundError)
          return refusal(c, 404, { ja: t('ja', 'operators.notFound'), en: t('en', 'operators.notFound') });
        if (err instanceof ShiraseError)
          return err.issues.length
            ? list(c, { status: 422, issues: err.issues })
            : refusal(c, 409, { ja: err.text('ja'), en: err.text('en') });
        throw err;
      }
    });
  change(
    'role',
    (form) => ({ role: one(form, 'role') }),
    (c, o) => t(c, 'operators.done.role', { email: o.email, role: roleName(c, o.role) }),
  );
  change(
    'disable',
    () => ({ disabled: true }),
    (c, o) => t(c, 'operators.done.disabled', { email: o.email }),
  );
  change(
    'enable',
    () => ({ disabled: false }),
    (c, o) => t(c, 'operators.done.enabled', { email: o.email }),
  );
};

function operatorsTable(c: Context<ConsoleEnv>, people: Operator[], lastIn: Map<string, Date>) {
  const me = c.var.operator;
  const lang = c.var.lang;
  return html`${scrollRegion({ labelledby: 'operators-caption' }, 'f-operators')}
<table>
<caption id="operators-caption" class="visually-hidden">${t(c, 'operators.title')}</caption>
<thead><tr><th scope="col">${t(c, 'operators.col.email')}</th><th scope="col">${t(c, 'operators.col.name')}</th><th scope="col">${t(c, 'operators.col.role')}</th><th scope="col">${t(c, 'operators.col.state')}</th><th scope="col">${t(c, 'operators.col.lastLogin')}</th><th scope="col">${t(c, 'operators.col.action')}</th></tr></thead>
<tbody>
${people.map((o) => {
  const last = lastIn.get(o.id);
  const action = `${c.var.base}${OPERATORS_PATH}/${o.id}`;
  return html`<tr>
<th scope="row">${o.email}${o.id === me.id ? html` ${t(c, 'operators.you')}` : ''}</th>
<td>${o.name ?? ''}</td>
<td><form method="post" action="${action}/role" class="inline">${csrfField(c)}
<label class="visually-hidden" for="role-${o.id}">${t(c, 'operators.changeRoleOf', { email: o.email })}</label>
<select id="role-${o.id}" name="role">${OPERATOR_ROLES.map((r) => html`<option value="${r}"${r === o.role ? html` selected` : ''}>${roleName(c, r)}</option>`)}</select>
<button type="submit" class="secondary" aria-label="${t(c, 'operators.changeRoleFor', { email: o.email })}">${t(c, 'operators.changeRole')}</button></form></td>
<td>${o.disabledAt ? t(c, 'operators.state.disabled', { at: formatTime(lang, o.disabledAt) }) : t(c, 'operators.state.active')}${o.passwordHash === null ? html`<br>${t(c, 'operators.state.noPassword')}` : ''}</td>
<td>${last ? html`<time datetime="${last.toISOString()}">${formatTime(lang, last)}</time>` : t(c, 'operators.neverSignedIn')}</td>
<td><form method="post" action="${action}/${o.disabledAt ? 'enable' : 'disable'}" class="inline">${csrfField(c)}
<button type="submit" class="secondary" aria-label="${t(c, o.disabledAt ? 'operators.enableOf' : 'operators.disableOf', { email: o.email })}">${t(c, o.disabledAt ? 'operators.enable' : 'operators.disable')}</button></form></td>
</tr>`;
})}
</tbody>
</table>
</div>`;
}

function createForm(c: Context<ConsoleEnv>, values: FormFields, issues: readonly FieldIssue[]) {
  return html`<h2 id="add-operator">${t(c, 'operators.create')}</h2>
<form method="post" action="${c.var.base}${OPERATORS_PATH}" aria-labelledby="add-operator">
${csrfField(c)}
${field(c, { name: 'email', label: t(c, 'operators.field.email'), type: 'email', value: one(values, 'email'), issues, required: true, autocomplete: 'off', attributes: 'maxlength="320"' })}
${field(c, { name: 'name', label: t(c, 'operators.field.name'), value: one(values, 'name'), hint: t(c, 'operators.field.nameHint'), issues, autocomplete: 'off', attributes: 'maxlength="100"' })}
${field(c, {
  name: 'role',
  label: t(c, 'operators.field.role'),
  type: 'select',
  value: one(values, 'role') || 'operator',
  issues,
  required: true,
  hint: OPERATOR_ROLES.map((r) => `${roleName(c, r)}: ${t(c, `operators.roleHint.${r}`)}`).join(' / '),
  options: OPERATOR_ROLES.map((r) => ({ value: r, label: roleName(c, r) })),
})}
${field(c, { name: 'password', label: t(c, 'operators.field.password'), type: 'password', hint: t(c, 'operators.field.passwordHint'), issues, autocomplete: 'new-password' })}
<p><button type="submit">${t(c, 'operators.create')}</button></p>
</form>`;
}
