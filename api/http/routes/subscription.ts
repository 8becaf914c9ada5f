import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Lang } from '../../core/vocab.ts';
import { type MessageKey, t } from '../../../site/i18n/index.ts';
import {
  type FormFields,
  componentCatalogue,
  componentsExist,
  confirmedSubscriber,
  confirmSubscription,
  formLanguage,
  parseChoices,
  parseEmail,
  plausibleToken,
  saveChoices,
  sitePageUrl,
  subscriptionUrl,
  unsubscribe,
} from '../../notify/subscribe/index.ts';
import { buttonForm, choicesForm, type Html, linkTo, page, paragraph } from '../../notify/subscribe/page.ts';
import { isDatabaseUnavailable } from '../../../db/unavailable.ts';
import { clientAddress, type SocketBindings } from '../client-address.ts';
import type { AppDeps } from '../context.ts';
import { requestLine } from '../log-line.ts';
import { asLog } from '../../server/logger.ts';

/** The site's page CSP (api/server/static.ts) without scripts at all: these pages have none. */
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** A form of a few fields; anything bigger is not one of ours. */
const MAX_FORM_BYTES = 16 * 1024;

const langOf = (value: string | undefined): Lang => (value === 'en' ? 'en' : 'ja');

function html(
  c: Context,
  status: 200 | 404 | 413 | 415 | 422 | 429 | 500 | 503,
  lang: Lang,
  title: string,
  body: Html[],
) {
  return c.html(page(lang, title, body), status);
}

/** A form body as fields (repeated names as arrays); null when it is not a URL-encoded form. */
async function formOf(c: Context): Promise<FormFields | null> {
  const type = c.req.header('Content-Type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return null;
  return (await c.req.parseBody({ all: true })) as FormFields;
}

const field = (fields: FormFields, name: string): string | undefined => {
  const v = fields[name];
  return typeof v === 'string' ? v : undefined;
};

/**
 * The subscriber's door, `/subscription/…` (issue 11): the sign-up form's POST, and the pages the
 * e-mails link to. A GET never changes anything (mail scanners follow links): it shows a button
 * whose POST does. Unsubscribing answers the same whatever the token (bad input 13).
 */
export function subscriptionRoutes(deps: AppDeps) {
  const app = new Hono<{ Bindings: SocketBindings }>();
  // Behind a trusted proxy (TRUSTED_PROXIES) the client it forwarded for, else the socket's peer.
  const clientOf = (c: Context) => clientAddress(c, deps.trustedProxies);
  app.use(async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    // The URLs carry tokens: they must not leave in a Referer.
    c.header('Referrer-Policy', 'no-referrer');
  });
  app.use(
    bodyLimit({
      maxSize: MAX_FORM_BYTES,
      onError: (c) => html(c, 413, 'ja', t('ja', 'sub.error.title'), [paragraph(t('ja', 'sub.error.title'))]),
    }),
  );
  app.use(async (c, next) => {
    if (deps.subscription) return next();
    const lang = langOf(c.req.query('lang'));
    return html(c, 503, lang, t(lang, 'sub.title'), [paragraph(t(lang, 'sub.error.unavailable'))]);
  });

  app.post('/', async (c) => {
    const service = deps.subscription!;
    const fields = await formOf(c);
    if (!fields) return html(c, 415, 'ja', t('ja', 'sub.error.title'), [paragraph(t('ja', 'sub.error.title'))]);
    const lang = formLanguage(fields);
    const email = parseEmail(fields);
    const choices = parseChoices(fields);
    const wrong = [...(email ? [] : ['email' as const]), ...('wrong' in choices ? choices.wrong : [])];
    if (email && 'ok' in choices) {
      const answer = await service.signUp({
        db: deps.db,
        now: deps.now(),
        email,
        choices: choices.ok,
        client: clientOf(c),
      });
      if (answer.outcome === 'busy')
        return html(c, 429, lang, t(lang, 'sub.error.busy.title'), [paragraph(t(lang, 'sub.error.busy.body'))]);
      if (answer.outcome === 'accepted') return c.redirect(sitePageUrl(service.siteUrl, lang, '/subscribe/sent/'), 303);
      wrong.push(...answer.fields);
    }
    return html(c, 422, lang, t(lang, 'sub.error.title'), [
      ...wrong.map((f) => paragraph(t(lang, `sub.error.${f}` as MessageKey))),
      linkTo(lang === 'en' ? '/en/subscribe/' : '/subscribe/', t(lang, 'sub.again')),
    ]);
  });

  /**
   * What a link's GET shows: a page whose button POSTs the token back. It looks nothing up, so it
   * reads the same for any token, and a mail scanner fetching it changes nothing.
   */
  const buttonPage = (step: 'confirm' | 'unsubscribe') => (c: Context) => {
    const lang = langOf(c.req.query('lang'));
    const token = c.req.query('token') ?? '';
    return html(c, 200, lang, t(lang, `sub.${step}.title`), [
      paragraph(t(lang, `sub.${step}.body`)),
      buttonForm(`/subscription/${step}`, { token, lang }, t(lang, `sub.${step}.button`)),
    ]);
  };

  // Token guessing (bad input 14): a client past its allowance of tokens naming no one gets the
  // sign-up's 429 page for any token, so that whether a guess hit does not show.
  const busy = (c: Context, lang: Lang) =>
    html(c, 429, lang, t(lang, 'sub.error.busy.title'), [paragraph(t(lang, 'sub.error.busy.body'))]);
  const missed = (c: Context) => deps.subscription!.tokenMissed(clientOf(c), deps.now());
  for (const step of ['/confirm', '/manage', '/unsubscribe'])
    app.post(step, async (c, next) => {
      if (!deps.subscription!.mayTryToken(clientOf(c), deps.now())) return busy(c, langOf(c.req.query('lang')));
      await next();
    });

  app.get('/confirm', buttonPage('confirm'));
  app.post('/confirm', async (c) => {
    const fields = (await formOf(c)) ?? {};
    const lang = langOf(field(fields, 'lang'));
    const token = field(fields, 'token');
    const row = plausibleToken(token) ? await confirmSubscription(deps.db, deps.now(), token) : null;
    if (!row) {
      missed(c);
      return html(c, 404, lang, t(lang, 'sub.confirm.invalid.title'), [
        paragraph(t(lang, 'sub.confirm.invalid.body')),
        linkTo(lang === 'en' ? '/en/subscribe/' : '/subscribe/', t(lang, 'sub.again')),
      ]);
    }
    const links = deps.subscription!.links(row);
    return html(c, 200, row.language, t(row.language, 'sub.confirmed.title'), [
      paragraph(t(row.language, 'sub.confirmed.body')),
      linkTo(links.manageUrl, t(row.language, 'notify.footer.manage')),
    ]);
  });

  /** The manage page of the subscriber the token names, or the page saying the link does not work. */
  async function managePage(c: Context, token: string | undefined, lang: Lang, saved: boolean) {
    const id = deps.subscription!.subscriberOf(token);
    const row = id ? await confirmedSubscriber(deps.db, id) : null;
    if (!row)
      return html(c, 404, lang, t(lang, 'sub.manage.invalid.title'), [paragraph(t(lang, 'sub.manage.invalid.body'))]);
    const shown = row.language;
    return html(c, 200, shown, t(shown, 'sub.manage.title'), [
      ...(saved ? [paragraph(t(shown, 'sub.manage.saved'))] : []),
      paragraph(t(shown, 'sub.manage.for', { email: row.email })),
      choicesForm(shown, '/subscription/manage', token!, await componentCatalogue(deps.db), row),
      buttonForm('/subscription/unsubscribe', { token: token!, lang: shown }, t(shown, 'sub.manage.unsubscribe')),
    ]);
  }
  app.get('/manage', (c) => managePage(c, c.req.query('token'), langOf(c.req.query('lang')), false));
  app.post('/manage', async (c) => {
    const fields = (await formOf(c)) ?? {};
    const lang = formLanguage(fields);
    const token = field(fields, 'token');
    const choices = parseChoices(fields);
    const id = deps.subscription!.subscriberOf(token);
    if (!id || !token) {
      missed(c);
      return managePage(c, undefined, lang, false);
    }
    if ('wrong' in choices)
      return html(c, 422, lang, t(lang, 'sub.error.title'), [
        ...choices.wrong.map((f) => paragraph(t(lang, `sub.error.${f}` as MessageKey))),
        linkTo(subscriptionUrl(deps.subscription!.siteUrl, 'manage', token, lang), t(lang, 'sub.manage.title')),
      ]);
    if (!(await componentsExist(deps.db, choices.ok.components)))
      return html(c, 422, lang, t(lang, 'sub.error.title'), [paragraph(t(lang, 'sub.error.components'))]);
    const row = await saveChoices(deps.db, id, choices.ok);
    return managePage(c, row ? token : undefined, lang, true);
  });

  app.get('/unsubscribe', buttonPage('unsubscribe'));
  // RFC 8058 §3.2: the one-click POST goes to the List-Unsubscribe URL itself (token and language in
  // its query) with the body `List-Unsubscribe=One-Click`; the page's button sends them as fields.
  app.post('/unsubscribe', async (c) => {
    const fields = (await formOf(c)) ?? {};
    const lang = langOf(field(fields, 'lang') ?? c.req.query('lang'));
    const token = field(fields, 'token') ?? c.req.query('token');
    const id = deps.subscription!.subscriberOf(token);
    if (id) await unsubscribe(deps.db, id);
    else missed(c);
    return html(c, 200, lang, t(lang, 'sub.unsubscribed.title'), [paragraph(t(lang, 'sub.unsubscribed.body'))]);
  });

  // A reload of the form's answer, or a link cut short: back to the form, in the language asked for.
  app.get('/', (c) =>
    c.redirect(sitePageUrl(deps.subscription!.siteUrl, langOf(c.req.query('lang')), '/subscribe/'), 303),
  );
  // Anything else under the door (another path, another method) gets a page, not the API's problem+json.
  app.all('*', (c) => {
    const lang = langOf(c.req.query('lang'));
    return html(c, 404, lang, t(lang, 'sub.manage.invalid.title'), [
      linkTo(lang === 'en' ? '/en/subscribe/' : '/subscribe/', t(lang, 'sub.title')),
    ]);
  });
  app.onError((err, c) => {
    const lang = langOf(c.req.query('lang'));
    if (isDatabaseUnavailable(err)) {
      c.header('Retry-After', '30');
      return html(c, 503, lang, t(lang, 'sub.title'), [paragraph(t(lang, 'sub.error.unavailable'))]);
    }
    asLog(deps.log).error(`${requestLine(c)}: ${err instanceof Error ? err.stack : String(err)}`);
    return html(c, 500, lang, t(lang, 'sub.title'), [paragraph(t(lang, 'sub.error.unavailable'))]);
  });
  return app;
}
