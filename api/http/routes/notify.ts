import { OpenAPIHono } from '@hono/zod-openapi';
import { parseInput } from '../../core/input/common.ts';
import { createContactInput, createWebhookInput, listDeliveriesQuery } from '../../core/input/notify.ts';
import { getContact, listContacts, registerContact, removeContact } from '../../notify/recipients/contacts.ts';
import { listDeliveries } from '../../notify/recipients/deliveries.ts';
import { getWebhook, listWebhooks, registerWebhook, removeWebhook } from '../../notify/recipients/webhooks.ts';
import { requireScope } from '../auth.ts';
import type { AppDeps, Env } from '../context.ts';
import { jsonBody } from '../json-body.ts';
import { describeRoute } from '../openapi.ts';
import { presentContact, presentDelivery, presentWebhook } from '../present/notify.ts';

/** Who is told (registered contacts, webhook endpoints) and what was delivered: the operator token throughout. */
export function notifyRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<Env>();
  const write = requireScope(deps, 'notify');
  const read = requireScope(deps, 'read');

  describeRoute(app, {
    method: 'post',
    path: '/contacts',
    summary: 'Register a contact: an address told of every incident and notice of its components',
    description:
      '`components` absent or null: every component. A contact quarantined after a permanent failure shows `quarantined_at`; delete and register it again to resume.',
    tag: 'notifications',
    body: createContactInput,
    write: true,
    conflict: 'The address is already registered',
  });
  app.post('/contacts', write, jsonBody, async (c) => {
    const created = await registerContact({ db: deps.db, now: deps.now(), input: c.var.body });
    return c.json(presentContact(created), 201, { Location: `/api/v1/contacts/${created.id}` });
  });

  describeRoute(app, {
    method: 'get',
    path: '/contacts',
    summary: 'The registered contacts',
    tag: 'notifications',
    auth: true,
  });
  app.get('/contacts', read, async (c) => c.json({ contacts: (await listContacts(deps.db)).map(presentContact) }));

  describeRoute(app, {
    method: 'get',
    path: '/contacts/{id}',
    summary: 'One registered contact (where a registration’s Location points)',
    tag: 'notifications',
    auth: true,
  });
  app.get('/contacts/:id', read, async (c) => c.json(presentContact(await getContact(deps.db, c.req.param('id')))));

  describeRoute(app, {
    method: 'delete',
    path: '/contacts/{id}',
    summary: 'Remove a contact (its past deliveries stay on record)',
    tag: 'notifications',
    auth: true,
    noContent: true,
  });
  app.delete('/contacts/:id', write, async (c) => {
    await removeContact(deps.db, c.req.param('id'));
    return c.body(null, 204);
  });

  describeRoute(app, {
    method: 'post',
    path: '/webhooks',
    summary: 'Register a webhook endpoint; the answer carries its signing secret, shown this once',
    description:
      '`format`: `statuspage` (default), `slack` or `teams`. Payloads are signed per Standard Webhooks with `secret` (`whsec_…`). A private, loopback or link-local address is refused (unless the server allows them), here and again at each delivery; a host that does not resolve now is accepted, as DNS failures can be temporary.',
    tag: 'notifications',
    body: createWebhookInput,
    write: true,
  });
  app.post('/webhooks', write, jsonBody, async (c) => {
    const created = await registerWebhook({ db: deps.db, now: deps.now(), input: c.var.body, target: deps.webhooks });
    return c.json(presentWebhook(created, { withSecret: true }), 201, { Location: `/api/v1/webhooks/${created.id}` });
  });

  describeRoute(app, {
    method: 'get',
    path: '/webhooks',
    summary: 'The webhook endpoints (without their secrets)',
    tag: 'notifications',
    auth: true,
  });
  app.get('/webhooks', read, async (c) =>
    c.json({ webhooks: (await listWebhooks(deps.db)).map((w) => presentWebhook(w)) }),
  );

  describeRoute(app, {
    method: 'get',
    path: '/webhooks/{id}',
    summary: 'One webhook endpoint (without its secret)',
    tag: 'notifications',
    auth: true,
  });
  app.get('/webhooks/:id', read, async (c) => c.json(presentWebhook(await getWebhook(deps.db, c.req.param('id')))));

  describeRoute(app, {
    method: 'delete',
    path: '/webhooks/{id}',
    summary: 'Remove a webhook endpoint',
    tag: 'notifications',
    auth: true,
    noContent: true,
  });
  app.delete('/webhooks/:id', write, async (c) => {
    await removeWebhook(deps.db, c.req.param('id'));
    return c.body(null, 204);
  });

  describeRoute(app, {
    method: 'get',
    path: '/deliveries',
    summary: 'Recent deliveries, newest first: recipient, event, channel, attempts, status, times',
    tag: 'notifications',
    query: listDeliveriesQuery,
    auth: true,
  });
  app.get('/deliveries', read, async (c) => {
    const query = parseInput(
      listDeliveriesQuery,
      Object.fromEntries(Object.entries(c.req.queries()).map(([k, v]) => [k, v.length === 1 ? v[0] : v])),
    );
    const rows = await listDeliveries(deps.db, query);
    return c.json({ deliveries: rows.map(presentDelivery) });
  });
  return app;
}
