import type { MiddlewareHandler } from 'hono';
import { ADMIN_TOKEN_ACTOR } from '../operators/actor.ts';
import { asLog } from '../server/logger.ts';
import { recordAudit } from '../operators/audit.ts';
import { INTERNAL_READ } from './auth.ts';
import { clientAddress } from './client-address.ts';
import type { ApiActor, AppDeps, Env } from './context.ts';

const WRITES = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
/** Operator and token commands record their own audit rows, with what only they know (api/operators). */
const SELF_AUDITED = /^\/(operators|tokens)(\/|$)/;
const BASE = '/api/v1';

/** A malformed escape (`%E0`) stays as sent: the route answers it, not this audit with a 500. */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `/incidents/abc/updates/u1` → the incident `abc`, read at `/incidents/abc`; `/incidents` → a new incident. */
function targetOf(path: string) {
  const [collection = '', id] = path.slice(BASE.length).split('/').filter(Boolean);
  return { collection, type: collection.replace(/s$/, ''), id: id === undefined ? null : decoded(id) };
}

/** The record with `id` anywhere in a list answer (`{ components: [...], groups: [...] }`). */
function findIn(body: unknown, id: string): unknown {
  if (!body || typeof body !== 'object') return null;
  for (const value of Object.values(body))
    if (Array.isArray(value)) {
      const found = value.find((v) => v && typeof v === 'object' && (v as { id?: unknown }).id === id);
      if (found) return found;
    }
  return null;
}

/**
 * Records every API write that succeeded (2xx under /api/v1) in the audit log: who (the operator's
 * email, or ADMIN_TOKEN), when, from where, what (`POST /api/v1/incidents/abc/updates`), the target,
 * and the target as the API's own GET route shows it before and after (after a create, the answer;
 * after a delete of the target itself, null). `before` is read only once the request has
 * authenticated, so that failed guesses cost no reads. A row that cannot be written is logged
 * loudly; the write stands.
 */
export function auditWrites(
  deps: AppDeps,
  fetchApi: (path: string, env: unknown) => Promise<Response>,
): MiddlewareHandler<Env> {
  const read = async (actor: ApiActor, collection: string, id: string): Promise<unknown> => {
    // Who is asking, for routes that need `read`; no socket, so API_RATE_LIMIT does not count the app's own reads.
    const env = { [INTERNAL_READ]: actor };
    const one = await fetchApi(`${BASE}/${collection}/${encodeURIComponent(id)}`, env);
    if (one.ok) return one.json();
    // No route for one record (components): the list has it.
    const all = await fetchApi(`${BASE}/${collection}`, env);
    return all.ok ? findIn(await all.json(), id) : null;
  };

  return async (c, next) => {
    if (!WRITES.has(c.req.method) || SELF_AUDITED.test(c.req.path.slice(BASE.length))) return next();
    const target = targetOf(c.req.path);
    let before: unknown = null;
    c.set('authenticated', async (actor) => {
      if (target.id !== null) before = await read(actor, target.collection, target.id).catch(() => null);
    });
    await next();
    const { actor } = c.var;
    if (c.res.status < 200 || c.res.status >= 300 || !actor) return;
    try {
      const created =
        target.id === null
          ? ((await c.res
              .clone()
              .json()
              .catch(() => null)) as { id?: unknown } | null)
          : null;
      const id = target.id ?? (typeof created?.id === 'string' ? created.id : null);
      const deleted =
        c.req.method === 'DELETE' && c.req.path.slice(BASE.length).split('/').filter(Boolean).length === 2;
      const after = created ?? (deleted || id === null ? null : await read(actor, target.collection, id));
      await recordAudit(deps.db, {
        at: deps.now(),
        actor: actor.operatorId === null ? ADMIN_TOKEN_ACTOR : { id: actor.operatorId, email: actor.email },
        via: 'api',
        ip: clientAddress(c, deps.trustedProxies),
        action: `${c.req.method} ${c.req.path}`,
        targetType: target.type,
        targetId: id,
        before,
        after,
      });
    } catch (err) {
      asLog(deps.log).error(
        `AUDIT LOG NOT WRITTEN for ${c.req.method} ${c.req.path} by ${actor.email} (the write itself succeeded): ${err instanceof Error ? err.stack : String(err)}`,
      );
    }
  };
}
