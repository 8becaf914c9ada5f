import type { OpenAPIHono } from '@hono/zod-openapi';
import type { z } from 'zod';

/** The document's header, shared by the served `/api/v1/openapi.json` and the published reference. */
export function openApiConfig(siteUrl: string) {
  return {
    openapi: '3.1.0' as const,
    info: {
      title: 'Shirase operator API',
      version: '1',
      description:
        "Errors are `application/problem+json` (RFC 9457) with an `errors` list naming each bad field. Their `title`, `detail` and each `errors[].detail` are written in the language the request's `Accept-Language` prefers: English when it prefers English, Japanese otherwise (also when it names neither); the answer says which in `Content-Language` and carries `Vary: Accept-Language`. `type`, `status`, `errors[].field` and `errors[].pointer` are the same in every language: act on those, show the words.",
    },
    servers: [{ url: siteUrl }],
  };
}

/** Things accepted but worth a second look (a promise beyond the configured interval), for the operator's eyes. */
const warningsProperty = {
  warnings: {
    type: 'array' as const,
    description: 'Present when something was accepted that customers may read otherwise than meant.',
    items: {
      type: 'object' as const,
      required: ['field', 'detail'],
      properties: { field: { type: 'string' as const }, detail: { type: 'string' as const } },
    },
  },
};

const problemResponse = (description: string) => ({
  description,
  headers: {
    'Content-Language': {
      description: 'The language of `title` and `detail`: `en` when Accept-Language prefers English, else `ja`',
      schema: { type: 'string' as const, enum: ['ja', 'en'] },
    },
  },
  content: { 'application/problem+json': { schema: { type: 'object' as const } } },
});

/**
 * Documents a route in the OpenAPI registry from the same zod schemas core validates with.
 * Validation itself stays in core (one parse, one error shape), so the route is only described here.
 */
export function describeRoute(
  app: OpenAPIHono<any>,
  spec: {
    method: 'get' | 'post' | 'patch' | 'delete';
    path: string;
    summary: string;
    /** Longer prose (CommonMark) where the answer's fields need explaining. */
    description?: string;
    tag: string;
    body?: z.ZodType;
    query?: z.ZodObject;
    write?: boolean /** A read that needs the operator token. */;
    /** The answer may carry `warnings` (see warningsProperty). */
    warns?: boolean;
    auth?: boolean;
    /** The record's state may refuse the write (409): a withdrawn notice, an incident's first update. */
    conflict?: string;
    /** Answers 204 without a body (a DELETE that has nothing to give back). */
    noContent?: boolean;
  },
) {
  const params = [...spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  app.openAPIRegistry.registerPath({
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [spec.tag],
    ...(spec.write || spec.auth ? { security: [{ bearer: [] }] } : {}),
    ...(params.length
      ? {
          parameters: params.map((name) => ({
            name,
            in: 'path' as const,
            required: true,
            schema: { type: 'string' as const },
          })),
        }
      : {}),
    request: {
      ...(spec.body ? { body: { required: true, content: { 'application/json': { schema: spec.body } } } } : {}),
      ...(spec.query ? { query: spec.query } : {}),
    },
    responses: {
      ...(spec.noContent
        ? { '204': { description: 'Done; no body' } }
        : {
            [spec.method === 'post' ? '201' : '200']: {
              description: 'Success',
              content: {
                'application/json': {
                  schema: { type: 'object' as const, ...(spec.warns ? { properties: warningsProperty } : {}) },
                },
              },
            },
          }),
      ...(spec.write
        ? {
            '400': problemResponse('Malformed body'),
            '401': problemResponse('Missing or wrong token'),
            '403': problemResponse('The token’s role or scopes do not allow this; `detail` names the scope needed'),
            '429': problemResponse('Too many failed authentications from this address; wait `Retry-After` seconds'),
            '413': problemResponse('Body too large'),
            '415': problemResponse('Body is not JSON'),
            '422': problemResponse('A field is invalid; `errors` names it'),
          }
        : spec.auth
          ? {
              '401': problemResponse('Missing or wrong token'),
              '403': problemResponse('The token’s role or scopes do not allow this; `detail` names the scope needed'),
              '429': problemResponse('Too many failed authentications from this address; wait `Retry-After` seconds'),
            }
          : {}),
      ...(params.length ? { '404': problemResponse('No such record') } : {}),
      ...(spec.conflict ? { '409': problemResponse(spec.conflict) } : {}),
    },
  });
}
