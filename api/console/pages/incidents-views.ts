import { html, raw } from 'hono/html';
import type { IncidentUpdateView, IncidentView, SiteModel } from '../../core/model.ts';
import type { UpdateDueView } from '../../core/queries/service-levels.ts';
import { renderMarkdown } from '../../core/text/markdown.ts';
import { toIsoOffset } from '../../core/time.ts';
import type { ComponentStatus, IncidentImpact, IncidentStatus, Lang } from '../../core/vocab.ts';
import { formatTime, localePath, pick, t, untranslated } from '../../../site/i18n/index.ts';
import { say } from './incidents-form.ts';

/** Read-only parts of the incident pages, shared by the list, the incident page and the preview. */

export const time = (lang: Lang, at: Date) => html`<time datetime="${toIsoOffset(at)}">${formatTime(lang, at)}</time>`;

export const statusName = (lang: Lang, s: IncidentStatus) => t(lang, `incident.${s}`);
export const impactName = (lang: Lang, i: IncidentImpact) => t(lang, `impact.${i}`);
export const componentStatusName = (lang: Lang, s: ComponentStatus) => t(lang, `status.${s}`);

/** The public page's address of an incident in `lang`. */
export const publicUrl = (siteUrl: string, lang: Lang, id: string) => siteUrl + localePath(lang, `/incidents/${id}/`);

/** "Next update by" with the lateness said in words, not by colour alone (WCAG 1.4.1). */
export function dueCell(lang: Lang, due: UpdateDueView | undefined) {
  if (!due) return html``;
  return html`${time(lang, due.dueAt)}${
    due.overdue ? html` <strong class="overdue">${say(lang, 'inc.overdue', { minutes: due.minutesLate })}</strong>` : ''
  }`;
}

/** A title as the page in `lang` shows it: the Japanese one, marked, when there is no translation. */
export function localized(lang: Lang, ja: string, en: string | null) {
  return untranslated(lang, en)
    ? html`<span lang="ja">${ja}</span> <small>${t(lang, 'i18n.japaneseOnly')}</small>`
    : html`${pick(lang, ja, en)}`;
}

/** Operator Markdown through the public site's own renderer (escaped, then sanitized with its allowlist). */
export function markdown(lang: Lang, ja: string, en: string | null) {
  const fallback = untranslated(lang, en);
  return html`${fallback ? html`<p class="untranslated">${t(lang, 'i18n.japaneseOnly')}</p>` : ''}<div class="md"${
    fallback ? html` lang="ja"` : ''
  }>${raw(renderMarkdown(pick(lang, ja, en)))}</div>`;
}

export function timeline(
  lang: Lang,
  updates: readonly IncidentUpdateView[],
  componentName: (id: string) => string,
  /** A link beside each update (the console's correction page), for those who may write. */
  link?: (u: IncidentUpdateView) => { href: string; label: string },
) {
  return html`<ol class="timeline">
    ${updates.map(
      (u) => html`<li>
        <p><strong>${statusName(lang, u.status)}</strong> — ${time(lang, u.displayAt)}${
          u.editedAt ? html` <small>(${t(lang, 'incident.edited')})</small>` : ''
        }</p>
        ${markdown(lang, u.body, u.bodyEn)}
        ${
          u.components.length
            ? html`<p class="muted">${u.components
                .map((c) => `${componentName(c.componentId)}: ${componentStatusName(lang, c.status)}`)
                .join(' / ')}</p>`
            : ''
        }
        ${
          link
            ? html`<p><a href="${link(u).href}">${link(u).label}<span class="visually-hidden"> (${formatTime(lang, u.displayAt)})</span></a></p>`
            : ''
        }
      </li>`,
    )}
  </ol>`;
}

/** A component's name in the console's language, or its id if it is unknown (deleted since). */
export function componentNames(model: Pick<SiteModel, 'components'>, lang: Lang) {
  const names = new Map(model.components.map((c) => [c.id, pick(lang, c.name, c.nameEn)]));
  return (id: string) => names.get(id) ?? id;
}

/** The incident's facts, as the public page lists them. */
export function facts(lang: Lang, incident: IncidentView) {
  return html`<dl class="facts">
    <dt>${t(lang, 'incident.status')}</dt><dd>${statusName(lang, incident.status)}</dd>
    <dt>${t(lang, 'incident.impact')}</dt><dd>${impactName(lang, incident.impact)}</dd>
    <dt>${t(lang, 'incident.detectedAt')}</dt><dd>${time(lang, incident.detectedAt)}</dd>
    <dt>${t(lang, 'incident.postedAt')}</dt><dd>${time(lang, incident.createdAt)}</dd>
    ${incident.resolvedAt ? html`<dt>${t(lang, 'incident.resolvedAt')}</dt><dd>${time(lang, incident.resolvedAt)}</dd>` : ''}
  </dl>`;
}
