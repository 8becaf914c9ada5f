import type { Context } from 'hono';
import { html } from 'hono/html';
import type { AppDeps } from '../http/context.ts';
import { claimTotpStep, endSession, startSession } from '../operators/console-sessions.ts';
import { findOperatorByEmail } from '../operators/operators.ts';
import { verifyPassword } from '../operators/password.ts';
import { type LoginOutcome, MAX_EMAIL_LENGTH } from '../operators/vocab.ts';
import { CSRF_FIELD, field, one, readForm, repeatedScalar, seeOther } from './forms.ts';
import {
  clearSessionCookie,
  csrfRefused,
  repeatedRefused,
  loginFormToken,
  loginFormValid,
  sessionOf,
  setSessionCookie,
} from './guard.ts';
import { renderPage } from './layout.ts';
import { safeNext } from './security.ts';
import type { ConsoleSettings } from './settings.ts';
import { t } from './text.ts';
import { recordAttempt, THROTTLE, throttled } from './throttle.ts';
import { totpStep } from './totp.ts';
import type { ConsoleApp, ConsoleEnv } from './types.ts';

/**
 * Checked when the email names no account (or one without a password), so that such an attempt
 * costs the same argon2id work as a wrong password and its timing tells nothing. Its password is
 * not known to anyone.
 */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$Nb0y/L6Y9zZc0W7/kr26lQ$gxYlK99fVpnrh5xH2BMVyyaR197VUwU63OmnGvV+gHI';

type Failure = { status: 401 | 429; throttled: boolean };

/** Why the form is back: the one message every failure gets, and, when throttled, when to try again. */
function failureAlert(c: Context<ConsoleEnv>, message: 'login.failed' | 'login.code.failed', failure?: Failure) {
  if (!failure) return '';
  const wait = failure.throttled ? html`<p>${t(c, 'login.throttled', { minutes: THROTTLE.windowMinutes })}</p>` : '';
  return html`<div class="alert" role="alert"><p>${t(c, message)}</p>${wait}</div>`;
}

/** The path of a sign-in step, carrying where the person is going. */
const stepPath = (c: Context<ConsoleEnv>, step: string, next: string | null) =>
  `${c.var.base}${step}${next ? `?next=${encodeURIComponent(next)}` : ''}`;

function loginForm(c: Context<ConsoleEnv>, token: string, next: string | null, email: string, failure?: Failure) {
  const action = stepPath(c, '/login', next);
  return renderPage(c, {
    title: t(c, 'login.title'),
    status: failure?.status ?? 200,
    body: html`<h1>${t(c, 'login.title')}</h1>
${failureAlert(c, 'login.failed', failure)}
<form method="post" action="${action}">
<input type="hidden" name="${CSRF_FIELD}" value="${token}">
${field(c, { name: 'email', label: t(c, 'login.email'), type: 'email', value: email, required: true, autocomplete: 'username' })}
${field(c, { name: 'password', label: t(c, 'login.password'), type: 'password', required: true, autocomplete: 'current-password' })}
<button type="submit">${t(c, 'login.submit')}</button>
</form>`,
  });
}

function codeForm(c: Context<ConsoleEnv>, csrfToken: string, next: string | null, failure?: Failure) {
  const action = stepPath(c, '/login/code', next);
  return renderPage(c, {
    title: t(c, 'login.code.title'),
    status: failure?.status ?? 200,
    body: html`<h1>${t(c, 'login.code.title')}</h1>
${failureAlert(c, 'login.code.failed', failure)}
<form method="post" action="${action}">
<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken}">
${field(c, {
  name: 'code',
  label: t(c, 'login.code.label'),
  hint: t(c, 'login.code.hint'),
  required: true,
  autocomplete: 'one-time-code',
  attributes: 'inputmode="numeric" pattern="[0-9]{6}" maxlength="6"',
})}
<button type="submit">${t(c, 'login.code.submit')}</button>
</form>
<form method="post" action="${c.var.base}/logout">
<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken}">
<button type="submit" class="secondary">${t(c, 'login.code.cancel')}</button>
</form>`,
  });
}

/** Sign-in, its second step, and sign-out. Every attempt goes to login_history; every failure reads the same. */
export function loginRoutes(app: ConsoleApp, deps: AppDeps, settings: ConsoleSettings) {
  const nextOf = (c: Context<ConsoleEnv>) => safeNext(c.req.query('next'), c.var.base);
  const attempt = (c: Context<ConsoleEnv>, now: Date, email: string, outcome: LoginOutcome, operatorId?: string) =>
    recordAttempt(c, deps.db, { now, email, outcome, operatorId });
  /** A new session (never the one a cookie offered), the old one ended, then on to where the person was going. */
  const signIn = async (c: Context<ConsoleEnv>, now: Date, operatorId: string, pending: boolean) => {
    const previous = await sessionOf(c, deps.db, now, settings);
    if (previous) await endSession(deps.db, now, previous.idHash);
    const session = await startSession(deps.db, {
      now,
      operatorId,
      secondFactorPending: pending,
      ip: c.var.ip,
      userAgent: c.var.userAgent,
      limits: settings,
    });
    setSessionCookie(c, session.id);
    const next = nextOf(c);
    if (pending) return c.redirect(stepPath(c, '/login/code', next), 303);
    return c.redirect(next ?? `${c.var.base}/`, 303);
  };

  // Shown even to someone signed in: signing in again (as another person, too) replaces that session.
  app.get('/login', (c) => loginForm(c, loginFormToken(c, settings.formSecret), nextOf(c), ''));

  app.post('/login', async (c) => {
    if (!(await loginFormValid(c, settings.formSecret, deps.settings.siteUrl))) return csrfRefused(c);
    const form = await readForm(c);
    if (repeatedScalar(form) !== null) return repeatedRefused(c);
    const email = one(form, 'email').trim().slice(0, MAX_EMAIL_LENGTH);
    const password = one(form, 'password').slice(0, 1024);
    const now = deps.now();
    const token = loginFormToken(c, settings.formSecret);
    if (await throttled(deps.db, now, email, c.var.ip)) {
      await attempt(c, now, email, 'throttled');
      return loginForm(c, token, nextOf(c), email, { status: 429, throttled: true });
    }
    const operator = email ? await findOperatorByEmail(deps.db, email) : null;
    // Always one argon2id check, whether or not the account exists or has a password.
    const right = await verifyPassword(operator?.passwordHash ?? DUMMY_HASH, password);
    const outcome: LoginOutcome = !operator
      ? 'unknown_account'
      : !operator.passwordHash
        ? 'no_password'
        : !right
          ? 'wrong_password'
          : operator.disabledAt
            ? 'disabled'
            : operator.totpSecret
              ? 'second_factor_required'
              : 'ok';
    await attempt(c, now, email, outcome, operator?.id);
    if (outcome !== 'ok' && outcome !== 'second_factor_required')
      return loginForm(c, token, nextOf(c), email, { status: 401, throttled: false });
    return signIn(c, now, operator!.id, outcome === 'second_factor_required');
  });

  app.get('/login/code', async (c) => {
    const session = await sessionOf(c, deps.db, deps.now(), settings);
    if (!session?.secondFactorPending) return c.redirect(`${c.var.base}/login`, 303);
    return codeForm(c, session.csrfToken, nextOf(c));
  });

  app.post('/login/code', async (c) => {
    const now = deps.now();
    const session = await sessionOf(c, deps.db, now, settings);
    // The shell has checked the form token against this session's.
    if (!session?.secondFactorPending) return c.redirect(`${c.var.base}/login`, 303);
    const { operator } = session;
    if (await throttled(deps.db, now, operator.email, c.var.ip)) {
      await attempt(c, now, operator.email, 'throttled', operator.id);
      await endSession(deps.db, now, session.idHash);
      clearSessionCookie(c);
      return codeForm(c, session.csrfToken, nextOf(c), { status: 429, throttled: true });
    }
    const step = operator.totpSecret
      ? await totpStep(operator.totpSecret, one(await readForm(c), 'code').trim(), now)
      : null;
    if (step === null || !(await claimTotpStep(deps.db, operator.id, step))) {
      await attempt(c, now, operator.email, 'wrong_second_factor', operator.id);
      return codeForm(c, session.csrfToken, nextOf(c), { status: 401, throttled: false });
    }
    await attempt(c, now, operator.email, 'ok', operator.id);
    return signIn(c, now, operator.id, false);
  });

  app.post('/logout', async (c) => {
    const now = deps.now();
    const session = await sessionOf(c, deps.db, now, settings);
    if (session) await endSession(deps.db, now, session.idHash);
    clearSessionCookie(c);
    return seeOther(c, '/login', t(c, 'login.signedOut'));
  });
}
