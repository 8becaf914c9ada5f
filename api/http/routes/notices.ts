import { OpenAPIHono } from '@hono/zod-openapi';
import { createNotice } from '../../core/commands/create-notice.ts';
import {
  amendNoticeCommand,
  listNoticeHistory,
  postponeNoticeCommand,
  withdrawNoticeCommand,
} from '../../core/commands/edit-notice.ts';
import {
  amendNoticeInput,
  createNoticeInput,
  postponeNoticeInput,
  withdrawNoticeInput,
} from '../../core/input/maintenance.ts';
import { toIsoOffset } from '../../core/time.ts';
import { presentCompliance, presentNotice } from '../present/maintenance.ts';
import { findNotice, loadMaintenances } from '../../core/queries/maintenance-model.ts';
import { requireScope } from '../auth.ts';
import type { AppDeps, Env } from '../context.ts';
import { jsonBody } from '../json-body.ts';
import { describeRoute } from '../openapi.ts';

/** Termination and change notices, and the compliance listing of every notice period. */
export function noticeRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<Env>();
  const write = requireScope(deps, 'maintenance');
  const read = requireScope(deps, 'read');
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
  app.post('/notices', write, jsonBody, async (c) => {
    const { id } = await createNotice({ db: deps.db, now: deps.now(), input: c.var.body, policy });
    deps.onChange?.({ kind: 'notice', id });
    return c.json(await noticeById(id), 201, { Location: `/api/v1/notices/${id}` });
  });

  describeRoute(app, {
    method: 'patch',
    path: '/notices/{id}',
    summary: "Amend a notice's text (`title`, `title_en`, `body`, `body_en`); the old text is kept in its history",
    tag: 'notices',
    body: amendNoticeInput,
    write: true,
    conflict: 'The notice was withdrawn',
  });
  app.patch('/notices/:id', write, jsonBody, async (c) => {
    const { id, changed } = await amendNoticeCommand({
      db: deps.db,
      now: deps.now(),
      id: c.req.param('id'),
      input: c.var.body,
    });
    if (changed) deps.onChange?.({ kind: 'notice', id });
    return c.json(await noticeById(id));
  });

  describeRoute(app, {
    method: 'post',
    path: '/notices/{id}/postpone',
    summary: 'Move a notice to a new `effective_at`, with a `reason`',
    description:
      "A later date keeps the original announcement (customers only gain notice). An earlier date is announced now and must give the policy's notice again, or carry `short_notice: { reason }`, as when the notice was created (422 naming `effective_at` otherwise). A withdrawn notice, or one already in effect, cannot be moved (409).",
    tag: 'notices',
    body: postponeNoticeInput,
    write: true,
    conflict: 'The notice was withdrawn or has already taken effect',
  });
  app.post('/notices/:id/postpone', write, jsonBody, async (c) => {
    const { id, changed } = await postponeNoticeCommand({
      db: deps.db,
      now: deps.now(),
      id: c.req.param('id'),
      input: c.var.body,
      policy,
    });
    if (changed) deps.onChange?.({ kind: 'notice', id });
    return c.json(await noticeById(id));
  });

  describeRoute(app, {
    method: 'post',
    path: '/notices/{id}/withdraw',
    summary: 'Withdraw a notice before it takes effect, with a `reason`; it stays published, marked withdrawn',
    tag: 'notices',
    body: withdrawNoticeInput,
    write: true,
    conflict: 'The notice was already withdrawn or has already taken effect',
  });
  app.post('/notices/:id/withdraw', write, jsonBody, async (c) => {
    const { id } = await withdrawNoticeCommand({
      db: deps.db,
      now: deps.now(),
      id: c.req.param('id'),
      input: c.var.body,
    });
    deps.onChange?.({ kind: 'notice', id });
    return c.json(await noticeById(id));
  });

  describeRoute(app, {
    method: 'get',
    path: '/notices/{id}/history',
    summary: "A notice's amendments, postponements and withdrawal, newest first, with old and new values",
    tag: 'notices',
    auth: true,
  });
  app.get('/notices/:id/history', read, async (c) => {
    const id = c.req.param('id');
    await findNotice(deps.db, id, deps.now());
    const history = await listNoticeHistory(deps.db, id);
    return c.json({
      history: history.map((e) => ({
        kind: e.kind,
        at: toIsoOffset(e.at),
        by: e.by,
        reason: e.reason,
        changes: e.changes,
      })),
    });
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
