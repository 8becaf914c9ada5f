import type { Db } from '../../db/client.ts';
import { createOperator } from '../../api/operators/operators.ts';
import type { OperatorRole } from '../../api/operators/vocab.ts';

/** What `app.request()` is, on the production app (tests/support/api.ts's `app`). */
export interface RequestApp {
  request: (path: string, init?: RequestInit, env?: unknown) => Response | Promise<Response>;
}

/** A browser's cookies for one test: sent on each request, updated from each answer's Set-Cookie. */
export class CookieJar {
  readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  take(res: Response): Response {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, pair!.slice(eq + 1).trim());
    }
    return res;
  }
}

export interface SignedIn {
  jar: CookieJar;
  /** The session's form token, for `_csrf`. */
  csrf: string;
  operatorId: string;
  email: string;
  password: string;
}

/** The client address a request comes from, as @hono/node-server hands it to the app. */
export const fromAddress = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });

/** GET with the jar's cookies (and its answer's cookies kept). */
export async function getPage(app: RequestApp, path: string, jar: CookieJar, env?: unknown): Promise<Response> {
  return jar.take(await app.request(path, { headers: { Cookie: jar.header() } }, env));
}

/** A form POST as a browser sends it: URL-encoded, with the jar's cookies; repeated names from arrays. */
export async function postForm(
  app: RequestApp,
  path: string,
  fields: Record<string, string | string[]>,
  jar: CookieJar,
  options: { headers?: Record<string, string>; env?: unknown } = {},
): Promise<Response> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  const res = await app.request(
    path,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: jar.header(), ...options.headers },
      body: body.toString(),
    },
    options.env,
  );
  return jar.take(res);
}

/** The value of a hidden `_csrf` field in a page. */
export function csrfIn(page: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!m) throw new Error('the page has no _csrf field');
  return m[1]!;
}

/** Signs in through the real sign-in form; returns the jar and the session's form token. */
export async function signIn(
  app: RequestApp,
  credentials: { email: string; password: string },
  options: { base?: '/admin' | '/en/admin'; jar?: CookieJar; env?: unknown } = {},
): Promise<{ jar: CookieJar; csrf: string; res: Response }> {
  const base = options.base ?? '/admin';
  const jar = options.jar ?? new CookieJar();
  const form = await getPage(app, `${base}/login`, jar, options.env);
  const res = await postForm(app, `${base}/login`, { _csrf: csrfIn(await form.text()), ...credentials }, jar, {
    env: options.env,
  });
  if (res.status !== 303 || res.headers.get('Location') !== `${base}/`) return { jar, csrf: '', res };
  const home = await getPage(app, `${base}/account`, jar, options.env);
  return { jar, csrf: csrfIn(await home.text()), res };
}

let counter = 0;

/**
 * A new operator of `role` (created by the core command, as the CLI does), signed in to the
 * console through its sign-in form: a cookie jar and the CSRF token for `app.request()` tests.
 */
export async function createSignedIn(
  target: { app: RequestApp; db: Db; now?: Date },
  options: { role: OperatorRole; email?: string; password?: string; name?: string },
): Promise<SignedIn> {
  const email = options.email ?? `person${++counter}-${Math.random().toString(36).slice(2, 8)}@example.jp`;
  const password = options.password ?? 'correct horse battery 9';
  const { id } = await createOperator({
    db: target.db,
    now: target.now ?? new Date('2026-11-28T10:00:00+09:00'),
    input: { email, role: options.role, password, ...(options.name && { name: options.name }) },
    actor: { operatorId: null, email: 'cli:test', via: 'cli', ip: null },
  });
  const { jar, csrf, res } = await signIn(target.app, { email, password });
  if (!csrf) throw new Error(`signing in as ${email} answered ${res.status} ${res.headers.get('Location') ?? ''}`);
  return { jar, csrf, operatorId: id, email, password };
}
