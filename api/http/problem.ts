import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FieldIssue } from '../core/errors.ts';

/** RFC 9457 problem details. `errors` names each offending field (RFC 9457 §3.2 extension member). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: Array<{ field: string; pointer: string; detail: string }>;
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** `components.abc` → `/components/abc` (RFC 6901 JSON Pointer into the request body). */
const pointerOf = (field: string) =>
  field === '(body)'
    ? ''
    : '/' +
      field
        .split('.')
        .map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1'))
        .join('/');

export function problem(
  c: Context,
  status: ContentfulStatusCode,
  detail: string,
  extra: { type?: string; issues?: FieldIssue[]; headers?: Record<string, string>; [k: string]: unknown } = {},
): Response {
  const { type, issues, headers, ...extensions } = extra;
  const body: Problem = {
    type: type ?? 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    instance: c.req.path,
    ...(issues?.length
      ? { errors: issues.map((i) => ({ field: i.field, pointer: pointerOf(i.field), detail: i.message })) }
      : {}),
    ...extensions,
  };
  return c.body(JSON.stringify(body), status, { 'Content-Type': 'application/problem+json', ...headers });
}
