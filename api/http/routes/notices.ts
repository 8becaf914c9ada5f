import { OpenAPIHono } from '@hono/zod-openapi';
import { createNotice } from '../../core/commands/create-notice.ts';
import { createNoticeInput } from '../../core/input/maintenance.ts';
import { presentCompliance, presentNotice } from '../present/maintenance.ts';
import { findNotice, loadMaintenances } from '../../core/queries/maintenance-model.ts';
import { requireAdmin } from '../auth.ts';
import type { AppDeps, Env } from '../context.ts';
import { jsonBody } from '../json-body.ts';
import { describeRoute } from '../openapi.ts';

/** Termination and change notices, and the compliance listing of every notice period. */
export function noticeRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<Env>();
  const admin = requireAdmin(deps.adminToken);
  const policy = deps.settings.leadTimePolicy;
  const ctx = { siteUrl: deps.settings.siteUrl, policy };

  const noticeById = async (id: string) => presentNotice(await findNotice(deps.db, id, deps.now()), ctx);

  describeRoute(app, {
    method: 'get',
    path: '/notices',
    summary: 'List termination and change notices, newest announcement first',
    tag: 'notices',
  });
  app.get('/notices', async (c) => {
    const { notices } = await loadMaintenances({ db: deps.db, now: deps.now() });
    return c.json({ notices: notices.map((n) => presentNotice(n, ctx)) });
  });

  describeRoute(app, {
    method: 'get',
    path: '/notices/{id}',
    summary: 'One notice with its lead time',
    tag: 'notices',
  });
  app.get('/notices/:id', async (c) => c.json(await noticeById(c.req.param('id'))));

  describeRoute(app, {
    method: 'post',
    path: '/notices',
    summary: 'Announce a termination or a change; less notice than the policy needs `short_notice: { reason }`',
    tag: 'notices',
    body: createNoticeInput,
    write: true,
  });
  app.post('/notices', admin, jsonBody, async (c) => {
    const { id } = await createNotice({ db: deps.db, now: deps.now(), input: c.var.body, policy });
    deps.onChange?.({ kind: 'notice', id });
    return c.json(await noticeById(id), 201, { Location: `/api/v1/notices/${id}` });
  });

  describeRoute(app, {
    method: 'get',
    path: '/compliance',
    summary: 'Every notice and maintenance with its lead time against the policy',
    tag: 'notices',
  });
  app.get('/compliance', async (c) =>
    c.json(presentCompliance(await loadMaintenances({ db: deps.db, now: deps.now() }), ctx)),
  );
  return app;
}
