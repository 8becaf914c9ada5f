import type { Hono } from 'hono';
import type { AppDeps } from '../http/context.ts';
import type { Lang } from '../core/vocab.ts';
import type { OperatorRole, Scope } from '../operators/vocab.ts';

/** The person signed in to the console, as the session middleware found them on this request. */
export interface SignedInOperator {
  id: string;
  email: string;
  name: string | null;
  role: OperatorRole;
}

/**
 * What every console handler can read from `c.var` (api/console/shell.ts sets it before any page):
 * `lang` from the mount (`/admin` → ja, `/en/admin` → en), `base` that mount (links and redirects
 * are built from it, never from the request's Host), `nonce` this answer's CSP nonce, `operator`
 * the person signed in (absent only on the login pages), `csrfToken` their session's form token,
 * `ip` the client's address (behind a configured trusted proxy only).
 */
export type ConsoleEnv = {
  Variables: {
    lang: Lang;
    base: '/admin' | '/en/admin';
    nonce: string;
    operator: SignedInOperator;
    csrfToken: string;
    ip: string | null;
    userAgent: string | null;
  };
};

export type ConsoleApp = Hono<ConsoleEnv>;

/** A console area (incidents, maintenance, notifications, operators…): registers its pages on the console's router. */
export type PageModule = (app: ConsoleApp, deps: AppDeps) => void;

/**
 * An entry of the console's navigation (api/console/pages/index.ts `nav`): `path` under the base
 * (`/incidents`), its label in each language, and the scope a person needs to see it.
 */
export interface NavEntry {
  path: string;
  label: Record<Lang, string>;
  scope: Scope;
}
