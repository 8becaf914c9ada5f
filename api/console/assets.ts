import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Context } from 'hono';

const CSS = readFileSync(new URL('./console.css', import.meta.url));
const VERSION = createHash('sha256').update(CSS).digest('base64url').slice(0, 16);
const ETAG = `"${VERSION}"`;

/** The stylesheet's address: the content's hash in the query, so that a new release is fetched at once. */
export const cssHref = `/admin/assets/console.css?v=${VERSION}`;

/**
 * `/admin/assets/console.css`: immutable for a year when asked by this content's hash (pages link
 * it so), revalidated by ETag otherwise. Public: it holds nothing of anyone's.
 */
export function serveCss(c: Context): Response {
  const versioned = c.req.query('v') === VERSION;
  const headers = {
    'Content-Type': 'text/css; charset=utf-8',
    ETag: ETAG,
    'Cache-Control': versioned ? 'public, max-age=31536000, immutable' : 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  };
  if (
    c.req
      .header('If-None-Match')
      ?.split(/\s*,\s*/)
      .includes(ETAG)
  )
    return new Response(null, { status: 304, headers });
  return new Response(c.req.method === 'HEAD' ? null : CSS, { status: 200, headers });
}
