import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { Db } from '../../db/client.ts';
import { say } from '../core/messages/say.ts';
import { ADMIN_TOKEN_ACTOR, type Actor } from '../operators/actor.ts';
import { recordLogin } from '../operators/login-history.ts';
import { anyAdminExists, anyOperatorExists } from '../operators/operators.ts';
import { authenticateToken } from '../operators/tokens.ts';
import { allows, type LoginOutcome, type Scope, SCOPES } from '../operators/vocab.ts';
import { asLog } from '../server/logger.ts';
import { type AuthThrottle, createAuthThrottle } from './auth-throttle.ts';
import { clientAddress } from './client-address.ts';
import type { ApiActor, AppDeps, Env } from './context.ts';
import { problem } from './problem.ts';

/** Said once at start (api/server/backend.ts) and at the first refusal. */
export const ADMIN_TOKEN_REFUSED_LOG = 'ADMIN_TOKEN is refused: an admin account exists; use an operator token';

/**
 * Marks a GET the app makes to itself (api/http/audit-writes.ts) with the actor already let in. A
 * symbol in the request's env: nothing from the network can carry one.
 */
export const INTERNAL_READ = Symbol('shirase.internalRead');

/** The line the server logs at start when ADMIN_TOKEN is set but can no longer be used; null otherwise. */
export async function adminTokenNotice(db: Db, adminToken: string | undefined): Promise<string | null> {
  return adminToken && (await anyAdminExists(db)) ? ADMIN_TOKEN_REFUSED_LOG : null;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

interface AuthState {
  throttle: AuthThrottle;
  adminTokenDigest: Buffer | null;
  /** An admin has been seen: the bootstrap token never comes back, so no more queries for it. */
  adminExists: boolean;
  refusalLogged: boolean;
}

/** One per app: every route file's middleware shares the throttle and what is known of the admins. */
const states = new WeakMap<AppDeps, AuthState>();
const stateOf = (deps: AppDeps): AuthState => {
  let state = states.get(deps);
  if (!state) {
    state = {
      throttle: createAuthThrottle(),
      adminTokenDigest: deps.adminToken ? digest(deps.adminToken) : null,
      adminExists: false,
      refusalLogged: false,
    };
    states.set(deps, state);
  }
  return state;
};

/** The token of `Authorization: Bearer <token>`; null when absent, empty or malformed. */
function bearerOf(c: Context): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(c.req.header('Authorization') ?? '');
  return match ? match[1]! : null;
}

const unauthorized = (c: Context) =>
  problem(c, 401, say('http.badToken'), { headers: { 'WWW-Authenticate': 'Bearer realm="shirase"' } });

/** The actor of this request for core commands and their audit rows. */
export function actorOf(c: Context<Env>, deps: AppDeps): Actor {
  const a = c.var.actor;
  return { operatorId: a.operatorId, email: a.email, via: 'api', ip: clientAddress(c, deps.trustedProxies) };
}

/**
 * Lets a request through when its bearer token may do what `scope` names: an operator's token
 * (authenticateToken) whose role and scopes allow it, or `ADMIN_TOKEN` while no admin account exists
 * (checked on each request until one is seen: the CLI may create the first admin from another
 * process). Every failing token gets the same 401, and is recorded in the login history with why;
 * past FAILURES_ALLOWED failures from one address in the window, that address gets 429 without its
 * token being looked at, and one `throttled` row per window. A token that may not do it: 403 naming
 * the scope. Sets `c.var.actor`.
 */
export function requireScope(deps: AppDeps, scope: Scope): MiddlewareHandler<Env> {
  const proceed = async (c: Context<Env>, actor: ApiActor, next: () => Promise<void>) => {
    c.set('actor', actor);
    await c.var.authenticated?.(actor);
    await next();
  };
  return async (c, next) => {
    // The write audit reading a record through its route, on behalf of a request already let in.
    const internal = (c.env as { [INTERNAL_READ]?: ApiActor } | undefined)?.[INTERNAL_READ];
    if (internal && c.req.method === 'GET') return proceed(c, internal, next);
    const state = stateOf(deps);
    const ip = clientAddress(c, deps.trustedProxies);
    const key = ip ?? 'no address';
    const attempt = (outcome: LoginOutcome, email = '', operatorId: string | null = null) =>
      recordLogin(deps.db, {
        at: deps.now(),
        email,
        operatorId,
        ip,
        userAgent: c.req.header('User-Agent') ?? null,
        via: 'api',
        outcome,
      }).catch((err: unknown) => asLog(deps.log).error(`could not record a failed API authentication: ${String(err)}`));

    const wait = await state.throttle.blockedFor(key);
    if (wait !== null) {
      if (await state.throttle.firstRefusal(key)) await attempt('throttled');
      return problem(c, 429, say('http.tooManyFailures', { seconds: wait }), {
        headers: { 'Retry-After': String(wait) },
      });
    }
    const token = bearerOf(c);
    if (token !== null && state.adminTokenDigest && timingSafeEqual(digest(token), state.adminTokenDigest)) {
      if (!state.adminExists) state.adminExists = await anyAdminExists(deps.db);
      if (state.adminExists) {
        if (!state.refusalLogged) asLog(deps.log).warn(ADMIN_TOKEN_REFUSED_LOG);
        state.refusalLogged = true;
        return problem(c, 401, say('http.adminTokenRefused'), {
          headers: { 'WWW-Authenticate': 'Bearer realm="shirase"' },
        });
      }
      return proceed(c, ADMIN_TOKEN_API_ACTOR, next);
    }
    const check = token === null ? null : await authenticateToken({ db: deps.db, now: deps.now(), token });
    if (check === null || 'failure' in check) {
      if (check) {
        await state.throttle.failed(key);
        await attempt(check.failure, check.operator?.email, check.operator?.id);
      }
      // Nothing can sign in yet: say how to make something that can, rather than "wrong token".
      if (!state.adminTokenDigest && !(await anyOperatorExists(deps.db)))
        return problem(c, 503, say('http.writesDisabled'));
      return unauthorized(c);
    }
    const { operator, scopes } = check;
    if (!allows(operator.role, scopes, scope)) return problem(c, 403, say('http.needsScope', { scope }));
    return proceed(c, { operatorId: operator.id, email: operator.email, role: operator.role, scopes }, next);
  };
}

const ADMIN_TOKEN_API_ACTOR: ApiActor = { operatorId: null, email: ADMIN_TOKEN_ACTOR, role: 'admin', scopes: SCOPES };
