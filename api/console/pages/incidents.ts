import { html } from 'hono/html';
import { updatesDue } from '../../core/queries/service-levels.ts';
import { isUnresolved } from '../../core/vocab.ts';
import { renderPage } from '../layout.ts';
import { requireRole } from '../shell.ts';
import type { NavEntry, PageModule } from '../types.ts';
import { say } from './incidents-form.ts';
import { newIncidentPages } from './incidents-new.ts';
import { incidentPages } from './incidents-page.ts';
import { readWorkingModel } from './incidents-read.ts';
import { incidentUpdatePages } from './incidents-update.ts';
import { mayWrite } from './maintenance-kit.ts';
import { dueCell, impactName, localized, statusName, time } from './incidents-views.ts';
import { scrollRegion } from '../scroll-region.ts';

/** How many resolved incidents the list shows under the open ones: the recent ones an operator may still correct. */
const RECENT_RESOLVED = 20;

/**
 * The console's incidents: the list (unresolved first, with when each owes its next update),
 * a new incident, and each incident's page.
 */
export const incidentsModule: PageModule = (app, deps) => {
  app.get('/incidents', requireRole('read'), async (c) => {
    const now = deps.now();
    // The newest incidents hold the recent resolved ones unless more than that many are open at once.
    const model = await readWorkingModel(deps, now, RECENT_RESOLVED * 2);
    const lang = c.var.lang;
    const due = new Map(updatesDue(model, deps.settings.serviceLevels, now).map((d) => [d.incidentId, d]));
    const open = model.incidents.filter((i) => isUnresolved(i.status));
    const resolved = model.incidents.filter((i) => !isUnresolved(i.status)).slice(0, RECENT_RESOLVED);
    const link = (i: (typeof open)[number]) =>
      html`<a href="${c.var.base}/incidents/${i.id}">${localized(lang, i.name, i.nameEn)}</a>`;
    const title = say(c, 'inc.list.title');
    return renderPage(c, {
      title,
      body: html`<h1>${title}</h1>
${mayWrite(c, 'incidents') ? html`<p><a class="button" href="${c.var.base}/incidents/new">${say(c, 'inc.list.new')}</a></p>` : ''}
<section aria-labelledby="open-heading"><h2 id="open-heading">${say(c, 'inc.list.unresolved')}</h2>
${
  open.length
    ? html`${scrollRegion({ labelledby: 'open-heading' })}<table><thead><tr>
<th scope="col">${say(c, 'inc.list.name')}</th><th scope="col">${say(c, 'inc.list.status')}</th>
<th scope="col">${say(c, 'inc.list.impact')}</th><th scope="col">${say(c, 'inc.list.nextUpdate')}</th>
</tr></thead><tbody>${open.map(
        (
          i,
        ) => html`<tr${due.get(i.id)?.overdue ? html` class="late"` : ''}><td>${link(i)}</td><td>${statusName(lang, i.status)}</td>
<td>${impactName(lang, i.impact)}</td><td>${dueCell(lang, due.get(i.id))}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p>${say(c, 'inc.list.none')}</p>`
}</section>
<section aria-labelledby="resolved-heading"><h2 id="resolved-heading">${say(c, 'inc.list.resolved')}</h2>
${
  resolved.length
    ? html`${scrollRegion({ labelledby: 'resolved-heading' })}<table><thead><tr>
<th scope="col">${say(c, 'inc.list.name')}</th><th scope="col">${say(c, 'inc.list.impact')}</th>
<th scope="col">${say(c, 'inc.list.resolvedAt')}</th></tr></thead><tbody>${resolved.map(
        (i) => html`<tr><td>${link(i)}</td><td>${impactName(lang, i.impact)}</td>
<td>${i.resolvedAt ? time(lang, i.resolvedAt) : statusName(lang, i.status)}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p>${say(c, 'inc.list.none')}</p>`
}</section>`,
    });
  });

  // Before `/incidents/:id`, which would otherwise take "new" for an id.
  newIncidentPages(app, deps);
  incidentPages(app, deps);
  incidentUpdatePages(app, deps);
};

const label = (key: Parameters<typeof say>[1]) => ({ ja: say('ja', key), en: say('en', key) });

/** The menu's entries for incidents, overdue updates and services: everyone signed in reads them. */
export const incidentsNav: NavEntry[] = [
  { path: '/incidents', label: label('inc.nav'), scope: 'read' },
  { path: '/overdue', label: label('ovd.nav'), scope: 'read' },
  { path: '/components', label: label('cmp.nav'), scope: 'read' },
];
