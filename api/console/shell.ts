import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isDatabaseUnavailable } from '../../db/unavailable.ts';
import { clientAddress } from '../http/client-address.ts';
import type { AppDeps } from '../http/context.ts';
import { requestLine } from '../http/log-line.ts';
import { asLog } from '../server/logger.ts';
import { allows, type Scope } from '../operators/vocab.ts';
import { serveCss } from './assets.ts';
import { checkSessionForm, csrfRefused, sessionOf } from './guard.ts';
import { messagePage } from './layout.ts';
import { loginRoutes } from './login.ts';
import { accountPage } from './pages/account.ts';
import { pageModules } from './pages/index.ts';
import { newNonce, setConsoleHeaders } from './security.ts';
import { type ConsoleSettings, consoleSettingsFrom } from './settings.ts';
import { t } from './text.ts';
import type { ConsoleApp, ConsoleEnv } from './types.ts';

export { consoleActor } from './actor.ts';
export { cssHref } from './assets.ts';
export {
  CSRF_FIELD,
  csrfField,
  errorSummary,
  field,
  type FormFields,
  type Markup,
  one,
  readForm,
  seeOther,
} from './forms.ts';
export { messagePage, renderPage } from './layout.ts';
export { t, translator } from './text.ts';

/** A form of a few fields; anything bigger is not one of ours (bad input: oversized bodies). */
const MAX_FORM_BYTES = 64 * 1024;

/** Paths under the base that answer without a session: the sign-in page (its own form check) and the stylesheet. */
const OPEN_PATHS = new Set(['/login', '/assets/console.css']);
/** Paths a session still awaiting its second factor may use: the code page, and giving up. */
const PENDING_PATHS = new Set(['/login/code', '/logout']);

const baseOf = (path: string) => (path === '/en/admin' || path.startsWith('/en/admin/') ? '/en/admin' : '/admin');

/** Lets the request through only when the person's role holds `scope`; otherwise a 403 page (the POST never runs). */
export const requireRole =
  (scope: Scope): MiddlewareHandler<ConsoleEnv> =>
  async (c, next) => {
    if (!allows(c.var.operator.role, null, scope))
      return messagePage(c, 403, t(c, 'console.forbidden.title'), t(c, 'console.forbidden.body'));
    return next();
  };

/**
 * The admin console, at `/admin` (Japanese) and `/en/admin` (English): the sign-in pages, the
 * person's account page, and every area of api/console/pages/index.ts. Before any page handler:
 * the security headers, the body limit, the session (no session: to the sign-in page, keeping the
 * wanted path), and on a POST the CSRF check. Mounted, lazily, by api/http/app.ts.
 */
export function consoleRoutes(
  deps: AppDeps,
  settings: ConsoleSettings = deps.console ?? consoleSettingsFrom({}),
): Hono {
  const app: ConsoleApp = new Hono<ConsoleEnv>();
  app.use(async (c, next) => {
    const base = baseOf(c.req.path);
    c.set('base', base);
    c.set('lang', base === '/en/admin' ? 'en' : 'ja');
    c.set('nonce', newNonce());
    c.set('ip', clientAddress(c, deps.trustedProxies));
    c.set('userAgent', c.req.header('User-Agent') ?? null);
    await next();
    if (c.req.path !== `${base}/assets/console.css`) setConsoleHeaders(c);
  });
  app.use(
    bodyLimit({
      maxSize: MAX_FORM_BYTES,
      onError: (c) => {
        const cc = c as Context<ConsoleEnv>;
        return messagePage(cc, 413, t(cc, 'console.tooLarge.title'), t(cc, 'console.tooLarge.body'));
      },
    }),
  );
  app.on(['GET', 'HEAD'], '/assets/console.css', serveCss);
  app.use(async (c, next) => {
    const rest = c.req.path.slice(c.var.base.length);
    const reading = c.req.method === 'GET' || c.req.method === 'HEAD';
    if (OPEN_PATHS.has(rest)) return next();
    const session = await sessionOf(c, deps.db, deps.now(), settings);
    if (!session || (session.secondFactorPending && !PENDING_PATHS.has(rest))) {
      if (!reading) return csrfRefused(c);
      const wanted = new URL(c.req.url);
      const path = rest === '' ? `${c.var.base}/` : wanted.pathname;
      return c.redirect(`${c.var.base}/login?next=${encodeURIComponent(path + wanted.search)}`, 303);
    }
    // `/admin` alone: the dashboard lives at `/admin/`, so relative links and the menu agree.
    if (rest === '' && reading) return c.redirect(`${c.var.base}/`, 308);
    // A session awaiting its second factor signs no one in: no name in the header, no menu.
    if (!session.secondFactorPending) {
      const { id, email, name, role } = session.operator;
      c.set('operator', { id, email, name, role });
    }
    c.set('csrfToken', session.csrfToken);
    return checkSessionForm(c, next, deps.settings.siteUrl, session);
  });
  loginRoutes(app, deps, settings);
  accountPage(app, deps, settings);
  for (const register of pageModules) register(app, deps);

  const root = new Hono();
  root.route('/admin', app);
  root.route('/en/admin', app);
  root.notFound((c) => {
    const cc = c as unknown as Context<ConsoleEnv>;
    return messagePage(cc, 404, t(cc, 'console.notFound.title'), t(cc, 'console.notFound.body'));
  });
  root.onError((err, c) => {
    const cc = c as unknown as Context<ConsoleEnv>;
    if (!cc.get('base')) {
      cc.set('base', baseOf(c.req.path));
      cc.set('lang', baseOf(c.req.path) === '/en/admin' ? 'en' : 'ja');
      cc.set('nonce', newNonce());
    }
    setConsoleHeaders(cc);
    if (isDatabaseUnavailable(err)) {
      asLog(deps.log).error(`${requestLine(c)}: the database cannot be reached`);
      c.header('Retry-After', '30');
      return messagePage(cc, 503, t(cc, 'console.error.title'), t(cc, 'console.unavailable.body'));
    }
    asLog(deps.log).error(`${requestLine(c)}: ${err instanceof Error ? err.stack : String(err)}`);
    return messagePage(cc, 500, t(cc, 'console.error.title'), t(cc, 'console.error.body'));
  });
  return root;
}
