import type { Context } from 'hono';

/**
 * The request as a log line names it: the method and the path as sent, percent-escapes kept.
 * `c.req.path` is decoded, so a `%0a` in a URL would start a line of the attacker's making
 * (bad input 4); the URL parser leaves line breaks escaped.
 */
export const requestLine = (c: Context): string => `${c.req.method} ${new URL(c.req.url).pathname}`;
