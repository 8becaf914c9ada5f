import { html } from 'hono/html';
import type { AppDeps } from '../../http/context.ts';
import { renderPage } from '../layout.ts';
import type { ConsoleSettings } from '../settings.ts';
import { t } from '../text.ts';
import type { ConsoleApp } from '../types.ts';

/** The signed-in person's own account: password, second factor, sessions, login history. */
export function accountPage(app: ConsoleApp, _deps: AppDeps, _settings: ConsoleSettings) {
  app.get('/account', (c) =>
    renderPage(c, {
      title: t(c, 'console.account'),
      body: html`<h1>${t(c, 'console.account')}</h1><p>${c.var.operator.email}</p>`,
    }),
  );
}
