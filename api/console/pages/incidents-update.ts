import type { Context } from 'hono';
import { html } from 'hono/html';
import { deleteIncidentUpdate, editIncidentUpdate } from '../../core/commands/correct-incident.ts';
import { type FieldIssue, NotFoundError } from '../../core/errors.ts';
import type { IncidentView } from '../../core/model.ts';
import { loadIncident } from '../../core/queries/incident.ts';
import type { AppDeps } from '../../http/context.ts';
import { presentIncident } from '../../http/present/v1.ts';
import { csrfField, errorSummary, field, type FormFields, one, readForm, seeOther } from '../forms.ts';
import { renderPage } from '../layout.ts';
import { requireRole } from '../shell.ts';
import type { ConsoleApp, ConsoleEnv } from '../types.ts';
import { correctIncident } from './incidents-audit.ts';
import { blankToNull, issuesOf, say } from './incidents-form.ts';
import { localized, markdown, statusName, time } from './incidents-views.ts';
import { auditedWrite, notFound } from './maintenance-kit.ts';

type C = Context<ConsoleEnv>;

interface Refused {
  form: 'edit' | 'delete';
  values: FormFields;
  issues: readonly FieldIssue[];
}

function updatePage(c: C, incident: IncidentView, updateId: string, refused?: Refused) {
  const update = incident.updates.find((u) => u.id === updateId)!;
  // Newest first: the last one opened the incident, and only the incident's deletion removes it.
  const first = incident.updates.at(-1)!.id === update.id;
  const lang = c.var.lang;
  const issuesFor = (form: Refused['form']) => (refused?.form === form ? refused.issues : []);
  const typed = (form: Refused['form'], name: string, fallback: string) =>
    refused?.form === form ? one(refused.values, name) : fallback;
  const action = (verb: string) => `${c.var.base}/incidents/${incident.id}/updates/${update.id}/${verb}`;
  const title = say(c, 'inc.update.title');
  return renderPage(c, {
    title,
    status: refused ? 422 : 200,
    body: html`<p><a href="${c.var.base}/incidents/${incident.id}">← ${localized(lang, incident.name, incident.nameEn)}</a></p>
<h1>${title}</h1>
<section aria-labelledby="current-heading"><h2 id="current-heading">${say(c, 'inc.update.current')}</h2>
<p><strong>${statusName(lang, update.status)}</strong> — ${time(lang, update.displayAt)}</p>
<div lang="ja">${markdown('ja', update.body, null)}</div>
${update.bodyEn ? html`<div lang="en">${markdown('en', update.body, update.bodyEn)}</div>` : ''}
</section>
<section aria-labelledby="edit-heading"><h2 id="edit-heading">${say(c, 'inc.update.correct')}</h2>
<p class="hint">${say(c, 'inc.update.correctHint')}</p>
${errorSummary(c, issuesFor('edit'))}
<form method="post" action="${action('edit')}" novalidate>
${csrfField(c)}
${field(c, { name: 'body', label: say(c, 'inc.field.body'), type: 'textarea', value: typed('edit', 'body', update.body), issues: issuesFor('edit'), required: true })}
${field(c, { name: 'body_en', label: say(c, 'inc.field.body_en'), type: 'textarea', value: typed('edit', 'body_en', update.bodyEn ?? ''), issues: issuesFor('edit') })}
${field(c, { name: 'reason', label: say(c, 'inc.field.reason.optional'), value: typed('edit', 'reason', ''), issues: issuesFor('edit') })}
<div class="actions"><button type="submit">${say(c, 'inc.update.correctButton')}</button></div>
</form></section>
<section aria-labelledby="delete-heading"><h2 id="delete-heading">${say(c, 'inc.update.delete')}</h2>
${errorSummary(c, issuesFor('delete'))}
${
  first
    ? html`<p>${say(c, 'inc.update.first')}</p>`
    : html`<p class="hint">${say(c, 'inc.update.deleteHint')}</p>
<form method="post" action="${action('delete')}" novalidate>
${csrfField(c)}
${field(c, { name: 'delete_reason', label: say(c, 'inc.field.reason'), value: typed('delete', 'delete_reason', ''), issues: issuesFor('delete'), required: true })}
<div class="actions"><button type="submit" class="danger">${say(c, 'inc.update.deleteButton')}</button></div>
</form>`
}</section>`,
  });
}

/**
 * `/incidents/:id/updates/:updateId`: correct one post's text (editIncidentUpdate) or delete a post
 * made by mistake (deleteIncidentUpdate), the commands behind the API's PATCH and DELETE of an update.
 */
export function incidentUpdatePages(app: ConsoleApp, deps: AppDeps) {
  const presentation = {
    baseUrl: deps.settings.siteUrl,
    intervalMinutes: deps.settings.serviceLevels.updateIntervalMinutes,
  };
  const present = async (id: string, now: Date) =>
    presentIncident(await loadIncident({ db: deps.db, now, id }), presentation);

  const show = async (c: C, refused?: Refused) => {
    try {
      const incident = await loadIncident({ db: deps.db, now: deps.now(), id: c.req.param('id')! });
      const updateId = c.req.param('updateId')!;
      if (!incident.updates.some((u) => u.id === updateId)) return notFound(c);
      return updatePage(c, incident, updateId, refused);
    } catch (error) {
      if (error instanceof NotFoundError) return notFound(c);
      throw error;
    }
  };
  /** A refused write's issues, named by this page's fields; a missing record ends in show()'s 404. */
  const refusal = (error: unknown, rename: Record<string, string>) =>
    error instanceof NotFoundError ? [] : issuesOf(error).map((i) => ({ ...i, field: rename[i.field] ?? i.field }));

  app.get('/incidents/:id/updates/:updateId', requireRole('incidents'), (c) => show(c));

  app.post('/incidents/:id/updates/:updateId/edit', requireRole('incidents'), async (c) => {
    const now = deps.now();
    const { id, updateId } = c.req.param();
    const form = await readForm(c);
    try {
      return await correctIncident(c, deps, {
        id,
        now,
        action: 'console: correct incident update',
        done: say(c, 'inc.update.corrected'),
        present: () => present(id, now),
        run: () =>
          editIncidentUpdate({
            db: deps.db,
            now,
            incidentId: id,
            updateId,
            input: {
              body: one(form, 'body'),
              body_en: blankToNull(one(form, 'body_en')),
              reason: blankToNull(one(form, 'reason')) ?? undefined,
            },
          }),
      });
    } catch (error) {
      return show(c, { form: 'edit', values: form, issues: refusal(error, {}) });
    }
  });

  app.post('/incidents/:id/updates/:updateId/delete', requireRole('incidents'), async (c) => {
    const now = deps.now();
    const { id, updateId } = c.req.param();
    const form = await readForm(c);
    try {
      const before = await present(id, now);
      await auditedWrite(c, deps, {
        action: 'console: delete incident update',
        targetType: 'incident',
        before,
        run: () =>
          deleteIncidentUpdate({
            db: deps.db,
            now,
            incidentId: id,
            updateId,
            input: { reason: one(form, 'delete_reason') },
          }),
        after: () => present(id, now),
        change: () => ({ kind: 'incident', id }),
      });
      return seeOther(c, `/incidents/${id}`, say(c, 'inc.update.deleted'));
    } catch (error) {
      return show(c, { form: 'delete', values: form, issues: refusal(error, { reason: 'delete_reason' }) });
    }
  });
}
