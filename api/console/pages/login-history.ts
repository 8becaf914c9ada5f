import type { Context } from 'hono';
import { html } from 'hono/html';
import { formatTime } from '../../../site/i18n/index.ts';
import { listLogins, type LoginRow } from '../../operators/login-history.ts';
import { allows } from '../../operators/vocab.ts';
import { messages } from '../i18n/login-history.ts';
import { renderPage, requireRole } from '../shell.ts';
import { translator } from '../text.ts';
import type { ConsoleEnv, PageModule } from '../types.ts';
import { cursorOf, olderLink, pagePath } from './audit-paging.ts';
import { scrollRegion } from '../scroll-region.ts';

const t = translator(messages);
export const LOGINS_PAGE_SIZE = 50;

/**
 * Sign-in attempts, newest first: an admin sees everyone's, anyone else their own (the issue's
 * "admins see everyone's, each operator their own"). The reason of a failure is shown here, to the
 * account's owner and the admins, never on the sign-in page itself.
 */
export const loginHistoryPages: PageModule = (app, deps) => {
  app.get('/login-history', requireRole('read'), async (c) => {
    const me = c.var.operator;
    const everyone = allows(me.role, null, 'admin');
    const before = cursorOf(c.req.query('before'));
    const rows = await listLogins(deps.db, {
      limit: LOGINS_PAGE_SIZE + 1,
      ...(everyone ? {} : { operatorId: me.id }),
      ...(before !== undefined && { before }),
    });
    const shown = rows.slice(0, LOGINS_PAGE_SIZE);
    const more = rows.length > LOGINS_PAGE_SIZE ? shown.at(-1)!.id : null;
    const body = html`<h1>${t(c, 'logins.title')}</h1>
<p>${t(c, everyone ? 'logins.introAll' : 'logins.introOwn')}</p>
${shown.length === 0 ? html`<p>${t(c, 'logins.none')}</p>` : attemptsTable(c, shown)}
<nav class="pager" aria-label="${t(c, 'logins.title')}">
${before !== undefined ? html`<a href="${pagePath(c.var.base, '/login-history', {})}">${t(c, 'logins.newest')}</a>` : ''}
${more !== null ? olderLink(c.var.base, '/login-history', {}, more, t(c, 'logins.older')) : ''}
</nav>`;
    return renderPage(c, { title: t(c, 'logins.title'), body });
  });
};

function attemptsTable(c: Context<ConsoleEnv>, rows: LoginRow[]) {
  const unknown = t(c, 'logins.unknown');
  return html`${scrollRegion({ labelledby: 'logins-caption' })}
<table>
<caption id="logins-caption">${t(c, 'logins.title')}</caption>
<thead><tr><th scope="col">${t(c, 'logins.col.at')}</th><th scope="col">${t(c, 'logins.col.email')}</th><th scope="col">${t(c, 'logins.col.ip')}</th><th scope="col">${t(c, 'logins.col.device')}</th><th scope="col">${t(c, 'logins.col.via')}</th><th scope="col">${t(c, 'logins.col.result')}</th></tr></thead>
<tbody>
${rows.map(
  (r) => html`<tr class="${r.success ? 'login-ok' : 'login-failed'}">
<td><time datetime="${r.at.toISOString()}">${formatTime(c.var.lang, r.at)}</time></td>
<td>${r.email || unknown}</td>
<td>${r.ip ?? unknown}</td>
<td>${t(c, 'logins.device', { browser: r.browser ?? unknown, os: r.os ?? unknown, device: r.device ?? unknown })}</td>
<td>${t(c, `logins.via.${r.via}`)}</td>
<td>${result(c, r)}</td>
</tr>`,
)}
</tbody>
</table>
</div>`;
}

/** A right password awaiting its code is a step, not a failure: it reads as its reason alone. */
function result(c: Context<ConsoleEnv>, r: LoginRow): string {
  if (r.success) return t(c, 'logins.success');
  const reason = t(c, `logins.outcome.${r.outcome}`);
  return r.outcome === 'second_factor_required' ? reason : t(c, 'logins.failure', { reason });
}
