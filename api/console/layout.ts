import type { Context } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { html, raw } from 'hono/html';
import { t as siteText } from '../../site/i18n/index.ts';
import { allows } from '../operators/vocab.ts';
import { cssHref } from './assets.ts';
import { FLASH_COOKIE, type Markup } from './forms.ts';
import { nav } from './pages/index.ts';
import { t } from './text.ts';
import type { ConsoleEnv, SignedInOperator } from './types.ts';

export interface PageSpec {
  title: string;
  body: Markup;
  status?: number;
}

const OTHER_BASE = { '/admin': '/en/admin', '/en/admin': '/admin' } as const;

/** The one-time confirmation seeOther left, read once. */
function takeFlash(c: Context<ConsoleEnv>): string | null {
  const value = getCookie(c, FLASH_COOKIE);
  if (value === undefined) return null;
  deleteCookie(c, FLASH_COOKIE, { path: '/', secure: true });
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/** The same page in the other language: the other mount, the same path and query. */
function otherLanguageHref(c: Context<ConsoleEnv>): string {
  const url = new URL(c.req.url);
  const rest = url.pathname.slice(c.var.base.length);
  return `${OTHER_BASE[c.var.base]}${rest}${url.search}`;
}

function menu(c: Context<ConsoleEnv>, who: SignedInOperator) {
  const here = c.req.path.slice(c.var.base.length) || '/';
  const entries = nav.filter((e) => allows(who.role, null, e.scope));
  if (entries.length === 0) return '';
  return html`<nav class="menu" aria-label="${t(c, 'console.nav')}"><ul>${entries.map(
    (e) =>
      html`<li><a href="${c.var.base}${e.path}"${here === e.path || (e.path !== '/' && here.startsWith(`${e.path}/`)) ? raw(' aria-current="page"') : ''}>${e.label[c.var.lang]}</a></li>`,
  )}</ul></nav>`;
}

function header(c: Context<ConsoleEnv>, who: SignedInOperator | undefined) {
  const site = t(c, 'console.name', { site: siteText(c.var.lang, 'site.name') });
  const otherLang = c.var.lang === 'ja' ? 'en' : 'ja';
  return html`<header class="top">
<a class="site" href="${c.var.base}/">${site}</a>
<div class="tools">
${
  who
    ? html`<span class="who">${t(c, 'console.signedInAs', { who: who.name ?? who.email, role: t(c, `console.role.${who.role}`) })}</span>
<a href="${c.var.base}/account">${t(c, 'console.account')}</a>`
    : ''
}
<a href="${otherLanguageHref(c)}" lang="${otherLang}" hreflang="${otherLang}">${t(c, 'console.otherLanguage')}</a>
${who ? html`<form method="post" action="${c.var.base}/logout"><input type="hidden" name="_csrf" value="${c.var.csrfToken}"><button type="submit" class="secondary">${t(c, 'console.signOut')}</button></form>` : ''}
</div>
</header>`;
}

/**
 * A whole console page: the layout (skip link, header with the site and the person, the menu, the
 * language switch, sign-out) around `body`, whose first heading is `title`'s `<h1>`, which the page
 * itself writes. A one-time confirmation (seeOther's `done`) is shown above the body.
 */
export function renderPage(c: Context<ConsoleEnv>, spec: PageSpec) {
  const who = c.get('operator') as SignedInOperator | undefined;
  const done = takeFlash(c);
  const page = html`<!doctype html>
<html lang="${c.var.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${spec.title} | ${t(c, 'console.name', { site: siteText(c.var.lang, 'site.name') })}</title>
<link rel="stylesheet" href="${cssHref}">
</head>
<body>
<a class="skip" href="#main">${t(c, 'console.skip')}</a>
${header(c, who)}
${who ? menu(c, who) : ''}
<main id="main" tabindex="-1">
${done ? html`<p class="notice" role="status">${done}</p>` : ''}
${spec.body}
</main>
</body>
</html>`;
  return c.html(page, (spec.status ?? 200) as 200);
}

/** A page with a heading and one paragraph: errors, refusals. */
export function messagePage(c: Context<ConsoleEnv>, status: number, title: string, text: string) {
  return renderPage(c, { title, status, body: html`<h1>${title}</h1><p>${text}</p>` });
}
