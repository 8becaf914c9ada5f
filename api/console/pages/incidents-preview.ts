import { html } from 'hono/html';
import { impactFromComponents } from '../../core/commands/create-incident.ts';
import type { CreateIncidentInput } from '../../core/input/incidents.ts';
import type { SiteModel } from '../../core/model.ts';
import { isUnresolved, LANGS, type Lang } from '../../core/vocab.ts';
import { t } from '../../../site/i18n/index.ts';
import { say } from './incidents-form.ts';
import {
  componentNames,
  componentStatusName,
  impactName,
  localized,
  markdown,
  statusName,
  time,
} from './incidents-views.ts';

/**
 * The incident as its two public pages would show it, from the parsed input and nothing saved:
 * the same words, the same derived impact and default next update, the same Markdown renderer.
 */
export function incidentPreview(
  lang: Lang,
  data: CreateIncidentInput,
  model: Pick<SiteModel, 'components'>,
  now: Date,
  intervalMinutes: number,
) {
  const impact = data.impact ?? impactFromComponents(data.components);
  // nextUpdateAt's rule for an incident whose only post is this one, made now.
  const dueAt = isUnresolved(data.status)
    ? (data.next_update_at ?? new Date(now.getTime() + intervalMinutes * 60_000))
    : null;
  const pages = LANGS.map((page) => {
    const name = componentNames(model, page);
    const affected = Object.entries(data.components);
    return html`<section class="preview" lang="${page}" aria-labelledby="preview-${page}">
      <h3 id="preview-${page}">${say(lang, `inc.preview.${page}`)}</h3>
      <p class="preview-title"><strong>${localized(page, data.name, data.name_en ?? null)}</strong></p>
      <dl class="facts">
        <dt>${t(page, 'incident.status')}</dt><dd>${statusName(page, data.status)}</dd>
        <dt>${t(page, 'incident.impact')}</dt><dd>${impactName(page, impact)}</dd>
        ${dueAt ? html`<dt>${say(page, 'inc.page.nextUpdate')}</dt><dd>${time(page, dueAt)}</dd>` : ''}
      </dl>
      ${
        affected.length
          ? html`<p>${t(page, 'incident.affected')}:</p><ul>${affected.map(
              ([id, status]) => html`<li>${name(id)} — ${componentStatusName(page, status)}</li>`,
            )}</ul>`
          : ''
      }
      ${markdown(page, data.body, data.body_en ?? null)}
    </section>`;
  });
  return html`<section aria-labelledby="preview-heading" class="previews">
    <h2 id="preview-heading">${say(lang, 'inc.preview.heading')}</h2>
    ${pages}
  </section>`;
}
