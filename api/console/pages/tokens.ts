import type { Context } from 'hono';
import { html } from 'hono/html';
import { type FieldIssue, fieldIssue, issueText, NotFoundError, ShiraseError } from '../../core/errors.ts';
import { listOperators } from '../../operators/operators.ts';
import { issueToken, listTokens, revokeToken, type Token } from '../../operators/tokens.ts';
import { allows, ROLE_SCOPES } from '../../operators/vocab.ts';
import { messages } from '../i18n/tokens.ts';
import { csrfField, errorSummary, field, type FormFields, one, readForm, seeOther } from '../forms.ts';
import { renderPage } from '../layout.ts';
import { consoleActor } from '../actor.ts';
import { requireRole } from '../shell.ts';
import { translator } from '../text.ts';
import type { ConsoleEnv, PageModule } from '../types.ts';
import { tokenRows } from './tokens-table.ts';

const t = translator(messages);
export const TOKENS_PATH = '/tokens';

/** The same message in both languages, for an issue the page itself finds. */
const both = (key: Parameters<typeof t>[1]) => ({ ja: t('ja', key), en: t('en', key) });

/**
 * API tokens: everyone manages their own (scopes limited to their role), an admin also sees and
 * revokes everyone's. A new token is in the answer to the POST that made it and nowhere else: only
 * its digest is stored, so no later page can show it again.
 */
export const tokenPages: PageModule = (app, deps) => {
  const list = async (c: Context<ConsoleEnv>, form: { values?: FormFields; issues?: FieldIssue[] } = {}) => {
    const me = c.var.operator;
    const mine = await listTokens(deps.db, me.id);
    const admin = allows(me.role, null, 'admin');
    const others = admin ? (await listOperators(deps.db)).filter((o) => o.id !== me.id) : [];
    const theirs = await Promise.all(
      others.map(async (o) => ({ owner: o.email, tokens: await listTokens(deps.db, o.id) })),
    );
    const now = deps.now();
    const body = html`<h1>${t(c, 'tokens.title')}</h1>
<p>${t(c, 'tokens.intro')}</p>
${errorSummary(c, form.issues ?? [])}
<h2>${t(c, 'tokens.mine')}</h2>
${tokenRows(
  c,
  mine.map((token) => ({ token })),
  now,
  false,
)}
${createForm(c, form.values ?? {}, form.issues ?? [])}
${
  admin
    ? html`<h2>${t(c, 'tokens.everyone')}</h2>
${tokenRows(
  c,
  theirs.flatMap((o) => o.tokens.map((token) => ({ token, owner: o.owner }))),
  now,
  true,
)}`
    : ''
}`;
    return renderPage(c, { title: t(c, 'tokens.title'), body, status: form.issues?.length ? 422 : 200 });
  };

  app.get(TOKENS_PATH, requireRole('read'), (c) => list(c));

  app.post(TOKENS_PATH, requireRole('read'), async (c) => {
    const form = await readForm(c);
    const me = c.var.operator;
    const scopes = [form.scopes ?? []].flat();
    const days = one(form, 'expires_days').trim();
    const issues: FieldIssue[] = [];
    if (scopes.length === 0) issues.push(fieldIssue('scopes', both('tokens.error.scopes')));
    if (days && !/^[0-9]{1,6}$/.test(days)) issues.push(fieldIssue('expires_days', both('tokens.error.expires')));
    if (issues.length) return list(c, { values: form, issues });
    let issued: { id: string; token: string };
    try {
      issued = await issueToken({
        db: deps.db,
        now: deps.now(),
        operatorId: me.id,
        scopes,
        expiresDays: days ? Number(days) : undefined,
        label: one(form, 'label').trim() || null,
        actor: consoleActor(c),
      });
    } catch (err) {
      // `scopes.0` (a value no checkbox offers) is shown at the scopes' fieldset, the one place it can point to.
      const atField = (i: FieldIssue) => (i.field.startsWith('scopes.') ? { ...i, field: 'scopes' } : i);
      if (err instanceof ShiraseError && err.issues.length)
        return list(c, { values: form, issues: err.issues.map(atField) });
      throw err;
    }
    // Shown here once; the console's no-store header keeps it out of every cache and the history's copy.
    return renderPage(c, {
      title: t(c, 'tokens.created.title'),
      status: 201,
      body: html`<h1>${t(c, 'tokens.created.title')}</h1>
<p class="alert" id="token-once">${t(c, 'tokens.created.once')}</p>
<p><label for="new-token">${t(c, 'tokens.created.value')}</label></p>
<p><input id="new-token" class="secret" type="text" readonly value="${issued.token}" aria-describedby="token-once" autocomplete="off" spellcheck="false"></p>
<p><a href="${c.var.base}${TOKENS_PATH}">${t(c, 'tokens.created.back')}</a></p>`,
    });
  });

  /** The token `id` as the person may act on it: their own, or anyone's for an admin; null otherwise. */
  const findToken = async (c: Context<ConsoleEnv>, id: string): Promise<Token | null> => {
    const me = c.var.operator;
    const own = (await listTokens(deps.db, me.id)).find((tk) => tk.id === id);
    if (own || !allows(me.role, null, 'admin')) return own ?? null;
    for (const o of await listOperators(deps.db)) {
      const found = (await listTokens(deps.db, o.id)).find((tk) => tk.id === id);
      if (found) return found;
    }
    return null;
  };

  app.get(`${TOKENS_PATH}/:id/revoke`, requireRole('read'), async (c) => {
    const token = await findToken(c, c.req.param('id'));
    if (!token) return notFound(c);
    const name = token.label ? `${token.label} (${token.prefix}…)` : `${token.prefix}…`;
    return renderPage(c, {
      title: t(c, 'tokens.confirm.title'),
      body: html`<h1>${t(c, 'tokens.confirm.title')}</h1>
<p>${t(c, 'tokens.confirm.body', { token: name })}</p>
<form method="post" action="${c.var.base}${TOKENS_PATH}/${token.id}/revoke">
${csrfField(c)}
<p><button type="submit">${t(c, 'tokens.confirm.yes')}</button>
<a href="${c.var.base}${TOKENS_PATH}">${t(c, 'tokens.confirm.no')}</a></p>
</form>`,
    });
  });

  app.post(`${TOKENS_PATH}/:id/revoke`, requireRole('read'), async (c) => {
    const me = c.var.operator;
    const admin = allows(me.role, null, 'admin');
    try {
      const revoked = await revokeToken({
        db: deps.db,
        now: deps.now(),
        id: c.req.param('id'),
        ...(admin ? {} : { operatorId: me.id }),
        actor: consoleActor(c),
      });
      return seeOther(c, TOKENS_PATH, t(c, 'tokens.done.revoked', { token: `${revoked.prefix}…` }));
    } catch (err) {
      if (err instanceof NotFoundError) return notFound(c);
      throw err;
    }
  });

  function notFound(c: Context<ConsoleEnv>) {
    return renderPage(c, {
      title: t(c, 'tokens.notFound'),
      status: 404,
      body: html`<h1>${t(c, 'tokens.notFound')}</h1><p><a href="${c.var.base}${TOKENS_PATH}">${t(c, 'tokens.created.back')}</a></p>`,
    });
  }
};

function createForm(c: Context<ConsoleEnv>, values: FormFields, issues: readonly FieldIssue[]) {
  const allowed = ROLE_SCOPES[c.var.operator.role];
  const chosen = values.scopes === undefined ? allowed : [values.scopes].flat();
  const scopeErrors = issues.filter((i) => i.field === 'scopes');
  const described = ['f-scopes-hint', scopeErrors.length ? 'f-scopes-error' : ''].filter(Boolean).join(' ');
  return html`<h2 id="create-token">${t(c, 'tokens.create')}</h2>
<form method="post" action="${c.var.base}${TOKENS_PATH}" aria-labelledby="create-token">
${csrfField(c)}
${field(c, { name: 'label', label: t(c, 'tokens.field.label'), value: one(values, 'label'), hint: t(c, 'tokens.field.labelHint'), issues, attributes: 'maxlength="100"' })}
<fieldset class="field${scopeErrors.length ? ' field-invalid' : ''}" aria-describedby="${described}">
<legend>${t(c, 'tokens.field.scopes')}</legend>
<p class="hint" id="f-scopes-hint">${t(c, 'tokens.field.scopesHint')}</p>
${scopeErrors.length ? html`<p class="error" id="f-scopes-error">${scopeErrors.map((i) => issueText(i, c.var.lang)).join(' ')}</p>` : ''}
${allowed.map(
  (s, i) =>
    html`<div><input type="checkbox" name="scopes" value="${s}" id="${i === 0 ? 'f-scopes' : `f-scopes-${s}`}"${chosen.includes(s) ? html` checked` : ''}> <label for="${i === 0 ? 'f-scopes' : `f-scopes-${s}`}">${t(c, `scope.${s}`)}</label></div>`,
)}
</fieldset>
${field(c, { name: 'expires_days', label: t(c, 'tokens.field.expires'), type: 'text', value: values.expires_days === undefined ? '90' : one(values, 'expires_days'), hint: t(c, 'tokens.field.expiresHint'), issues, attributes: 'inputmode="numeric" pattern="[0-9]*" maxlength="6"' })}
<p><button type="submit">${t(c, 'tokens.create')}</button></p>
</form>`;
}
