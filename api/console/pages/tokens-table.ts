import type { Context } from 'hono';
import { html } from 'hono/html';
import { formatTime } from '../../../site/i18n/index.ts';
import type { Token } from '../../operators/tokens.ts';
import { messages } from '../i18n/tokens.ts';
import { translator } from '../text.ts';
import type { ConsoleEnv } from '../types.ts';
import { scrollRegion } from '../scroll-region.ts';

const t = translator(messages);

/** Whether a token still works at `now`, and if not why: what its state column says. */
function stateOf(c: Context<ConsoleEnv>, token: Token, now: Date): { text: string; active: boolean } {
  if (token.revokedAt)
    return { text: t(c, 'tokens.state.revoked', { at: formatTime(c.var.lang, token.revokedAt) }), active: false };
  if (token.expiresAt && token.expiresAt <= now) return { text: t(c, 'tokens.state.expired'), active: false };
  return { text: t(c, 'tokens.state.active'), active: true };
}

/**
 * A table of tokens (never their secret: only the prefix), with a link to revoke each one still
 * active; `showOwner` adds whose each is, for an admin's view of everyone's.
 */
export function tokenRows(
  c: Context<ConsoleEnv>,
  rows: ReadonlyArray<{ token: Token; owner?: string }>,
  now: Date,
  showOwner: boolean,
) {
  if (rows.length === 0) return html`<p>${t(c, 'tokens.none')}</p>`;
  const when = (d: Date | null, none: string) =>
    d ? html`<time datetime="${d.toISOString()}">${formatTime(c.var.lang, d)}</time>` : none;
  return html`${scrollRegion({ label: t(c, showOwner ? 'tokens.everyone' : 'tokens.mine') })}
<table>
<thead><tr>${showOwner ? html`<th scope="col">${t(c, 'tokens.col.owner')}</th>` : ''}<th scope="col">${t(c, 'tokens.col.label')}</th><th scope="col">${t(c, 'tokens.col.prefix')}</th><th scope="col">${t(c, 'tokens.col.scopes')}</th><th scope="col">${t(c, 'tokens.col.created')}</th><th scope="col">${t(c, 'tokens.col.expires')}</th><th scope="col">${t(c, 'tokens.col.lastUsed')}</th><th scope="col">${t(c, 'tokens.col.state')}</th><th scope="col">${t(c, 'tokens.col.action')}</th></tr></thead>
<tbody>
${rows.map(({ token, owner }) => {
  const state = stateOf(c, token, now);
  const name = `${token.label ?? ''} ${token.prefix}…`.trim();
  return html`<tr>
${showOwner ? html`<td>${owner ?? ''}</td>` : ''}
<td>${token.label ?? ''}</td>
<td><code>${token.prefix}…</code></td>
<td>${token.scopes.join(', ')}</td>
<td>${when(token.createdAt, '')}</td>
<td>${when(token.expiresAt, t(c, 'tokens.noExpiry'))}</td>
<td>${when(token.lastUsedAt, t(c, 'tokens.never'))}</td>
<td>${state.text}</td>
<td>${state.active ? html`<a href="${c.var.base}/tokens/${token.id}/revoke" aria-label="${t(c, 'tokens.revokeLabel', { token: name })}">${t(c, 'tokens.revoke')}</a>` : ''}</td>
</tr>`;
})}
</tbody>
</table>
</div>`;
}
