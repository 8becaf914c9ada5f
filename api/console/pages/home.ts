import type { Context } from 'hono';
import { html } from 'hono/html';
import { formatTime, pick, t as siteText, untranslated } from '../../../site/i18n/index.ts';
import { loadMaintenances } from '../../core/queries/maintenance-model.ts';
import { updatesDue } from '../../core/queries/service-levels.ts';
import { listDeliveries } from '../../notify/recipients/deliveries.ts';
import { readUnresolvedIncidents } from '../../notify/unresolved-incidents.ts';
import { allows } from '../../operators/vocab.ts';
import { messages } from '../i18n/home.ts';
import { renderPage } from '../layout.ts';
import { translator } from '../text.ts';
import type { ConsoleEnv, PageModule } from '../types.ts';
import { nav } from './index.ts';

const t = translator(messages);
/** How many upcoming maintenances and failed deliveries the dashboard lists; their own pages have the rest. */
const SHOWN = 5;

/**
 * The dashboard at `/admin/` (every role): the open incidents with when each next update is due
 * (the overdue ones first, in their own list), the maintenance to come, the deliveries that failed,
 * and the way to each area the person may use. A few small queries: the unresolved incidents only,
 * never the whole history.
 */
export const homePage: PageModule = (app, deps) => {
  // `/admin/` itself: a route of `/` under a mount matches `/admin` alone (which the shell sends on to
  // `/admin/`); an empty segment after the slash is the base with its trailing slash, and nothing else.
  app.get('/:dashboard{^$}', async (c) => {
    const now = deps.now();
    const [open, { maintenances }, failed] = await Promise.all([
      readUnresolvedIncidents(deps.db),
      loadMaintenances({ db: deps.db, now }),
      listDeliveries(deps.db, { status: 'failed', limit: SHOWN + 1 }),
    ]);
    const due = new Map(
      updatesDue({ incidents: open }, deps.settings.serviceLevels, now).map((d) => [d.incidentId, d]),
    );
    const overdue = [...due.values()].filter((d) => d.overdue).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
    const upcoming = maintenances
      .filter((m) => m.status === 'scheduled' || m.status === 'in_progress' || m.status === 'verifying')
      .slice(0, SHOWN);
    const lang = c.var.lang;
    const byId = new Map(open.map((i) => [i.id, i]));
    // An English page showing a Japanese title says so, for screen readers (WCAG 3.1.2).
    const langOf = (en: string | null) => (untranslated(lang, en) ? html` lang="ja"` : '');
    const incidentLink = (id: string) =>
      html`<a href="${c.var.base}/incidents/${id}"${langOf(byId.get(id)!.nameEn)}>${pick(lang, byId.get(id)!.name, byId.get(id)!.nameEn)}</a>`;
    const body = html`<h1>${t(c, 'home.title')}</h1>
<section aria-labelledby="home-overdue">
<h2 id="home-overdue">${t(c, 'home.overdue')}</h2>
${
  overdue.length === 0
    ? html`<p>${t(c, 'home.overdueNone')}</p>`
    : html`<ul class="alert">${overdue.map(
        (d) =>
          html`<li>${incidentLink(d.incidentId)}: ${t(c, 'home.overdueLate', { minutes: d.minutesLate, due: formatTime(lang, d.dueAt) })}</li>`,
      )}</ul>`
}
</section>
<section aria-labelledby="home-open">
<h2 id="home-open">${t(c, 'home.open')}</h2>
${
  open.length === 0
    ? html`<p>${t(c, 'home.openNone')}</p>`
    : html`<ul>${open.map((i) => {
        const d = due.get(i.id);
        const state = t(c, 'home.incidentState', {
          status: siteText(lang, `incident.${i.status}`),
          impact: siteText(lang, `impact.${i.impact}`),
        });
        return html`<li>${incidentLink(i.id)}${state}${d && !d.overdue ? html`: ${t(c, 'home.nextUpdate', { due: formatTime(lang, d.dueAt) })}` : ''}</li>`;
      })}</ul>`
}
</section>
<section aria-labelledby="home-upcoming">
<h2 id="home-upcoming">${t(c, 'home.upcoming')}</h2>
${
  upcoming.length === 0
    ? html`<p>${t(c, 'home.upcomingNone')}</p>`
    : html`<ul>${upcoming.map(
        (m) =>
          html`<li><a href="${c.var.base}/maintenance/${m.id}"${langOf(m.titleEn)}>${pick(lang, m.title, m.titleEn)}</a>: ${t(
            c,
            'home.window',
            {
              start: formatTime(lang, m.scheduledFor),
              end: formatTime(lang, m.overrides.extendedUntil ?? m.scheduledUntil),
              status: t(c, `home.maintenance.${m.status as 'scheduled' | 'in_progress' | 'verifying'}`),
            },
          )}</li>`,
      )}</ul>`
}
</section>
<section aria-labelledby="home-failed">
<h2 id="home-failed">${t(c, 'home.failed')}</h2>
${
  failed.length === 0
    ? html`<p>${t(c, 'home.failedNone')}</p>`
    : html`<ul>${failed
        .slice(0, SHOWN)
        .map(
          (d) =>
            html`<li>${t(c, 'home.failedItem', { address: d.address, kind: d.eventKind, at: formatTime(lang, d.updatedAt) })}${d.lastResult ? html`: ${d.lastResult}` : ''}</li>`,
        )}</ul>
<p>${failed.length > SHOWN ? `${t(c, 'home.failedMore')} ` : ''}<a href="${c.var.base}/deliveries?status=failed">${t(c, 'home.failedAll')}</a></p>`
}
</section>
${areas(c)}`;
    return renderPage(c, { title: t(c, 'home.title'), body });
  });
};

/** Every area the person's role lets them open, as the menu lists them. */
function areas(c: Context<ConsoleEnv>) {
  const role = c.var.operator.role;
  const entries = nav.filter((e) => e.path !== '/' && allows(role, null, e.scope));
  return html`<section aria-labelledby="home-areas">
<h2 id="home-areas">${t(c, 'home.areas')}</h2>
<ul>${entries.map((e) => html`<li><a href="${c.var.base}${e.path}">${e.label[c.var.lang]}</a></li>`)}</ul>
</section>`;
}
