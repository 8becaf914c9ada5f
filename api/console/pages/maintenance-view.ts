import type { Context } from 'hono';
import { html } from 'hono/html';
import { pick } from '../../../site/i18n/index.ts';
import type { LeadTimePolicy } from '../../core/maintenance/lead-time-policy.ts';
import { maintenanceLeadTime, type LeadTime } from '../../core/maintenance/lead-time.ts';
import { addCalendarMonths } from '../../core/maintenance/calendar-months.ts';
import type { MaintenanceView, NoticeKind } from '../../core/maintenance/types.ts';
import type { Markup } from '../forms.ts';
import type { ConsoleEnv } from '../types.ts';
import { ts } from './maintenance-form.ts';
import { type ComponentNames, jst, listOr, textBlocks } from './maintenance-kit.ts';
import { scrollRegion } from '../scroll-region.ts';

type C = Context<ConsoleEnv>;

export const componentNames = (c: C, names: ComponentNames, ids: readonly string[]): string =>
  ids.map((id) => (names.get(id) ? pick(c.var.lang, names.get(id)!.name, names.get(id)!.nameEn) : id)).join(', ');

/**
 * The lead-time policy beside a form (issue 12: "showing the lead-time policy"): the period the
 * settings give each kind, the earliest time that meets it if announced now, and what short notice takes.
 */
export function policyBox(c: C, kinds: readonly NoticeKind[], policy: LeadTimePolicy, now: Date): Markup {
  return html`<aside class="policy" aria-labelledby="policy-title">
<h2 id="policy-title">${ts(c, 'sc.policy.title')}</h2>
${kinds.map((kind) => {
  const months = policy[kind].months;
  return html`<p>${ts(c, `sc.policy.${kind}`, { months })}</p>
<p>${ts(c, 'sc.policy.earliest', { at: jst(c, addCalendarMonths(now, months)) })}</p>`;
})}
<p>${ts(c, 'sc.policy.short')}</p>
</aside>`;
}

/** "180 days of notice (policy P6M): meets the policy", or the short-notice mark and its reason. */
export function leadLine(c: C, lead: LeadTime, shortNotice: boolean, reason: string | null): Markup {
  const verdict = lead.meetsPolicy ? ts(c, 'sc.lead.ok') : ts(c, 'sc.lead.below');
  return html`${ts(c, 'sc.lead', { days: lead.leadDays, required: lead.required })}: ${verdict}${
    shortNotice ? html` <strong class="badge">${ts(c, 'sc.shortMark')}</strong> ${reason ?? ''}` : ''
  }`;
}

const windowOf = (c: C, m: MaintenanceView) =>
  `${jst(c, m.scheduledFor)} – ${jst(c, m.overrides.extendedUntil ?? m.scheduledUntil)}`;

function table(c: C, items: readonly MaintenanceView[], labelledby: string): Markup {
  return html`${scrollRegion({ labelledby })}<table>
<thead><tr><th scope="col">${ts(c, 'sc.title')}</th><th scope="col">${ts(c, 'mt.window')}</th><th scope="col">${ts(c, 'mt.status')}</th></tr></thead>
<tbody>${items.map(
    (m) =>
      html`<tr><td><a href="${c.var.base}/maintenance/${m.id}">${pick(c.var.lang, m.title, m.titleEn)}</a>${
        m.shortNotice ? html` <strong class="badge">${ts(c, 'sc.shortMark')}</strong>` : ''
      }</td><td>${windowOf(c, m)}</td><td>${ts(c, `mt.status.${m.status}`)}</td></tr>`,
  )}</tbody></table></div>`;
}

/** How many past maintenances the list shows: the standing window adds one a month, for years. */
const PAST_SHOWN = 50;

export function maintenanceList(c: C, all: readonly MaintenanceView[], canWrite: boolean): Markup {
  const upcoming = all.filter((m) => m.status === 'scheduled');
  const active = all.filter((m) => m.status === 'in_progress' || m.status === 'verifying');
  const past = all
    .filter((m) => m.status === 'completed' || m.status === 'cancelled')
    .sort((a, b) => b.scheduledFor.getTime() - a.scheduledFor.getTime())
    .slice(0, PAST_SHOWN);
  const none = ts(c, 'sc.none');
  return html`<h1>${ts(c, 'mt.title')}</h1>
${canWrite ? html`<p><a class="button" href="${c.var.base}/maintenance/new">${ts(c, 'mt.new')}</a></p>` : html`<p>${ts(c, 'sc.viewOnly')}</p>`}
<section aria-labelledby="mt-active"><h2 id="mt-active">${ts(c, 'mt.active')}</h2>${listOr(active, none, (l) => table(c, l, 'mt-active'))}</section>
<section aria-labelledby="mt-upcoming"><h2 id="mt-upcoming">${ts(c, 'mt.upcoming')}</h2>${listOr(upcoming, none, (l) => table(c, l, 'mt-upcoming'))}</section>
<section aria-labelledby="mt-past"><h2 id="mt-past">${ts(c, 'mt.past')}</h2>${listOr(past, none, (l) => table(c, l, 'mt-past'))}</section>`;
}

/** The verbs a maintenance in this status accepts, as the core commands do (others are refused there); an update, always. */
export function verbsFor(m: MaintenanceView): string[] {
  switch (m.status) {
    case 'scheduled':
      return ['reschedule', 'cancel', 'updates'];
    case 'in_progress':
      return ['extend', 'verifying', 'finish', 'updates'];
    case 'verifying':
      return ['extend', 'finish', 'updates'];
    default:
      return ['updates'];
  }
}

export const VERB_LABEL = {
  reschedule: 'mt.reschedule',
  cancel: 'mt.cancel',
  extend: 'mt.extend',
  verifying: 'mt.verifying',
  finish: 'mt.finish',
  updates: 'mt.update',
} as const;

export function maintenanceDetail(
  c: C,
  m: MaintenanceView,
  ctx: { names: ComponentNames; policy: LeadTimePolicy; siteUrl: string; canWrite: boolean },
): Markup {
  const verbs = ctx.canWrite ? verbsFor(m) : [];
  return html`<h1>${pick(c.var.lang, m.title, m.titleEn)}</h1>
<dl class="facts">
<dt>${ts(c, 'mt.status')}</dt><dd>${ts(c, `mt.status.${m.status}`)}</dd>
<dt>${ts(c, 'mt.window')}</dt><dd>${windowOf(c, m)}</dd>
<dt>${ts(c, 'sc.components')}</dt><dd>${componentNames(c, ctx.names, m.componentIds)}</dd>
<dt>${ts(c, 'mt.announced')}</dt><dd>${jst(c, m.announcedAt)}</dd>
<dt>${ts(c, 'sc.policy.title')}</dt><dd>${leadLine(c, maintenanceLeadTime(m, ctx.policy), m.shortNotice, m.shortNoticeReason)}</dd>
${m.seriesId ? html`<dt>${ts(c, 'mt.standing')}</dt><dd>${m.seriesId}</dd>` : ''}
<dt>${ts(c, 'mt.public')}</dt><dd><a href="${ctx.siteUrl}/maintenance/${m.id}/">${ctx.siteUrl}/maintenance/${m.id}/</a></dd>
</dl>
${verbs.length ? html`<ul class="actions">${verbs.map((v) => html`<li><a class="button" href="${c.var.base}/maintenance/${m.id}/${v}">${ts(c, VERB_LABEL[v as keyof typeof VERB_LABEL])}</a></li>`)}</ul>` : ''}
<section aria-labelledby="mt-body"><h2 id="mt-body" class="visually-hidden">${ts(c, 'sc.body')}</h2>${textBlocks(pick(c.var.lang, m.body, m.bodyEn))}</section>
${
  m.updates.length
    ? html`<section aria-labelledby="mt-updates"><h2 id="mt-updates">${ts(c, 'mt.updates')}</h2><ul>${m.updates.map(
        (u) =>
          html`<li><p>${jst(c, u.displayAt)} · ${ts(c, `mt.status.${u.status}`)}</p>${textBlocks(pick(c.var.lang, u.body, u.bodyEn))}</li>`,
      )}</ul></section>`
    : ''
}
${
  m.history.length
    ? html`<section aria-labelledby="mt-history"><h2 id="mt-history">${ts(c, 'mt.history')}</h2><ul>${m.history.map(
        (h) =>
          html`<li>${jst(c, h.at)} · ${ts(c, `mt.history.${h.kind}`)} · ${jst(c, h.oldStart)} – ${jst(c, h.oldEnd)}${
            h.newStart ? html` → ${jst(c, h.newStart)} – ${jst(c, h.newEnd)}` : ''
          } · ${h.reason}</li>`,
      )}</ul></section>`
    : ''
}
<p><a href="${c.var.base}/maintenance">${ts(c, 'sc.back')}</a></p>`;
}
