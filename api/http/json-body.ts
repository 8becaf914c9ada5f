import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { say } from '../core/messages/say.ts';
import { problem } from './problem.ts';

export const MAX_BODY_BYTES = 64 * 1024;
const MAX_DEPTH = 16;

function depthOf(value: unknown, depth = 0): number {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return depth;
  let deepest = depth;
  for (const v of Object.values(value)) deepest = Math.max(deepest, depthOf(v, depth + 1));
  return deepest;
}

/**
 * Guards every write body before core sees it: JSON only (415), at most 64 KiB (413),
 * valid UTF-8 and JSON (400), not absurdly nested (400). The parsed value is left in `c.var.body`.
 */
export const jsonBody: MiddlewareHandler<{ Variables: { body: unknown } }> = async (c, next) => {
  const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type))
    return problem(c, 415, say('http.notJsonType'));
  return bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (ctx: Context) => problem(ctx, 413, say('http.tooLarge', { max: MAX_BODY_BYTES })),
  })(c, async () => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      c.res = problem(c, 400, say('http.notUtf8'));
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      c.res = problem(c, 400, say('http.notJson', { reason: (err as Error).message }));
      return;
    }
    if (depthOf(parsed) > MAX_DEPTH) {
      c.res = problem(c, 400, say('http.tooDeep', { max: MAX_DEPTH }));
      return;
    }
    c.set('body', parsed);
    await next();
  });
};
