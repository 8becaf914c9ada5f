import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type FieldIssue, issueText } from '../core/errors.ts';
import { say, type Texts } from '../core/messages/say.ts';
import { currentRequestId } from '../server/log-scope.ts';
import { answerLanguage } from './language.ts';

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

const TITLED = [400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500, 503] as const;

const titleOf = (status: number): Texts =>
  say(
    (TITLED as readonly number[]).includes(status)
      ? (`title.${status}` as `title.${(typeof TITLED)[number]}`)
      : 'title.other',
  );

/** `components.abc` → `/components/abc` (RFC 6901 JSON Pointer into the request body). */
const pointerOf = (field: string) =>
  field === '(body)'
    ? ''
    : '/' +
      field
        .split('.')
        .map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1'))
        .join('/');

/**
 * A problem+json answer. `detail`, `title` and each field's `detail` are in the request's language
 * (Accept-Language, see answerLanguage) when they come from the message catalogue; a plain string
 * is English, and then the whole answer is. `type`, `status` and the field names never change
 * with the language, so a client can act on them whatever it asked for.
 */
export function problem(
  c: Context,
  status: ContentfulStatusCode,
  detail: string | Texts,
  extra: { type?: string; issues?: FieldIssue[]; headers?: Record<string, string>; [k: string]: unknown } = {},
): Response {
  const { type, issues, headers, ...extensions } = extra;
  const lang = typeof detail === 'string' ? 'en' : answerLanguage(c);
  const body: Problem = {
    type: type ?? 'about:blank',
    title: titleOf(status)[lang],
    status,
    detail: typeof detail === 'string' ? detail : detail[lang],
    instance: c.req.path,
    ...(issues?.length
      ? { errors: issues.map((i) => ({ field: i.field, pointer: pointerOf(i.field), detail: issueText(i, lang) })) }
      : {}),
    ...extensions,
  };
  // The id of the log's line for this request (request-log.ts): what a customer quotes to the operator.
  const requestId = status >= 500 ? currentRequestId() : undefined;
  if (requestId) body.request_id = requestId;
  return c.body(JSON.stringify(body), status, {
    'Content-Type': 'application/problem+json',
    'Content-Language': lang,
    // Caches must key the answer by the language asked for (RFC 9110 §12.5.5).
    Vary: 'Accept-Language',
    ...headers,
  });
}
