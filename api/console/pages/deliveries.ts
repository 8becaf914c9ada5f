import { html, raw } from 'hono/html';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../../notify/outbox/vocab.ts';
import { listDeliveries } from '../../notify/recipients/deliveries.ts';
import { renderPage } from '../layout.ts';
import { requireRole } from '../shell.ts';
import type { PageModule } from '../types.ts';
import { tn } from './contacts-kit.ts';
import { jst, listOr } from './maintenance-kit.ts';
import { scrollRegion } from '../scroll-region.ts';

/** How many the page shows: the recent ones, as `GET /api/v1/deliveries` does by default. */
const SHOWN = 100;

const isStatus = (s: string | undefined): s is DeliveryStatus => DELIVERY_STATUSES.includes(s as DeliveryStatus);

/** Recent deliveries, newest first, filtered by status (`?status=failed`: the ones given up on). */
export const deliveryPages: PageModule = (app, deps) => {
  app.get('/deliveries', requireRole('read'), async (c) => {
    const asked = c.req.query('status');
    const status = isStatus(asked) ? asked : undefined;
    const rows = await listDeliveries(deps.db, { status, limit: SHOWN });
    const body = html`<h1>${tn(c, 'dl.title')}</h1>
<p>${tn(c, 'dl.intro')}</p>
<form method="get" action="${c.var.base}/deliveries" class="filter">
<label for="f-status">${tn(c, 'dl.filter')}</label>
<select id="f-status" name="status"><option value="">${tn(c, 'dl.filter.any')}</option>${DELIVERY_STATUSES.map(
      (s) => html`<option value="${s}"${s === status ? raw(' selected') : ''}>${tn(c, `dl.status.${s}`)}</option>`,
    )}</select>
<button type="submit">${tn(c, 'dl.show')}</button>
</form>
${listOr(
  rows,
  tn(c, 'nf.none'),
  (list) => html`${scrollRegion({ label: tn(c, 'dl.title') })}<table>
<thead><tr><th scope="col">${tn(c, 'dl.when')}</th><th scope="col">${tn(c, 'dl.event')}</th><th scope="col">${tn(c, 'dl.recipient')}</th><th scope="col">${tn(c, 'dl.status')}</th><th scope="col">${tn(c, 'dl.attempts')}</th><th scope="col">${tn(c, 'dl.result')}</th></tr></thead>
<tbody>${list.map(
    (d) =>
      html`<tr><td>${jst(c, d.updatedAt)}</td><td>${d.eventKind}</td><td>${d.channel}: ${d.address}</td><td>${tn(
        c,
        `dl.status.${d.status}`,
      )}</td><td>${d.attempts}</td><td>${d.lastResult ?? ''}</td></tr>`,
  )}</tbody></table></div>`,
)}`;
    return renderPage(c, { title: tn(c, 'dl.title'), body });
  });
};
