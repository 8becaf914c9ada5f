import { html } from 'hono/html';

/** A page cursor from the query: a row id (a positive safe integer), anything else read as "from the newest". */
export function cursorOf(value: string | undefined): number | undefined {
  if (!value || !/^[1-9][0-9]{0,15}$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** `base + path` with the non-empty filters as its query: the link keeps what the person filtered by. */
export function pagePath(base: string, path: string, filters: Record<string, string>, before?: number): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) query.set(k, v);
  if (before !== undefined) query.set('before', String(before));
  const s = query.toString();
  return `${base}${path}${s ? `?${s}` : ''}`;
}

/** The link to the page of rows older than `before` (the last id shown), with `rel="next"`. */
export const olderLink = (base: string, path: string, filters: Record<string, string>, before: number, label: string) =>
  html`<a rel="next" href="${pagePath(base, path, filters, before)}">${label}</a>`;
