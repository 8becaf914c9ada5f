import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { parseInput } from '../../core/input/common.ts';
import { fieldIssue, ValidationError } from '../../core/errors.ts';
import { say } from '../../core/messages/say.ts';
import { createOperatorInput, issueTokenInput, listTokensQuery, updateOperatorInput } from '../../operators/input.ts';
import { createOperator, getOperator, listOperators, operatorView, updateOperator } from '../../operators/operators.ts';
import { issueToken, listTokens, revokeToken, tokenView } from '../../operators/tokens.ts';
import { allows } from '../../operators/vocab.ts';
import { actorOf, requireScope } from '../auth.ts';
import type { AppDeps, Env } from '../context.ts';
import { jsonBody } from '../json-body.ts';
import { describeRoute } from '../openapi.ts';
import { problem } from '../problem.ts';

/** Repeated keys (`?a=1&a=2`) arrive as arrays and are refused by the strict schemas. */
export const queryOf = (c: Context) =>
  Object.fromEntries(Object.entries(c.req.queries()).map(([k, v]) => [k, v.length === 1 ? v[0] : v]));

const isAdmin = (c: Context<Env>) => allows(c.var.actor.role, c.var.actor.scopes, 'admin');
const needsAdmin = (c: Context<Env>) => problem(c, 403, say('http.needsScope', { scope: 'admin' }));

/**
 * Operators (admin) and API tokens (one's own; an admin's of anyone). These commands record their
 * own audit rows (api/operators), so the API's write audit leaves them alone.
 */
export function operatorRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<Env>();
  const admin = requireScope(deps, 'admin');
  const read = requireScope(deps, 'read');

  describeRoute(app, {
    method: 'get',
    path: '/operators',
    summary: 'Every operator account',
    tag: 'operators',
    auth: true,
  });
  app.get('/operators', admin, async (c) => c.json({ operators: (await listOperators(deps.db)).map(operatorView) }));

  describeRoute(app, {
    method: 'get',
    path: '/operators/{id}',
    summary: 'One operator account',
    tag: 'operators',
    auth: true,
  });
  app.get('/operators/:id', admin, async (c) => c.json(operatorView(await getOperator(deps.db, c.req.param('id')))));

  describeRoute(app, {
    method: 'post',
    path: '/operators',
    summary: 'Create an operator account (one per person)',
    description:
      'Without `password` the person uses tokens only until one is set. With `ADMIN_TOKEN` (only while no admin exists), two racing requests create at most one account: the other gets 409.',
    tag: 'operators',
    body: createOperatorInput,
    write: true,
    conflict: 'The email is taken, or an admin exists and ADMIN_TOKEN may no longer create accounts',
  });
  app.post('/operators', admin, jsonBody, async (c) => {
    const { id } = await createOperator({
      db: deps.db,
      now: deps.now(),
      input: c.var.body,
      actor: actorOf(c, deps),
      onlyWhileNoAdmin: c.var.actor.operatorId === null,
    });
    return c.json(operatorView(await getOperator(deps.db, id)), 201, { Location: `/api/v1/operators/${id}` });
  });

  describeRoute(app, {
    method: 'patch',
    path: '/operators/{id}',
    summary: 'Change an operator’s role or name, or disable (`disabled: true`) or enable the account',
    description:
      'Disabling ends the person’s console sessions and revokes their tokens at once. A change that would leave no enabled admin answers 409.',
    tag: 'operators',
    body: updateOperatorInput,
    write: true,
    conflict: 'It would leave no enabled admin',
  });
  app.patch('/operators/:id', admin, jsonBody, async (c) => {
    const after = await updateOperator({
      db: deps.db,
      now: deps.now(),
      who: { id: c.req.param('id') },
      input: c.var.body,
      actor: actorOf(c, deps),
    });
    return c.json(operatorView(after));
  });

  describeRoute(app, {
    method: 'get',
    path: '/tokens',
    summary: 'Your API tokens (an admin may ask for another operator’s with `operator_id`)',
    tag: 'operators',
    query: listTokensQuery,
    auth: true,
  });
  app.get('/tokens', read, async (c) => {
    const query = parseInput(listTokensQuery, queryOf(c));
    const own = c.var.actor.operatorId;
    const operatorId = query.operator_id ?? own;
    if (operatorId === null) throw new ValidationError([fieldIssue('operator_id', say('field.operatorIdNeeded'))]);
    if (operatorId !== own && !isAdmin(c)) return needsAdmin(c);
    await getOperator(deps.db, operatorId);
    return c.json({ tokens: (await listTokens(deps.db, operatorId)).map(tokenView) });
  });

  describeRoute(app, {
    method: 'post',
    path: '/tokens',
    summary: 'Issue an API token; `token` is shown in this answer only',
    description:
      'Without `scopes` the token gets every scope its operator’s role holds (and no more than the token asking holds). `expires_days` absent: it does not expire.',
    tag: 'operators',
    body: issueTokenInput,
    write: true,
  });
  app.post('/tokens', read, jsonBody, async (c) => {
    const input = parseInput(issueTokenInput, c.var.body);
    const own = c.var.actor.operatorId;
    const operatorId = input.operator_id ?? own;
    if (operatorId === null) throw new ValidationError([fieldIssue('operator_id', say('field.operatorIdNeeded'))]);
    if (operatorId !== own && !isAdmin(c)) return needsAdmin(c);
    const { id, token } = await issueToken({
      db: deps.db,
      now: deps.now(),
      operatorId,
      scopes: input.scopes,
      expiresDays: input.expires_days,
      label: input.label,
      actor: actorOf(c, deps),
      // What the asking token may do caps what it hands out; ADMIN_TOKEN holds every scope.
      within: own === null ? null : c.var.actor.scopes,
    });
    const issued = (await listTokens(deps.db, operatorId)).find((t) => t.id === id)!;
    return c.json({ ...tokenView(issued), token }, 201);
  });

  describeRoute(app, {
    method: 'delete',
    path: '/tokens/{id}',
    summary: 'Revoke a token (yours; an admin any): it fails from the next request on',
    tag: 'operators',
    auth: true,
  });
  app.delete('/tokens/:id', read, async (c) => {
    const revoked = await revokeToken({
      db: deps.db,
      now: deps.now(),
      id: c.req.param('id'),
      // Another's token answers 404 to a non-admin, as an unknown id does.
      ...(!isAdmin(c) && { operatorId: c.var.actor.operatorId ?? '' }),
      actor: actorOf(c, deps),
    });
    return c.json(tokenView(revoked));
  });
  return app;
}
