import type { Context } from 'hono';
import { html } from 'hono/html';
import { assertDetectedAt, assertNextUpdate, createIncident } from '../../core/commands/create-incident.ts';
import type { FieldIssue } from '../../core/errors.ts';
import { parseInput } from '../../core/input/common.ts';
import { createIncidentInput } from '../../core/input/incidents.ts';
import type { SiteModel } from '../../core/model.ts';
import { loadIncident } from '../../core/queries/incident.ts';
import { assembleSite } from '../../core/queries/assemble-site.ts';
import { readSmallTables } from '../../core/queries/site-model.ts';
import type { AppDeps } from '../../http/context.ts';
import { presentIncident } from '../../http/present/v1.ts';
import { csrfField, errorSummary, field, type Markup, one, readForm, seeOther } from '../forms.ts';
import { renderPage } from '../layout.ts';
import { requireRole } from '../shell.ts';
import type { ConsoleApp, ConsoleEnv } from '../types.ts';
import { auditedWrite } from './maintenance-kit.ts';
import {
  applyTemplate,
  createIncidentBody,
  type IncidentFormValues,
  isTemplate,
  issuesOf,
  readIncidentForm,
  say,
} from './incidents-form.ts';
import { postFields, templateButtons } from './incidents-fields.ts';
import { incidentPreview } from './incidents-preview.ts';
import { defaultNextUpdate } from './incidents-time.ts';

type C = Context<ConsoleEnv>;

/** The services, in page order, without reading every incident: what a form that names them needs. */
export async function readCatalogue(deps: AppDeps, now: Date): Promise<Pick<SiteModel, 'components'>> {
  return assembleSite(await readSmallTables(deps.db), [], now);
}

/** A posted incident form, read against the services there are now. */
export async function readPosted(c: C, deps: AppDeps, now: Date) {
  const [form, model] = await Promise.all([readForm(c), readCatalogue(deps, now)]);
  return {
    form,
    model,
    values: readIncidentForm(
      form,
      model.components.map((x) => x.id),
    ),
  };
}

/** What the confirmation adds when the command accepted the input with a warning (a promise beyond the interval). */
export const warned = (c: C, warnings: readonly unknown[], minutes: number) =>
  warnings.length ? ` ${say(c, 'inc.warn.beyondInterval', { minutes })}` : '';

/** A blank form: investigating, the impact left to the services, the next update the configured interval away. */
export function blankIncident(now: Date, intervalMinutes: number): IncidentFormValues {
  return {
    name: '',
    name_en: '',
    body: '',
    body_en: '',
    status: 'investigating',
    impact: '',
    next_update_at: defaultNextUpdate(now, intervalMinutes),
    components: {},
    detected_at: '',
  };
}

function newIncidentPage(
  c: C,
  deps: AppDeps,
  model: Pick<SiteModel, 'components'>,
  view: { values: IncidentFormValues; issues?: readonly FieldIssue[]; preview?: Markup; status?: number },
) {
  const issues = view.issues ?? [];
  const title = say(c, 'inc.new.title');
  const interval = deps.settings.serviceLevels.updateIntervalMinutes;
  return renderPage(c, {
    title,
    status: view.status ?? 200,
    body: html`<h1>${title}</h1>
${templateButtons(c, 'incident-form', 'h2')}
${view.preview ?? ''}
${errorSummary(c, issues)}
<form method="post" action="${c.var.base}/incidents/new" id="incident-form" novalidate>
${csrfField(c)}
${field(c, { name: 'name', label: say(c, 'inc.field.name'), value: view.values.name, issues, required: true })}
${field(c, { name: 'name_en', label: say(c, 'inc.field.name_en'), value: view.values.name_en, issues })}
${postFields(c, view.values, issues, model, interval)}
${field(c, {
  name: 'detected_at',
  label: say(c, 'inc.field.detected_at'),
  type: 'datetime-local',
  value: view.values.detected_at,
  hint: say(c, 'inc.field.detected_at.hint'),
  issues,
})}
<div class="actions">
<button type="submit" name="intent" value="preview" class="secondary">${say(c, 'inc.preview')}</button>
<button type="submit" name="intent" value="publish">${say(c, 'inc.publish')}</button>
</div>
</form>`,
  });
}

/**
 * `/incidents/new`: the form (a template button posts it back filled in, saving nothing), its preview (the public
 * pages' rendering of the parsed input, nothing saved) and its publication through createIncident,
 * the command behind `POST /api/v1/incidents`.
 */
export function newIncidentPages(app: ConsoleApp, deps: AppDeps) {
  const interval = () => deps.settings.serviceLevels.updateIntervalMinutes;
  const presentation = { baseUrl: deps.settings.siteUrl, intervalMinutes: interval() };

  app.get('/incidents/new', requireRole('incidents'), async (c) => {
    const now = deps.now();
    const model = await readCatalogue(deps, now);
    return newIncidentPage(c, deps, model, { values: blankIncident(now, interval()) });
  });

  app.post('/incidents/new', requireRole('incidents'), async (c) => {
    const now = deps.now();
    const { form, model, values } = await readPosted(c, deps, now);
    const template = one(form, 'template');
    if (isTemplate(template)) return newIncidentPage(c, deps, model, { values: applyTemplate(values, template) });
    const { input, issues } = createIncidentBody(values);
    if (issues.length) return newIncidentPage(c, deps, model, { values, issues, status: 422 });

    if (one(form, 'intent') === 'preview') {
      try {
        const data = parseInput(createIncidentInput, input);
        assertNextUpdate(data.next_update_at, data.status, now);
        assertDetectedAt(data.detected_at, now);
        return newIncidentPage(c, deps, model, {
          values,
          preview: incidentPreview(c.var.lang, data, model, now, interval()),
        });
      } catch (error) {
        return newIncidentPage(c, deps, model, { values, issues: issuesOf(error), status: 422 });
      }
    }

    try {
      const { id, warnings } = await auditedWrite(c, deps, {
        action: 'console: create incident',
        targetType: 'incident',
        run: () => createIncident({ db: deps.db, now, input, intervalMinutes: interval() }),
        after: async ({ id }) => presentIncident(await loadIncident({ db: deps.db, now, id }), presentation),
        change: ({ id }) => ({ kind: 'incident', id }),
      });
      return seeOther(c, `/incidents/${id}`, say(c, 'inc.created') + warned(c, warnings, interval()));
    } catch (error) {
      return newIncidentPage(c, deps, model, { values, issues: issuesOf(error), status: 422 });
    }
  });
}
