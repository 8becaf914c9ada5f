import type { Context } from 'hono';
import { html } from 'hono/html';
import { deleteIncident, editIncident } from '../../core/commands/correct-incident.ts';
import { postIncidentUpdate } from '../../core/commands/post-incident-update.ts';
import { type FieldIssue, NotFoundError } from '../../core/errors.ts';
import type { IncidentView, SiteModel } from '../../core/model.ts';
import { loadIncident } from '../../core/queries/incident.ts';
import { updatesDue } from '../../core/queries/service-levels.ts';
import { LANGS } from '../../core/vocab.ts';
import type { AppDeps } from '../../http/context.ts';
import { presentIncident } from '../../http/present/v1.ts';
import { csrfField, errorSummary, field, type FormFields, one, readForm, seeOther } from '../forms.ts';
import { renderPage } from '../layout.ts';
import { requireRole } from '../shell.ts';
import type { ConsoleApp, ConsoleEnv } from '../types.ts';
import { auditedWrite, mayWrite, notFound } from './maintenance-kit.ts';
import { correctIncident } from './incidents-audit.ts';
import {
  applyTemplate,
  blankToNull,
  type IncidentFormValues,
  isTemplate,
  issuesOf,
  postUpdateBody,
  say,
  type TemplateName,
} from './incidents-form.ts';
import { postFields, templateButtons } from './incidents-fields.ts';
import { readCatalogue, readPosted, warned } from './incidents-new.ts';
import { defaultNextUpdate } from './incidents-time.ts';
import { componentNames, dueCell, facts, localized, publicUrl, timeline } from './incidents-views.ts';

type C = Context<ConsoleEnv>;
type FormName = 'post' | 'edit' | 'delete';

/** The form that was posted and refused, shown again with its values and issues; the others fresh. */
interface Refused {
  form: FormName;
  values: FormFields;
  post?: IncidentFormValues;
  issues: readonly FieldIssue[];
}

/** A new update starts from the incident as it stands: its status, and the services at their latest statuses. */
function freshUpdate(incident: IncidentView, now: Date, intervalMinutes: number): IncidentFormValues {
  const latest: Record<string, string> = {};
  for (const u of incident.updates.toReversed()) for (const x of u.components) latest[x.componentId] = x.status;
  return {
    name: '',
    name_en: '',
    body: '',
    body_en: '',
    status: incident.status,
    impact: '',
    next_update_at: defaultNextUpdate(now, intervalMinutes),
    components: latest,
  };
}

function incidentPage(
  c: C,
  deps: AppDeps,
  view: {
    incident: IncidentView;
    model: Pick<SiteModel, 'components'>;
    now: Date;
    refused?: Refused;
    /** A template chosen for the update form, with what was typed in it. */
    draft?: { post: IncidentFormValues; template: TemplateName };
  },
) {
  const { incident, model, now, refused } = view;
  const lang = c.var.lang;
  const interval = deps.settings.serviceLevels.updateIntervalMinutes;
  const due = updatesDue({ incidents: [incident] }, deps.settings.serviceLevels, now)[0];
  const issuesFor = (form: FormName) => (refused?.form === form ? refused.issues : []);
  const typed = (form: FormName, name: string, fallback: string) =>
    refused?.form === form ? one(refused.values, name) : fallback;
  const fresh = freshUpdate(incident, now, interval);
  const post = refused?.form === 'post' && refused.post ? refused.post : fresh;
  const postValues = view.draft ? applyTemplate(view.draft.post, view.draft.template) : post;
  const action = (path: string) => `${c.var.base}/incidents/${incident.id}${path}`;
  const title = localized(lang, incident.name, incident.nameEn);
  const writer = mayWrite(c, 'incidents');
  return renderPage(c, {
    title: incident.nameEn && lang === 'en' ? incident.nameEn : incident.name,
    status: refused ? 422 : 200,
    body: html`<p><a href="${c.var.base}/incidents">← ${say(c, 'inc.list.title')}</a></p>
<h1>${title}</h1>
<p>${say(c, 'inc.page.public')}: ${LANGS.map(
      (l) =>
        html`<a href="${publicUrl(deps.settings.siteUrl, l, incident.id)}" hreflang="${l}" lang="${l}">${l === 'ja' ? '日本語' : 'English'}</a> `,
    )}</p>
${facts(lang, incident)}
${due ? html`<p>${say(c, 'inc.page.nextUpdate')}: ${dueCell(lang, due)}</p>` : ''}
<section aria-labelledby="timeline"><h2 id="timeline">${say(c, 'inc.page.updates')}</h2>
${timeline(
  lang,
  incident.updates,
  componentNames(model, lang),
  writer ? (u) => ({ href: action(`/updates/${u.id}`), label: say(c, 'inc.update.link') }) : undefined,
)}</section>
${
  writer
    ? html`<section id="post" aria-labelledby="post-heading"><h2 id="post-heading">${say(c, 'inc.page.post')}</h2>
${templateButtons(c, 'post-form', 'h3', `${action('/updates')}#post`)}
${errorSummary(c, issuesFor('post'))}
<form method="post" action="${action('/updates')}" id="post-form" novalidate>
${csrfField(c)}
${postFields(c, postValues, issuesFor('post'), model, interval)}
<div class="actions"><button type="submit">${say(c, 'inc.page.postButton')}</button></div>
</form></section>
<section aria-labelledby="edit-heading"><h2 id="edit-heading">${say(c, 'inc.page.correct')}</h2>
${errorSummary(c, issuesFor('edit'))}
<form method="post" action="${action('/edit')}" novalidate>
${csrfField(c)}
${field(c, { name: 'name', label: say(c, 'inc.field.name'), value: typed('edit', 'name', incident.name), issues: issuesFor('edit'), required: true })}
${field(c, { name: 'name_en', label: say(c, 'inc.field.name_en'), value: typed('edit', 'name_en', incident.nameEn ?? ''), issues: issuesFor('edit') })}
${field(c, { name: 'reason', label: say(c, 'inc.field.reason.optional'), value: typed('edit', 'reason', ''), issues: issuesFor('edit') })}
<div class="actions"><button type="submit">${say(c, 'inc.page.correctButton')}</button></div>
</form></section>
<section aria-labelledby="delete-heading"><h2 id="delete-heading">${say(c, 'inc.page.delete')}</h2>
<p class="hint">${say(c, 'inc.page.deleteHint')}</p>
${errorSummary(c, issuesFor('delete'))}
<form method="post" action="${action('/delete')}" novalidate>
${csrfField(c)}
${field(c, { name: 'delete_reason', label: say(c, 'inc.field.reason'), value: typed('delete', 'delete_reason', ''), issues: issuesFor('delete'), required: true })}
<div class="actions"><button type="submit" class="danger">${say(c, 'inc.page.deleteButton')}</button></div>
</form></section>`
    : ''
}`,
  });
}

/**
 * `/incidents/:id`: the incident with its timeline; for those who may write, posting an update,
 * correcting the title and deleting it, through the commands behind the API's routes.
 */
export function incidentPages(app: ConsoleApp, deps: AppDeps) {
  const interval = deps.settings.serviceLevels.updateIntervalMinutes;
  const presentation = { baseUrl: deps.settings.siteUrl, intervalMinutes: interval };
  const present = async (id: string, now: Date) =>
    presentIncident(await loadIncident({ db: deps.db, now, id }), presentation);

  /** The page again, with the refused form's values and issues; a missing incident is the 404 page. */
  const show = async (c: C, refused?: Refused, draft?: { post: IncidentFormValues; template: TemplateName }) => {
    const now = deps.now();
    try {
      const [incident, model] = await Promise.all([
        loadIncident({ db: deps.db, now, id: c.req.param('id')! }),
        readCatalogue(deps, now),
      ]);
      return incidentPage(c, deps, { incident, model, now, refused, draft });
    } catch (error) {
      if (error instanceof NotFoundError) return notFound(c);
      throw error;
    }
  };

  app.get('/incidents/:id', requireRole('read'), (c) => show(c));

  app.post('/incidents/:id/updates', requireRole('incidents'), async (c) => {
    const now = deps.now();
    const id = c.req.param('id');
    const { form, values } = await readPosted(c, deps, now);
    const template = one(form, 'template');
    if (isTemplate(template)) return show(c, undefined, { post: values, template });
    const { input, issues } = postUpdateBody(values);
    if (issues.length) return show(c, { form: 'post', values: form, post: values, issues });
    try {
      const before = await present(id, now);
      const { warnings } = await auditedWrite(c, deps, {
        action: 'console: post incident update',
        targetType: 'incident',
        before,
        run: () => postIncidentUpdate({ db: deps.db, now, incidentId: id, input, intervalMinutes: interval }),
        after: () => present(id, now),
        change: () => ({ kind: 'incident', id }),
      });
      return seeOther(c, `/incidents/${id}`, say(c, 'inc.page.posted') + warned(c, warnings, interval));
    } catch (error) {
      return show(c, { form: 'post', values: form, post: values, issues: notFoundAsPage(error) });
    }
  });

  app.post('/incidents/:id/edit', requireRole('incidents'), async (c) => {
    const now = deps.now();
    const id = c.req.param('id');
    const form = await readForm(c);
    try {
      return await correctIncident(c, deps, {
        id,
        now,
        action: 'console: correct incident',
        done: say(c, 'inc.page.corrected'),
        present: () => present(id, now),
        run: () =>
          editIncident({
            db: deps.db,
            now,
            id,
            input: {
              name: one(form, 'name'),
              name_en: blankToNull(one(form, 'name_en')),
              reason: blankToNull(one(form, 'reason')) ?? undefined,
            },
          }),
      });
    } catch (error) {
      return show(c, { form: 'edit', values: form, issues: notFoundAsPage(error) });
    }
  });

  app.post('/incidents/:id/delete', requireRole('incidents'), async (c) => {
    const now = deps.now();
    const id = c.req.param('id');
    const form = await readForm(c);
    try {
      const before = await present(id, now);
      await auditedWrite(c, deps, {
        action: 'console: delete incident',
        targetType: 'incident',
        before,
        run: () => deleteIncident({ db: deps.db, now, id, input: { reason: one(form, 'delete_reason') } }),
        change: () => ({ kind: 'incident', id }),
      });
      return seeOther(c, '/incidents', say(c, 'inc.page.deleted'));
    } catch (error) {
      const issues = notFoundAsPage(error).map((i) => (i.field === 'reason' ? { ...i, field: 'delete_reason' } : i));
      return show(c, { form: 'delete', values: form, issues });
    }
  });
}

/** A refused write's issues; a missing incident ends in show()'s 404 page (it reads the incident again). */
function notFoundAsPage(error: unknown): FieldIssue[] {
  return error instanceof NotFoundError ? [] : issuesOf(error);
}
