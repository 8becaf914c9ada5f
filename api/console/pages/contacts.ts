import type { Context } from 'hono';
import { html } from 'hono/html';
import type { FieldIssue } from '../../core/errors.ts';
import type { AppDeps } from '../../http/context.ts';
import { presentContact } from '../../http/present/notify.ts';
import { getContact, listContacts, registerContact, removeContact } from '../../notify/recipients/contacts.ts';
import { type FormFields, one, readForm, seeOther } from '../forms.ts';
import { renderPage } from '../layout.ts';
import { requireRole } from '../shell.ts';
import { notifyMessages as m } from '../i18n/notify.ts';
import type { ConsoleEnv, NavEntry, PageModule } from '../types.ts';
import {
  componentsInput,
  languageField,
  recipientComponents,
  registerForm,
  removeLink,
  removeRoute,
  servicesOf,
  stateOf,
  tn,
} from './contacts-kit.ts';
import { optional } from './maintenance-form.ts';
import { componentOptions, jst, listOr, mayWrite, submit } from './maintenance-kit.ts';
import { scrollRegion } from '../scroll-region.ts';

type C = Context<ConsoleEnv>;

async function contactsPage(c: C, deps: AppDeps, values: FormFields, issues: readonly FieldIssue[]) {
  const [contacts, { rows, names }] = await Promise.all([listContacts(deps.db), componentOptions(deps)]);
  const canWrite = mayWrite(c, 'notify');
  const body = html`<h1>${tn(c, 'ct.title')}</h1>
<p>${tn(c, 'ct.intro')}</p>
${listOr(
  contacts,
  tn(c, 'nf.none'),
  (list) => html`${scrollRegion({ label: tn(c, 'ct.title') })}<table>
<thead><tr><th scope="col">${tn(c, 'nf.email')}</th><th scope="col">${tn(c, 'nf.language')}</th><th scope="col">${tn(c, 'nf.components')}</th><th scope="col">${tn(c, 'nf.created')}</th>${canWrite ? html`<td></td>` : ''}</tr></thead>
<tbody>${list.map(
    (k) =>
      html`<tr><td>${k.email}${k.name ? html`<br>${k.name}` : ''}${
        stateOf(c, k) ? html`<br><strong>${stateOf(c, k)}</strong>` : ''
      }</td><td>${tn(c, `nf.language.${k.language}`)}</td><td>${servicesOf(c, names, k.components)}</td><td>${jst(c, k.createdAt)}</td>${
        canWrite ? html`<td>${removeLink(c, `/contacts/${k.id}/remove`, k.email)}</td>` : ''
      }</tr>`,
  )}</tbody></table></div>`,
)}
${
  canWrite
    ? registerForm(c, {
        heading: tn(c, 'ct.new'),
        action: '/contacts',
        fields: [
          { name: 'email', label: tn(c, 'nf.email'), type: 'email', required: true, autocomplete: 'off' },
          { name: 'name', label: tn(c, 'nf.name') },
          languageField(c),
        ],
        values,
        issues,
        extra: recipientComponents(c, rows, values, issues),
      })
    : ''
}`;
  return renderPage(c, { title: tn(c, 'ct.title'), body, status: issues.length ? 422 : 200 });
}

/** Registered contacts: list, register, remove (api/http/routes/notify.ts). */
export const contactPages: PageModule = (app, deps) => {
  app.get('/contacts', requireRole('read'), (c) => contactsPage(c, deps, {}, []));

  app.post('/contacts', requireRole('notify'), async (c) => {
    const form = await readForm(c);
    const input = {
      email: one(form, 'email').trim(),
      name: optional(form, 'name'),
      language: one(form, 'language'),
      components: componentsInput(form),
    };
    return submit(c, deps, {
      action: 'console: register contact',
      targetType: 'contact',
      run: () => registerContact({ db: deps.db, now: deps.now(), input }),
      after: presentContact,
      again: (wrong) => contactsPage(c, deps, form, wrong),
      answer: () => seeOther(c, '/contacts', tn(c, 'ct.done.created')),
    });
  });

  removeRoute(app, deps, {
    list: '/contacts',
    targetType: 'contact',
    load: (id) => getContact(deps.db, id),
    name: (k) => k.email,
    present: presentContact,
    remove: (id) => removeContact(deps.db, id),
    done: 'ct.done.removed',
  });
};

/** The menu's entries for the notification pages: everyone signed in reads them. */
export const notifyNav: NavEntry[] = (['ct', 'sb', 'wh', 'dl'] as const).map((area, i) => ({
  path: ['/contacts', '/subscribers', '/webhooks', '/deliveries'][i]!,
  label: { ja: m.ja[`${area}.title`], en: m.en[`${area}.title`] },
  scope: 'read',
}));
