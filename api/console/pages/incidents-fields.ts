import type { Context } from 'hono';
import { html, raw } from 'hono/html';
import type { FieldIssue } from '../../core/errors.ts';
import type { SiteModel } from '../../core/model.ts';
import { COMPONENT_STATUSES, INCIDENT_IMPACTS, INCIDENT_STATUSES } from '../../core/vocab.ts';
import { pick } from '../../../site/i18n/index.ts';
import { field } from '../forms.ts';
import type { ConsoleEnv } from '../types.ts';
import { componentField, type IncidentFormValues, say, TEMPLATES } from './incidents-form.ts';
import { componentStatusName, impactName, statusName } from './incidents-views.ts';

type C = Context<ConsoleEnv>;

/** The fields a new incident and a new update share: status, impact, services, next update, the two texts. */
export function postFields(
  c: C,
  values: IncidentFormValues,
  issues: readonly FieldIssue[],
  model: Pick<SiteModel, 'components'>,
  intervalMinutes: number,
) {
  const lang = c.var.lang;
  return html`
${field(c, {
  name: 'status',
  label: say(c, 'inc.field.status'),
  type: 'select',
  value: values.status,
  issues,
  options: INCIDENT_STATUSES.map((s) => ({ value: s, label: statusName(lang, s) })),
})}
${field(c, {
  name: 'impact',
  label: say(c, 'inc.field.impact'),
  type: 'select',
  value: values.impact,
  issues,
  options: [
    { value: '', label: say(c, 'inc.field.impact.derived') },
    ...INCIDENT_IMPACTS.map((i) => ({ value: i, label: impactName(lang, i) })),
  ],
})}
${
  model.components.length
    ? html`<fieldset class="field components">
<legend>${say(c, 'inc.field.components')}</legend>
${model.components.map((component) =>
  field(c, {
    name: componentField(component.id),
    label: pick(lang, component.name, component.nameEn),
    type: 'select',
    value: values.components[component.id] ?? '',
    issues,
    options: [
      { value: '', label: say(c, 'inc.field.component.none') },
      ...COMPONENT_STATUSES.map((s) => ({ value: s, label: componentStatusName(lang, s) })),
    ],
  }),
)}
</fieldset>`
    : ''
}
${field(c, {
  name: 'next_update_at',
  label: say(c, 'inc.field.next_update_at'),
  type: 'datetime-local',
  value: values.next_update_at,
  hint: say(c, 'inc.field.next_update_at.hint', { minutes: intervalMinutes }),
  issues,
})}
${field(c, { name: 'body', label: say(c, 'inc.field.body'), type: 'textarea', value: values.body, issues, required: true })}
${field(c, { name: 'body_en', label: say(c, 'inc.field.body_en'), type: 'textarea', value: values.body_en, issues })}`;
}

/**
 * Buttons that fill the form from a template: they submit the form (`form=` ties them to it from
 * outside), `template` naming which, and the page comes back with everything typed kept and the
 * template's texts and status in place; nothing is saved. No JavaScript needed. `formaction`, when
 * given, brings the person back to the form further down the page.
 */
export function templateButtons(c: C, formId: string, level: 'h2' | 'h3', formaction?: string) {
  return html`<nav class="templates" aria-labelledby="templates-heading">
${raw(`<${level} id="templates-heading">`)}${say(c, 'inc.templates')}${raw(`</${level}>`)}
<p class="hint">${say(c, 'inc.templates.hint')}</p>
<ul>${Object.keys(TEMPLATES).map(
    (name) =>
      html`<li><button type="submit" class="secondary" form="${formId}" name="template" value="${name}"${
        formaction ? html` formaction="${formaction}"` : ''
      }>${say(c, `tpl.${name as keyof typeof TEMPLATES}`)}</button></li>`,
  )}</ul>
</nav>`;
}
