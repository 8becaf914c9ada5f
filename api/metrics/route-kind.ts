/**
 * What a request was for, in a small fixed set (a Prometheus label: one series per kind, however
 * many URLs the site has), and its answer's class. Decided from the URL alone, on the serving
 * thread's hot path: a few string comparisons, nothing allocated unless the URL has a query.
 */
export const ROUTE_KINDS = [
  'page',
  'status_json',
  'feed',
  'calendar',
  'badge',
  'embed',
  'asset',
  'api',
  'console',
  'subscription',
  'monitoring',
  'other',
] as const;
export type RouteKind = (typeof ROUTE_KINDS)[number];

export const CODE_CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const;

/** The paths the monitoring routes answer (api/metrics/routes.ts). */
export const MONITORING_PATHS = ['/healthz', '/readyz', '/metrics'] as const;

const K = Object.fromEntries(ROUTE_KINDS.map((k, i) => [k, i])) as Record<RouteKind, number>;

const under = (path: string, base: string) =>
  path.startsWith(base) && (path.length === base.length || path[base.length] === '/');

/** The kind's index in ROUTE_KINDS. */
export function kindIndexOf(url: string): number {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (path.startsWith('/api/'))
    return under(path, '/api/v1') ? K.api : path.startsWith('/api/v2/') ? K.status_json : K.other;
  if (under(path, '/admin') || under(path, '/en/admin')) return K.console;
  if (under(path, '/subscription')) return K.subscription;
  if (path.endsWith('/')) return K.page;
  if (path.startsWith('/assets/') || path.startsWith('/favicon.')) return K.asset;
  if (path.endsWith('.atom') || path.endsWith('.rss') || path.endsWith('/history.json')) return K.feed;
  if (path.endsWith('.ics')) return K.calendar;
  if (path === '/badge.svg' || path === '/en/badge.svg') return K.badge;
  if (path.startsWith('/embed/') || path.startsWith('/en/embed/')) return K.embed;
  if (path === '/healthz' || path === '/readyz' || path === '/metrics') return K.monitoring;
  return path.endsWith('.html') ? K.page : K.other;
}

/** The index in CODE_CLASSES of an HTTP status (1xx, never answered here, counts with 2xx). */
export function codeClassIndexOf(status: number): number {
  return status < 300 ? 0 : status < 400 ? 1 : status < 500 ? 2 : 3;
}
