import { OpenAPIHono } from '@hono/zod-openapi';
import { parseInput } from '../../core/input/common.ts';
import { toIsoOffset } from '../../core/time.ts';
import { listAudit } from '../../operators/audit.ts';
import { listAuditQuery, listLoginsQuery } from '../../operators/input.ts';
import { listLogins } from '../../operators/login-history.ts';
import { findOperatorByEmail } from '../../operators/operators.ts';
import { allows } from '../../operators/vocab.ts';
import { requireScope } from '../auth.ts';
import type { AppDeps, Env } from '../context.ts';
import { describeRoute } from '../openapi.ts';
import { queryOf } from './operators.ts';

/** The audit log (admins) and the login history (admins everyone's, others their own), newest first. */
export function accountLogRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<Env>();

  describeRoute(app, {
    method: 'get',
    path: '/audit-log',
    summary: 'Every write from the API, the console and the CLI, newest first',
    description:
      'Each entry: `email` is the operator’s email now (null for `ADMIN_TOKEN` and the CLI), `actor` who it was at the time, `via` (`api`, `console`, `cli`), `ip`, `action` (e.g. `POST /api/v1/incidents/{id}/updates`), the target, and its state `before` and `after`. Filters: `operator` (email), `action` (a prefix), `target_type`; page with `before` = the last entry’s `id`.',
    tag: 'operators',
    query: listAuditQuery,
    auth: true,
  });
  app.get('/audit-log', requireScope(deps, 'admin'), async (c) => {
    const query = parseInput(listAuditQuery, queryOf(c));
    const operator = query.operator === undefined ? undefined : await findOperatorByEmail(deps.db, query.operator);
    if (operator === null) return c.json({ entries: [] });
    const rows = await listAudit(deps.db, {
      limit: query.limit,
      ...(query.before !== undefined && { before: query.before }),
      ...(operator && { operatorId: operator.id }),
      ...(query.target_type !== undefined && { targetType: query.target_type }),
      ...(query.action !== undefined && { action: query.action }),
    });
    return c.json({
      entries: rows.map((r) => ({
        id: r.id,
        at: toIsoOffset(r.at),
        email: r.email,
        actor: r.actor,
        via: r.via,
        ip: r.ip,
        action: r.action,
        target_type: r.targetType,
        target_id: r.targetId,
        before: r.before,
        after: r.after,
      })),
    });
  });

  describeRoute(app, {
    method: 'get',
    path: '/login-history',
    summary: 'Sign-in attempts and failed API authentications, newest first (an admin sees everyone’s)',
    description:
      'Each entry: time, `email` as typed (or the failing token’s operator), `ip`, the device read from the user agent (`browser`, `os`, `device`), `via`, `success` and `outcome` (why it failed). Page with `before` = the last entry’s `id`.',
    tag: 'operators',
    query: listLoginsQuery,
    auth: true,
  });
  app.get('/login-history', requireScope(deps, 'read'), async (c) => {
    const query = parseInput(listLoginsQuery, queryOf(c));
    const { actor } = c.var;
    const everyone = allows(actor.role, actor.scopes, 'admin');
    const rows = await listLogins(deps.db, {
      limit: query.limit,
      ...(query.before !== undefined && { before: query.before }),
      ...(!everyone && { operatorId: actor.operatorId ?? '' }),
    });
    return c.json({
      entries: rows.map((r) => ({
        id: r.id,
        at: toIsoOffset(r.at),
        email: r.email,
        operator_id: r.operatorId,
        ip: r.ip,
        browser: r.browser,
        os: r.os,
        device: r.device,
        user_agent: r.userAgent,
        via: r.via,
        success: r.success,
        outcome: r.outcome,
      })),
    });
  });
  return app;
}
