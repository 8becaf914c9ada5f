import { OpenAPIHono } from '@hono/zod-openapi';
import { createComponent, createComponentGroup, updateComponent } from '../../core/commands/components.ts';
import { createComponentInput, createGroupInput, updateComponentInput } from '../../core/input/components.ts';
import { presentComponent, presentGroup } from '../present/v1.ts';
import { loadSiteModel } from '../../core/queries/site-model.ts';
import { requireScope } from '../auth.ts';
import type { AppDeps, Env } from '../context.ts';
import { jsonBody } from '../json-body.ts';
import { describeRoute } from '../openapi.ts';

export function componentRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<Env>();
  const write = requireScope(deps, 'components');

  describeRoute(app, {
    method: 'get',
    path: '/components',
    summary: 'List components with their shown status',
    tag: 'components',
  });
  app.get('/components', async (c) => {
    const model = await loadSiteModel({ db: deps.db, now: deps.now() });
    return c.json({ components: model.components.map(presentComponent), groups: model.groups.map(presentGroup) });
  });

  describeRoute(app, {
    method: 'post',
    path: '/components',
    summary: 'Create a component',
    tag: 'components',
    body: createComponentInput,
    write: true,
  });
  app.post('/components', write, jsonBody, async (c) => {
    const created = await createComponent({ db: deps.db, now: deps.now(), input: c.var.body });
    deps.onChange?.({ kind: 'component', id: created.id });
    const model = await loadSiteModel({ db: deps.db, now: deps.now() });
    return c.json(presentComponent(model.components.find((x) => x.id === created.id)!), 201, {
      Location: `/api/v1/components/${created.id}`,
    });
  });

  describeRoute(app, {
    method: 'patch',
    path: '/components/{id}',
    summary: 'Change a component (name, group, position, status…)',
    tag: 'components',
    body: updateComponentInput,
    write: true,
  });
  app.patch('/components/:id', write, jsonBody, async (c) => {
    const before = await updateComponent({ db: deps.db, now: deps.now(), id: c.req.param('id'), input: c.var.body });
    deps.onChange?.({ kind: 'component', id: before.id });
    const model = await loadSiteModel({ db: deps.db, now: deps.now() });
    return c.json(presentComponent(model.components.find((x) => x.id === before.id)!));
  });

  describeRoute(app, {
    method: 'post',
    path: '/component-groups',
    summary: 'Create a component group',
    tag: 'components',
    body: createGroupInput,
    write: true,
  });
  app.post('/component-groups', write, jsonBody, async (c) => {
    const created = await createComponentGroup({ db: deps.db, now: deps.now(), input: c.var.body });
    deps.onChange?.({ kind: 'group', id: created.id });
    return c.json(presentGroup({ ...created, componentIds: [] }), 201);
  });
  return app;
}
