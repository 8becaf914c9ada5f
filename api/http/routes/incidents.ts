import { OpenAPIHono } from '@hono/zod-openapi';
import { createIncident, type InputWarning } from '../../core/commands/create-incident.ts';
import { postIncidentUpdate } from '../../core/commands/post-incident-update.ts';
import { parseInput } from '../../core/input/common.ts';
import { createIncidentInput, listIncidentsQuery, postIncidentUpdateInput } from '../../core/input/incidents.ts';
import { presentIncident } from '../present/v1.ts';
import { loadIncident } from '../../core/queries/incident.ts';
import { loadSiteModel } from '../../core/queries/site-model.ts';
import { isUnresolved } from '../../core/vocab.ts';
import { requireAdmin } from '../auth.ts';
import type { AppDeps, Env } from '../context.ts';
import { jsonBody } from '../json-body.ts';
import { describeRoute } from '../openapi.ts';

/** `warnings` appears only when there is something to say, so a clean answer keeps its old shape. */
const withWarnings = <T extends object>(body: T, warnings: readonly InputWarning[]) =>
  warnings.length ? { ...body, warnings } : body;

export function incidentRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<Env>();
  const admin = requireAdmin(deps.adminToken);

  const presentation = {
    baseUrl: deps.settings.siteUrl,
    intervalMinutes: deps.settings.serviceLevels.updateIntervalMinutes,
  };
  const incidentById = async (id: string) =>
    presentIncident(await loadIncident({ db: deps.db, now: deps.now(), id }), presentation);

  describeRoute(app, {
    method: 'get',
    path: '/incidents',
    summary: 'List incidents, newest first',
    tag: 'incidents',
    query: listIncidentsQuery,
  });
  app.get('/incidents', async (c) => {
    // Repeated keys (`?status=a&status=b`) arrive as arrays and are refused by the strict schema.
    const query = parseInput(
      listIncidentsQuery,
      Object.fromEntries(Object.entries(c.req.queries()).map(([k, v]) => [k, v.length === 1 ? v[0] : v])),
    );
    const model = await loadSiteModel({ db: deps.db, now: deps.now() });
    const chosen = model.incidents.filter((i) =>
      query.status === 'all' ? true : query.status === 'unresolved' ? isUnresolved(i.status) : !isUnresolved(i.status),
    );
    return c.json({ incidents: chosen.slice(0, query.limit).map((i) => presentIncident(i, presentation)) });
  });

  describeRoute(app, {
    method: 'get',
    path: '/incidents/{id}',
    summary: 'One incident with its whole timeline',
    tag: 'incidents',
  });
  app.get('/incidents/:id', async (c) => c.json(await incidentById(c.req.param('id'))));

  describeRoute(app, {
    method: 'post',
    path: '/incidents',
    summary: 'Open an incident with its first public post',
    tag: 'incidents',
    body: createIncidentInput,
    write: true,
    warns: true,
  });
  app.post('/incidents', admin, jsonBody, async (c) => {
    const { id, warnings } = await createIncident({
      db: deps.db,
      now: deps.now(),
      input: c.var.body,
      intervalMinutes: deps.settings.serviceLevels.updateIntervalMinutes,
    });
    deps.onChange?.({ kind: 'incident', id });
    return c.json(withWarnings(await incidentById(id), warnings), 201, { Location: `/api/v1/incidents/${id}` });
  });

  describeRoute(app, {
    method: 'post',
    path: '/incidents/{id}/updates',
    summary: 'Post an update to an incident',
    tag: 'incidents',
    body: postIncidentUpdateInput,
    write: true,
    warns: true,
  });
  app.post('/incidents/:id/updates', admin, jsonBody, async (c) => {
    const { id, warnings } = await postIncidentUpdate({
      db: deps.db,
      now: deps.now(),
      incidentId: c.req.param('id'),
      input: c.var.body,
      intervalMinutes: deps.settings.serviceLevels.updateIntervalMinutes,
    });
    deps.onChange?.({ kind: 'incident', id });
    return c.json(withWarnings(await incidentById(id), warnings), 201);
  });
  return app;
}
