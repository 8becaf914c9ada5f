import type { Context } from 'hono';
import { html } from 'hono/html';
import { formatTime } from '../../../site/i18n/index.ts';
import { findOperatorByEmail } from '../../operators/operators.ts';
import { type AuditRow, listAudit } from '../../operators/audit.ts';
import { ADMIN_TOKEN_ACTOR } from '../../operators/actor.ts';
import { MAX_EMAIL_LENGTH } from '../../operators/vocab.ts';
import { messages } from '../i18n/audit.ts';
import { field } from '../forms.ts';
import { renderPage, requireRole } from '../shell.ts';
import { translator } from '../text.ts';
import type { ConsoleEnv, PageModule } from '../types.ts';
import { cursorOf, olderLink, pagePath } from './audit-paging.ts';
import { scrollRegion } from '../scroll-region.ts';

const t = translator(messages);
export const AUDIT_PAGE_SIZE = 50;

/** Target types the console and the API record (api/operators, each page's recordAudit): offered as suggestions, not a limit. */
const TARGET_TYPES = [
  'incident',
  'component',
  'maintenance',
  'notice',
  'contact',
  'subscriber',
  'webhook',
  'operator',
  'token',
];

/**
 * The audit log, newest first, for every role (the issue: viewers read the audit log), filtered by
 * the operator's email, the action (a prefix) and the target type, a page at a time by an id cursor.
 */
export const auditPages: PageModule = (app, deps) => {
  app.get('/audit', requireRole('read'), async (c) => {
    const q = {
      email: (c.req.query('email') ?? '').trim().slice(0, MAX_EMAIL_LENGTH),
      action: (c.req.query('action') ?? '').trim().slice(0, 200),
      target: (c.req.query('target') ?? '').trim().slice(0, 50),
    };
    const before = cursorOf(c.req.query('before'));
    const operator = q.email ? await findOperatorByEmail(deps.db, q.email) : null;
    const rows =
      q.email && !operator
        ? []
        : await listAudit(deps.db, {
            limit: AUDIT_PAGE_SIZE + 1,
            ...(before !== undefined && { before }),
            ...(operator && { operatorId: operator.id }),
            ...(q.target && { targetType: q.target }),
            ...(q.action && { action: q.action }),
          });
    const shown = rows.slice(0, AUDIT_PAGE_SIZE);
    const more = rows.length > AUDIT_PAGE_SIZE ? shown.at(-1)!.id : null;
    const body = html`<h1>${t(c, 'audit.title')}</h1>
<p>${t(c, 'audit.intro')}</p>
${filterForm(c, q)}
${q.email && !operator ? html`<p role="status">${t(c, 'audit.unknownEmail')}</p>` : ''}
${shown.length === 0 ? html`<p>${t(c, 'audit.none')}</p>` : entriesTable(c, shown)}
<nav class="pager" aria-label="${t(c, 'audit.title')}">
${before !== undefined ? html`<a href="${pagePath(c.var.base, '/audit', q)}">${t(c, 'audit.newest')}</a>` : ''}
${more !== null ? olderLink(c.var.base, '/audit', q, more, t(c, 'audit.older')) : ''}
</nav>`;
    return renderPage(c, { title: t(c, 'audit.title'), body });
  });
};

function filterForm(c: Context<ConsoleEnv>, q: { email: string; action: string; target: string }) {
  return html`<form method="get" action="${c.var.base}/audit" class="filters" role="search">
<fieldset><legend>${t(c, 'audit.filters')}</legend>
${field(c, { name: 'email', label: t(c, 'audit.filter.email'), type: 'email', value: q.email, autocomplete: 'off' })}
${field(c, { name: 'action', label: t(c, 'audit.filter.action'), value: q.action, hint: t(c, 'audit.filter.actionHint') })}
${field(c, {
  name: 'target',
  label: t(c, 'audit.filter.target'),
  type: 'select',
  value: q.target,
  options: [
    { value: '', label: t(c, 'audit.filter.any') },
    ...[...new Set([...TARGET_TYPES, ...(q.target ? [q.target] : [])])].map((v) => ({ value: v, label: v })),
  ],
})}
<p><button type="submit">${t(c, 'audit.filter.apply')}</button>
${q.email || q.action || q.target ? html` <a href="${c.var.base}/audit">${t(c, 'audit.filter.clear')}</a>` : ''}</p>
</fieldset>
</form>`;
}

function entriesTable(c: Context<ConsoleEnv>, rows: AuditRow[]) {
  const lang = c.var.lang;
  return html`${scrollRegion({ labelledby: 'audit-caption' })}
<table>
<caption id="audit-caption">${t(c, 'audit.title')}</caption>
<thead><tr><th scope="col">${t(c, 'audit.col.at')}</th><th scope="col">${t(c, 'audit.col.actor')}</th><th scope="col">${t(c, 'audit.col.via')}</th><th scope="col">${t(c, 'audit.col.ip')}</th><th scope="col">${t(c, 'audit.col.action')}</th><th scope="col">${t(c, 'audit.col.target')}</th></tr></thead>
<tbody>
${rows.map(
  (r) => html`<tr>
<td><time datetime="${r.at.toISOString()}">${formatTime(lang, r.at)}</time></td>
<td>${actorOf(c, r)}</td>
<td>${t(c, `audit.via.${r.via}`)}</td>
<td>${r.ip ?? t(c, 'audit.unknownIp')}</td>
<td><code>${r.action}</code></td>
<td>${r.targetType ? html`${r.targetType}${r.targetId ? html` <code>${r.targetId}</code>` : ''}` : ''}</td>
</tr>
${r.before === null && r.after === null ? '' : html`<tr class="audit-change"><td colspan="6">${change(c, r)}</td></tr>`}`,
)}
</tbody>
</table>
</div>`;
}

/** The operator's email now, and the one recorded at the time when it has changed since. */
function actorOf(c: Context<ConsoleEnv>, r: AuditRow) {
  if (r.actor === ADMIN_TOKEN_ACTOR && r.operatorId === null) return t(c, 'audit.bootstrap');
  if (r.email && r.email !== r.actor) return html`${r.email} (${r.actor})`;
  return r.actor;
}

/** Before and after as indented JSON: every character escaped by `html`, so a hostile title shows as text. */
function change(c: Context<ConsoleEnv>, r: AuditRow) {
  const json = (v: unknown) => (v === null || v === undefined ? t(c, 'audit.nothing') : JSON.stringify(v, null, 2));
  return html`<details><summary>${t(c, 'audit.details')}</summary>
<dl>
<dt>${t(c, 'audit.before')}</dt><dd><pre>${json(r.before)}</pre></dd>
<dt>${t(c, 'audit.after')}</dt><dd><pre>${json(r.after)}</pre></dd>
</dl>
</details>`;
}
