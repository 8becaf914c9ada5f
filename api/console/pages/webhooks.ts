import type { Context } from 'hono';
import { html } from 'hono/html';
import type { FieldIssue } from '../../core/errors.ts';
import type { AppDeps } from '../../http/context.ts';
import { presentWebhook } from '../../http/present/notify.ts';
import { WEBHOOK_FORMATS } from '../../notify/outbox/vocab.ts';
import {
  getWebhook,
  listWebhooks,
  registerWebhook,
  removeWebhook,
  type WebhookRow,
} from '../../notify/recipients/webhooks.ts';
import { type FormFields, one, readForm } from '../forms.ts';
import { renderPage } from '../layout.ts';
import { requireRole } from '../shell.ts';
import type { ConsoleEnv, PageModule } from '../types.ts';
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
import { componentOptions, jst, listOr, mayWrite, submit } from './maintenance-kit.ts';
import { scrollRegion } from '../scroll-region.ts';

type C = Context<ConsoleEnv>;

async function webhooksPage(c: C, deps: AppDeps, values: FormFields, issues: readonly FieldIssue[]) {
  const [hooks, { rows, names }] = await Promise.all([listWebhooks(deps.db), componentOptions(deps)]);
  const canWrite = mayWrite(c, 'notify');
  const body = html`<h1>${tn(c, 'wh.title')}</h1>
<p>${tn(c, 'wh.intro')}</p>
${listOr(
  hooks,
  tn(c, 'nf.none'),
  (list) => html`${scrollRegion({ label: tn(c, 'wh.title') })}<table>
<thead><tr><th scope="col">${tn(c, 'wh.url')}</th><th scope="col">${tn(c, 'wh.format')}</th><th scope="col">${tn(c, 'nf.language')}</th><th scope="col">${tn(c, 'nf.components')}</th><th scope="col">${tn(c, 'nf.created')}</th>${canWrite ? html`<td></td>` : ''}</tr></thead>
<tbody>${list.map(
    (w) =>
      html`<tr><td>${w.url}${stateOf(c, w) ? html`<br><strong>${stateOf(c, w)}</strong>` : ''}</td><td>${w.format}</td><td>${tn(
        c,
        `nf.language.${w.language}`,
      )}</td><td>${servicesOf(c, names, w.components)}</td><td>${jst(c, w.createdAt)}</td>${
        canWrite ? html`<td>${removeLink(c, `/webhooks/${w.id}/remove`, w.url)}</td>` : ''
      }</tr>`,
  )}</tbody></table></div>`,
)}
${
  canWrite
    ? registerForm(c, {
        heading: tn(c, 'wh.new'),
        action: '/webhooks',
        fields: [
          { name: 'url', label: tn(c, 'wh.url'), type: 'url', required: true, autocomplete: 'off' },
          {
            name: 'format',
            label: tn(c, 'wh.format'),
            type: 'select',
            options: WEBHOOK_FORMATS.map((f) => ({ value: f, label: f })),
          },
          languageField(c),
        ],
        values,
        issues,
        extra: recipientComponents(c, rows, values, issues),
      })
    : ''
}`;
  return renderPage(c, { title: tn(c, 'wh.title'), body, status: issues.length ? 422 : 200 });
}

/** Shown here rather than after a redirect, as the API's 201 carries it: the secret is never kept for a later page. */
function secretPage(c: C, created: WebhookRow) {
  const body = html`<h1>${tn(c, 'wh.secret.title')}</h1>
<p>${created.url}</p>
<p>${tn(c, 'wh.secret.intro')}</p>
<p>${tn(c, 'wh.secret.label')}: <code class="secret">${created.secret}</code></p>
<p><a href="${c.var.base}/webhooks">${tn(c, 'wh.title')}</a></p>`;
  return renderPage(c, { title: tn(c, 'wh.secret.title'), body, status: 201 });
}

/** Webhook endpoints: list, register (the API's URL policy), remove (api/http/routes/notify.ts). */
export const webhookPages: PageModule = (app, deps) => {
  app.get('/webhooks', requireRole('read'), (c) => webhooksPage(c, deps, {}, []));

  app.post('/webhooks', requireRole('notify'), async (c) => {
    const form = await readForm(c);
    const input = {
      url: one(form, 'url').trim(),
      format: one(form, 'format') || undefined,
      language: one(form, 'language') || undefined,
      components: componentsInput(form),
    };
    return submit(c, deps, {
      action: 'console: register webhook',
      targetType: 'webhook',
      run: () => registerWebhook({ db: deps.db, now: deps.now(), input, target: deps.webhooks }),
      // The secret stays out of the audit log: it is shown once, to the person registering.
      after: (w) => presentWebhook(w),
      again: (wrong) => webhooksPage(c, deps, form, wrong),
      answer: (created) => secretPage(c, created),
    });
  });

  removeRoute(app, deps, {
    list: '/webhooks',
    targetType: 'webhook',
    load: (id) => getWebhook(deps.db, id),
    name: (w) => w.url,
    present: (w) => presentWebhook(w),
    remove: (id) => removeWebhook(deps.db, id),
    done: 'wh.done.removed',
  });
};
