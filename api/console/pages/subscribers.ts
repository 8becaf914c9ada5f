import { html } from 'hono/html';
import { toIsoOffset, toIsoOffsetOrNull } from '../../core/time.ts';
import {
  getSubscriber,
  listSubscribers,
  removeSubscriber,
  type SubscriberRecord,
} from '../../notify/recipients/subscribers.ts';
import { renderPage } from '../layout.ts';
import { requireRole } from '../shell.ts';
import type { PageModule } from '../types.ts';
import { removeLink, removeRoute, servicesOf, stateOf, tn } from './contacts-kit.ts';
import { componentOptions, jst, listOr, mayWrite } from './maintenance-kit.ts';
import { scrollRegion } from '../scroll-region.ts';

/** A subscriber in the API's manner (snake_case, ISO 8601 with offset), for the audit log: there is no `/api/v1` shape of one. */
const presentSubscriber = (s: SubscriberRecord) => ({
  id: s.id,
  email: s.email,
  language: s.language,
  components: s.components,
  kinds: s.kinds,
  confirmed_at: toIsoOffsetOrNull(s.confirmedAt),
  quarantined_at: toIsoOffsetOrNull(s.quarantinedAt),
  created_at: toIsoOffset(s.createdAt),
});

/** People who signed up on the public pages, confirmed or not: list and remove. */
export const subscriberPages: PageModule = (app, deps) => {
  app.get('/subscribers', requireRole('read'), async (c) => {
    const [subscribers, { names }] = await Promise.all([listSubscribers(deps.db), componentOptions(deps)]);
    const canWrite = mayWrite(c, 'notify');
    const state = (s: SubscriberRecord) =>
      s.confirmedAt
        ? tn(c, 'sb.confirmed', { at: jst(c, s.confirmedAt) })
        : tn(c, 'sb.pending', { at: jst(c, s.expiresAt) });
    const body = html`<h1>${tn(c, 'sb.title')}</h1>
<p>${tn(c, 'sb.intro')}</p>
${listOr(
  subscribers,
  tn(c, 'nf.none'),
  (list) => html`${scrollRegion({ label: tn(c, 'sb.title') })}<table>
<thead><tr><th scope="col">${tn(c, 'nf.email')}</th><th scope="col">${tn(c, 'sb.state')}</th><th scope="col">${tn(c, 'nf.language')}</th><th scope="col">${tn(c, 'nf.components')}</th><th scope="col">${tn(c, 'sb.kinds')}</th>${canWrite ? html`<td></td>` : ''}</tr></thead>
<tbody>${list.map(
    (s) =>
      html`<tr><td>${s.email}</td><td>${state(s)}${stateOf(c, s) ? html`<br><strong>${stateOf(c, s)}</strong>` : ''}</td><td>${tn(
        c,
        `nf.language.${s.language}`,
      )}</td><td>${servicesOf(c, names, s.components)}</td><td>${s.kinds ? s.kinds.join(', ') : tn(c, 'sb.kinds.all')}</td>${
        canWrite ? html`<td>${removeLink(c, `/subscribers/${s.id}/remove`, s.email)}</td>` : ''
      }</tr>`,
  )}</tbody></table></div>`,
)}`;
    return renderPage(c, { title: tn(c, 'sb.title'), body });
  });

  removeRoute(app, deps, {
    list: '/subscribers',
    targetType: 'subscriber',
    load: (id) => getSubscriber(deps.db, id),
    name: (s) => s.email,
    present: presentSubscriber,
    remove: (id) => removeSubscriber(deps.db, id),
    done: 'sb.done.removed',
  });
};
