import type { Context } from 'hono';
import { html, raw } from 'hono/html';
import { fieldIssue, type FieldIssue, ShiraseError } from '../../core/errors.ts';
import type { AppDeps } from '../../http/context.ts';
import { endSession, listLiveSessions } from '../../operators/console-sessions.ts';
import { removeSecondFactor, setSecondFactor } from '../../operators/console-totp.ts';
import { listLogins } from '../../operators/login-history.ts';
import { getOperator, setPassword } from '../../operators/operators.ts';
import { verifyPassword } from '../../operators/password.ts';
import { formatTime, t as siteText } from '../../../site/i18n/index.ts';
import { csrfField, errorSummary, field, one, readForm, seeOther } from '../forms.ts';
import { sessionOf } from '../guard.ts';
import { messages } from '../i18n/account.ts';
import { renderPage } from '../layout.ts';
import type { ConsoleSettings } from '../settings.ts';
import { consoleActor } from '../actor.ts';
import { translator, t as shellText } from '../text.ts';
import { recordAttempt, THROTTLE, throttled } from '../throttle.ts';
import type { ConsoleApp, ConsoleEnv } from '../types.ts';
import { totpStep } from '../totp.ts';
import { scrollRegion } from '../scroll-region.ts';

const t = translator(messages);
const issue = (name: string, key: Parameters<typeof t>[1]) => fieldIssue(name, { ja: t('ja', key), en: t('en', key) });

/** Shown of a user agent in the sessions' table: enough to tell two devices apart. */
const shortAgent = (ua: string | null) => (ua ? (ua.length > 80 ? `${ua.slice(0, 79)}…` : ua) : null);

/** The signed-in person's own account: password, second factor, sessions, login history. */
export function accountPage(app: ConsoleApp, deps: AppDeps, settings: ConsoleSettings) {
  const current = (c: Context<ConsoleEnv>) => sessionOf(c, deps.db, deps.now(), settings);

  async function overview(c: Context<ConsoleEnv>, issues: FieldIssue[] = [], status = 200) {
    const now = deps.now();
    const me = c.var.operator;
    const [operator, sessions, logins, session] = await Promise.all([
      getOperator(deps.db, me.id),
      listLiveSessions(deps.db, me.id, now, settings),
      listLogins(deps.db, { limit: 20, operatorId: me.id }),
      current(c),
    ]);
    const when = (d: Date) => formatTime(c.var.lang, d);
    const unknown = t(c, 'account.unknown');
    return renderPage(c, {
      title: t(c, 'account.title'),
      status,
      body: html`<h1>${t(c, 'account.title')}</h1>
<p>${t(c, 'account.you', { email: me.email, role: shellText(c, `console.role.${me.role}`) })}</p>
<section aria-labelledby="password-title">
<h2 id="password-title">${t(c, 'account.password.title')}</h2>
${errorSummary(c, issues)}
<form method="post" action="${c.var.base}/account/password">
${csrfField(c)}
<input type="text" name="username" value="${me.email}" autocomplete="username" hidden>
${field(c, { name: 'current', label: t(c, 'account.password.current'), type: 'password', required: true, issues, autocomplete: 'current-password' })}
${field(c, { name: 'password', label: t(c, 'account.password.new'), type: 'password', required: true, issues, hint: t(c, 'account.password.newHint'), autocomplete: 'new-password' })}
${field(c, { name: 'confirm', label: t(c, 'account.password.confirm'), type: 'password', required: true, issues, autocomplete: 'new-password' })}
<button type="submit">${t(c, 'account.password.submit')}</button>
</form>
</section>
<section aria-labelledby="totp-title">
<h2 id="totp-title">${t(c, 'account.totp.title')}</h2>
${
  operator.totpSecret
    ? html`<p>${t(c, 'account.totp.on')}</p>
<form method="post" action="${c.var.base}/account/totp/remove">
${csrfField(c)}
${field(c, { name: 'current_for_totp', label: t(c, 'account.totp.removePassword'), type: 'password', required: true, issues, autocomplete: 'current-password' })}
<button type="submit" class="secondary">${t(c, 'account.totp.remove')}</button>
</form>`
    : html`<p>${t(c, 'account.totp.off')}</p><p><a class="button" href="${c.var.base}/account/totp">${t(c, 'account.totp.start')}</a></p>`
}
</section>
<section aria-labelledby="sessions-title">
<h2 id="sessions-title">${t(c, 'account.sessions.title')}</h2>
${scrollRegion({ labelledby: 'sessions-title' })}<table>
<thead><tr><th scope="col">${t(c, 'account.sessions.started')}</th><th scope="col">${t(c, 'account.sessions.lastSeen')}</th><th scope="col">${t(c, 'account.sessions.address')}</th><th scope="col">${t(c, 'account.sessions.device')}</th><th scope="col"><span class="visually-hidden">${t(c, 'account.sessions.end')}</span></th></tr></thead>
<tbody>${sessions.map(
        (s) =>
          html`<tr><td>${when(s.createdAt)}</td><td>${when(s.lastSeenAt)}</td><td>${s.ip ?? unknown}</td><td>${shortAgent(s.userAgent) ?? unknown}</td><td>${
            s.idHash === session?.idHash
              ? t(c, 'account.sessions.current')
              : html`<form method="post" action="${c.var.base}/account/sessions/end">${csrfField(c)}<input type="hidden" name="session" value="${s.idHash}"><button type="submit" class="secondary" aria-label="${t(c, 'account.sessions.endLabel', { started: when(s.createdAt) })}">${t(c, 'account.sessions.end')}</button></form>`
          }</td></tr>`,
      )}</tbody>
</table></div>
</section>
<section aria-labelledby="history-title">
<h2 id="history-title">${t(c, 'account.history.title')}</h2>
${
  logins.length === 0
    ? html`<p>${t(c, 'account.history.none')}</p>`
    : html`${scrollRegion({ labelledby: 'history-title' })}<table>
<thead><tr><th scope="col">${t(c, 'account.history.at')}</th><th scope="col">${t(c, 'account.history.outcome')}</th><th scope="col">${t(c, 'account.sessions.address')}</th><th scope="col">${t(c, 'account.sessions.device')}</th></tr></thead>
<tbody>${logins.map(
        (l) =>
          html`<tr><td>${when(l.at)}</td><td>${t(c, `outcome.${l.outcome}`)}</td><td>${l.ip ?? unknown}</td><td>${[l.browser, l.os, l.device].filter(Boolean).join(' / ') || unknown}</td></tr>`,
      )}</tbody>
</table></div>`
}
</section>`,
    });
  }

  async function totpSetup(c: Context<ConsoleEnv>, secret: string, issues: FieldIssue[] = [], status = 200) {
    const { TOTP } = await import('otpauth');
    const { toString: qr } = await import('qrcode');
    const uri = new TOTP({
      issuer: siteText(c.var.lang, 'site.name'),
      label: c.var.operator.email,
      secret,
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    }).toString();
    const svg = await qr(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
    return renderPage(c, {
      title: t(c, 'account.totp.setupTitle'),
      status,
      body: html`<h1>${t(c, 'account.totp.setupTitle')}</h1>
${errorSummary(c, issues)}
<p>${t(c, 'account.totp.scan')}</p>
<div class="qr" role="img" aria-label="${t(c, 'account.totp.qr')}">${raw(svg)}</div>
<p>${t(c, 'account.totp.secret')}: <code class="secret">${secret.replace(/(.{4})/g, '$1 ').trim()}</code></p>
<form method="post" action="${c.var.base}/account/totp">
${csrfField(c)}
<input type="hidden" name="secret" value="${secret}">
${field(c, { name: 'code', label: t(c, 'account.totp.code'), required: true, issues, autocomplete: 'one-time-code', attributes: 'inputmode="numeric" pattern="[0-9]{6}" maxlength="6"' })}
<button type="submit">${t(c, 'account.totp.confirm')}</button>
</form>`,
    });
  }

  /**
   * Checks the current password typed on this page. A wrong one counts as a failed sign-in (the
   * login history shows it, and the sign-in throttle counts it): a stolen session cannot be used to
   * guess the password here without limit. Past the limit, no check is made.
   */
  async function currentPasswordIssue(c: Context<ConsoleEnv>, name: string, typed: string) {
    const now = deps.now();
    const me = await getOperator(deps.db, c.var.operator.id);
    if (await throttled(deps.db, now, me.email, c.var.ip))
      return {
        issue: fieldIssue(name, {
          ja: shellText('ja', 'login.throttled', { minutes: THROTTLE.windowMinutes }),
          en: shellText('en', 'login.throttled', { minutes: THROTTLE.windowMinutes }),
        }),
        status: 429,
      };
    if (await verifyPassword(me.passwordHash ?? '', typed)) return null;
    await recordAttempt(c, deps.db, { now, email: me.email, outcome: 'wrong_password', operatorId: me.id });
    return { issue: issue(name, 'account.password.wrong'), status: 422 };
  }

  app.get('/account', (c) => overview(c));

  app.post('/account/password', async (c) => {
    const form = await readForm(c);
    const wrong = await currentPasswordIssue(c, 'current', one(form, 'current'));
    const issues: FieldIssue[] = wrong ? [wrong.issue] : [];
    if (one(form, 'password') !== one(form, 'confirm')) issues.push(issue('confirm', 'account.password.mismatch'));
    if (issues.length === 0) {
      const session = await current(c);
      try {
        await setPassword({
          db: deps.db,
          now: deps.now(),
          id: c.var.operator.id,
          password: one(form, 'password'),
          actor: consoleActor(c),
          ...(session && { keepSessionIdHash: session.idHash }),
        });
        return seeOther(c, '/account', t(c, 'account.password.done'));
      } catch (err) {
        if (!(err instanceof ShiraseError)) throw err;
        issues.push(...err.issues);
      }
    }
    return overview(c, issues, wrong?.status ?? 422);
  });

  app.get('/account/totp', async (c) => {
    const me = await getOperator(deps.db, c.var.operator.id);
    if (me.totpSecret) return seeOther(c, '/account', t(c, 'account.totp.already'));
    const { Secret } = await import('otpauth');
    return totpSetup(c, new Secret({ size: 20 }).base32);
  });

  app.post('/account/totp', async (c) => {
    const form = await readForm(c);
    const secret = one(form, 'secret');
    // Only a secret of ours comes back in this field; anything else is not one.
    if (!/^[A-Z2-7]{32}$/.test(secret)) return seeOther(c, '/account/totp');
    const now = deps.now();
    const step = await totpStep(secret, one(form, 'code').trim(), now);
    if (step === null) return totpSetup(c, secret, [issue('code', 'account.totp.wrong')], 422);
    const set = await setSecondFactor(deps.db, {
      now,
      operatorId: c.var.operator.id,
      secret,
      step,
      actor: consoleActor(c),
    });
    return seeOther(c, '/account', t(c, set ? 'account.totp.done' : 'account.totp.already'));
  });

  app.post('/account/totp/remove', async (c) => {
    const form = await readForm(c);
    const wrong = await currentPasswordIssue(c, 'current_for_totp', one(form, 'current_for_totp'));
    if (wrong) return overview(c, [wrong.issue], wrong.status);
    await removeSecondFactor(deps.db, { now: deps.now(), operatorId: c.var.operator.id, actor: consoleActor(c) });
    return seeOther(c, '/account', t(c, 'account.totp.removed'));
  });

  app.post('/account/sessions/end', async (c) => {
    const form = await readForm(c);
    // Only one's own: another person's session id (or a made-up one) ends nothing.
    await endSession(deps.db, deps.now(), one(form, 'session'), c.var.operator.id);
    return seeOther(c, '/account', t(c, 'account.sessions.ended'));
  });
}
