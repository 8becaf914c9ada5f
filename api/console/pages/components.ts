import type { Context } from 'hono';
import { html } from 'hono/html';
import { updateComponent } from '../../core/commands/components.ts';
import type { FieldIssue } from '../../core/errors.ts';
import type { SiteModel } from '../../core/model.ts';
import { loadSiteModel } from '../../core/queries/site-model.ts';
import { COMPONENT_STATUSES } from '../../core/vocab.ts';
import type { AppDeps } from '../../http/context.ts';
import { presentComponent } from '../../http/present/v1.ts';
import { pick } from '../../../site/i18n/index.ts';
import { csrfField, errorSummary, field, one, readForm, seeOther } from '../forms.ts';
import { renderPage } from '../layout.ts';
import { requireRole } from '../shell.ts';
import type { ConsoleEnv, PageModule } from '../types.ts';
import { issuesOf, say } from './incidents-form.ts';
import { readWorkingModel } from './incidents-read.ts';
import { componentStatusName } from './incidents-views.ts';
import { auditedWrite, mayWrite, notFound } from './maintenance-kit.ts';
import { scrollRegion } from '../scroll-region.ts';

type C = Context<ConsoleEnv>;

/** Each row's select has a name of its own, so that its label, id and error belong to that row alone. */
const statusField = (id: string) => `status.${id}`;

function componentsPage(
  c: C,
  model: SiteModel,
  refused?: { id: string; value: string; issues: readonly FieldIssue[] },
) {
  const lang = c.var.lang;
  const writer = mayWrite(c, 'components');
  const title = say(c, 'cmp.list.title');
  const options = COMPONENT_STATUSES.map((s) => ({ value: s, label: componentStatusName(lang, s) }));
  return renderPage(c, {
    title,
    status: refused ? 422 : 200,
    body: html`<h1>${title}</h1>
<p class="hint">${say(c, 'cmp.list.hint')}</p>
${errorSummary(c, refused?.issues ?? [])}
${
  model.components.length
    ? html`${scrollRegion({ label: title })}<table><thead><tr><th scope="col">${say(c, 'cmp.list.name')}</th>
<th scope="col">${say(c, 'cmp.list.shown')}</th><th scope="col">${say(c, 'cmp.list.manual')}</th></tr></thead>
<tbody>${model.components.map((x) => {
        const name = pick(lang, x.name, x.nameEn);
        const manual = componentStatusName(lang, x.manualStatus);
        return html`<tr><th scope="row">${name}</th><td>${componentStatusName(lang, x.status)}</td><td>${
          writer
            ? html`<form method="post" action="${c.var.base}/components/${x.id}" class="inline" novalidate>
${csrfField(c)}
${field(c, {
  name: statusField(x.id),
  label: `${say(c, 'cmp.list.manual')}: ${name}`,
  type: 'select',
  value: refused?.id === x.id ? refused.value : x.manualStatus,
  options,
  issues: refused?.id === x.id ? refused.issues : [],
})}
<button type="submit">${say(c, 'cmp.change')}<span class="visually-hidden"> (${name})</span></button></form>`
            : manual
        }</td></tr>`;
      })}</tbody></table></div>`
    : html`<p>${say(c, 'cmp.list.none')}</p>`
}`,
  });
}

/** `/components`: every service with the status the page shows and the one set by hand, which operators change here. */
export const componentsModule: PageModule = (app, deps: AppDeps) => {
  app.get('/components', requireRole('read'), async (c) => componentsPage(c, await readWorkingModel(deps, deps.now())));

  app.post('/components/:id', requireRole('components'), async (c) => {
    const now = deps.now();
    const id = c.req.param('id');
    const value = one(await readForm(c), statusField(id));
    const presented = async () => {
      const model = await loadSiteModel({ db: deps.db, now });
      const found = model.components.find((x) => x.id === id);
      return { model, component: found && presentComponent(found) };
    };
    const { model, component: before } = await presented();
    if (!before) return notFound(c);
    // Choosing the status it already has writes nothing: nothing to record or republish.
    if (value === before.manual_status) return seeOther(c, '/components', say(c, 'inc.page.unchanged'));
    try {
      await auditedWrite(c, deps, {
        action: 'console: change component status',
        targetType: 'component',
        before,
        // The command behind PATCH /api/v1/components/{id}, with the status alone.
        run: () => updateComponent({ db: deps.db, now, id, input: { status: value } }),
        after: async () => (await presented()).component,
        change: () => ({ kind: 'component', id }),
      });
      return seeOther(c, '/components', say(c, 'cmp.changed', { name: pick(c.var.lang, before.name, before.name_en) }));
    } catch (error) {
      const issues = issuesOf(error).map((i) => (i.field === 'status' ? { ...i, field: statusField(id) } : i));
      return componentsPage(c, model, { id, value, issues });
    }
  });
};
