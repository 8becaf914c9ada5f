import { html } from 'hono/html';
import { overdueUpdates } from '../../core/queries/service-levels.ts';
import { renderPage } from '../layout.ts';
import { requireRole } from '../shell.ts';
import type { PageModule } from '../types.ts';
import { say } from './incidents-form.ts';
import { readWorkingModel } from './incidents-read.ts';
import { localized, statusName, time } from './incidents-views.ts';
import { scrollRegion } from '../scroll-region.ts';

/** `/overdue`: the incidents whose promised update is late, most overdue first (GET /api/v1/incidents/overdue's query). */
export const overdueModule: PageModule = (app, deps) => {
  app.get('/overdue', requireRole('read'), async (c) => {
    const now = deps.now();
    const model = await readWorkingModel(deps, now);
    const byId = new Map(model.incidents.map((i) => [i.id, i]));
    const late = overdueUpdates(model, deps.settings.serviceLevels, now);
    const lang = c.var.lang;
    const title = say(c, 'ovd.title');
    return renderPage(c, {
      title,
      body: html`<h1>${title}</h1>
${
  late.length
    ? html`${scrollRegion({ label: title })}<table><thead><tr><th scope="col">${say(c, 'inc.list.name')}</th>
<th scope="col">${say(c, 'inc.list.status')}</th><th scope="col">${say(c, 'ovd.dueAt')}</th>
<th scope="col">${say(c, 'ovd.late')}</th></tr></thead><tbody>${late.map((d) => {
        const incident = byId.get(d.incidentId)!;
        return html`<tr><td><a href="${c.var.base}/incidents/${incident.id}">${localized(lang, incident.name, incident.nameEn)}</a></td>
<td>${statusName(lang, incident.status)}</td>
<td>${time(lang, d.dueAt)} (${say(c, d.promised ? 'ovd.promised' : 'ovd.default')})</td>
<td><strong>${say(c, 'ovd.minutes', { minutes: d.minutesLate })}</strong></td></tr>`;
      })}</tbody></table></div>`
    : html`<p>${say(c, 'ovd.none')}</p>`
}`,
    });
  });
};
