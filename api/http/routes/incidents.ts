import { OpenAPIHono } from '@hono/zod-openapi';
import { createIncident, type InputWarning } from '../../core/commands/create-incident.ts';
import {
  deleteIncident,
  deleteIncidentUpdate,
  editIncident,
  editIncidentUpdate,
  listIncidentEdits,
} from '../../core/commands/correct-incident.ts';
import { postIncidentUpdate } from '../../core/commands/post-incident-update.ts';
import { parseInput } from '../../core/input/common.ts';
import {
  createIncidentInput,
  deleteWithReasonInput,
  editIncidentInput,
  editIncidentUpdateInput,
  listIncidentsQuery,
  postIncidentUpdateInput,
} from '../../core/input/incidents.ts';
import { toIsoOffset } from '../../core/time.ts';
import { presentIncident } from '../present/v1.ts';
import { loadIncident } from '../../core/queries/incident.ts';
import { loadSiteModel } from '../../core/queries/site-model.ts';
import { isUnresolved } from '../../core/vocab.ts';
import { requireScope } from '../auth.ts';
import type { AppDeps, Env } from '../context.ts';
import { jsonBody } from '../json-body.ts';
import { describeRoute } from '../openapi.ts';

/** `warnings` appears only when there is something to say, so a clean answer keeps its old shape. */
const withWarnings = <T extends object>(body: T, warnings: readonly InputWarning[]) =>
  warnings.length ? { ...body, warnings } : body;

export function incidentRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<Env>();
  const write = requireScope(deps, 'incidents');
  const read = requireScope(deps, 'read');

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
  app.post('/incidents', write, jsonBody, async (c) => {
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
  app.post('/incidents/:id/updates', write, jsonBody, async (c) => {
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

  describeRoute(app, {
    method: 'patch',
    path: '/incidents/{id}',
    summary: 'Correct an incident: its title, impact or component map; each change is kept in its history',
    description:
      'Give only the fields to change. `components` becomes the whole map: the latest update sets these statuses, and a component left out is removed from every update (it was named by mistake). A request that changes nothing records nothing. Answers the corrected incident.',
    tag: 'incidents',
    body: editIncidentInput,
    write: true,
  });
  app.patch('/incidents/:id', write, jsonBody, async (c) => {
    const { id, changed } = await editIncident({
      db: deps.db,
      now: deps.now(),
      id: c.req.param('id'),
      input: c.var.body,
    });
    if (changed) deps.onChange?.({ kind: 'incident', id });
    return c.json(await incidentById(id));
  });

  describeRoute(app, {
    method: 'delete',
    path: '/incidents/{id}',
    summary: 'Delete an incident published by mistake (a test), with a `reason`',
    description:
      'The incident disappears from the pages, feeds, calendars and `/api/v2`; the deletion, its reason and a copy of what was deleted are kept for an audit.',
    tag: 'incidents',
    body: deleteWithReasonInput,
    write: true,
  });
  app.delete('/incidents/:id', write, jsonBody, async (c) => {
    const now = deps.now();
    const { id } = await deleteIncident({ db: deps.db, now, id: c.req.param('id'), input: c.var.body });
    deps.onChange?.({ kind: 'incident', id });
    return c.json({ id, deleted_at: toIsoOffset(now) });
  });

  describeRoute(app, {
    method: 'get',
    path: '/incidents/{id}/edits',
    summary: 'The corrections made to an incident, newest first, with old and new values',
    tag: 'incidents',
    auth: true,
  });
  app.get('/incidents/:id/edits', read, async (c) => {
    const id = c.req.param('id');
    await loadIncident({ db: deps.db, now: deps.now(), id });
    const edits = await listIncidentEdits(deps.db, id);
    return c.json({
      edits: edits.map((e) => ({
        kind: e.kind,
        update_id: e.updateId,
        at: toIsoOffset(e.at),
        by: e.by,
        reason: e.reason,
        changes: e.changes,
      })),
    });
  });

  describeRoute(app, {
    method: 'patch',
    path: '/incidents/{id}/updates/{updateId}',
    summary: "Correct an update's text; the page marks it edited and the old text stays in the history",
    tag: 'incidents',
    body: editIncidentUpdateInput,
    write: true,
  });
  app.patch('/incidents/:id/updates/:updateId', write, jsonBody, async (c) => {
    const { id, changed } = await editIncidentUpdate({
      db: deps.db,
      now: deps.now(),
      incidentId: c.req.param('id'),
      updateId: c.req.param('updateId'),
      input: c.var.body,
    });
    if (changed) deps.onChange?.({ kind: 'incident', id });
    return c.json(await incidentById(id));
  });

  describeRoute(app, {
    method: 'delete',
    path: '/incidents/{id}/updates/{updateId}',
    summary: 'Delete an update posted by mistake, with a `reason`; the first update cannot be deleted (409)',
    conflict: 'The update is the incident’s first; delete the incident instead',
    description:
      "The incident's status and promised next update follow the remaining latest update. The deleted text is kept in the history.",
    tag: 'incidents',
    body: deleteWithReasonInput,
    write: true,
  });
  app.delete('/incidents/:id/updates/:updateId', write, jsonBody, async (c) => {
    const { id } = await deleteIncidentUpdate({
      db: deps.db,
      now: deps.now(),
      incidentId: c.req.param('id'),
      updateId: c.req.param('updateId'),
      input: c.var.body,
    });
    deps.onChange?.({ kind: 'incident', id });
    return c.json(await incidentById(id));
  });
  return app;
}
