import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Encoding, FileStore, PublishedFile } from '../publish/store.ts';
import { HSTS } from '../http/security-headers.ts';
import { lazyLog } from './log-lazy.ts';
import { keepWireHead, reuseWireHead, type WireHead } from './wire-head.ts';

/** What serving needs of the published files: the store itself, or the serving thread's mirror of it (store-follower.ts). */
export type ServedFiles = Pick<FileStore, 'get' | 'peek' | 'read'>;

/** On every answer of a published file. */
const FILE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};
/** Only the embed pages (and an SVG badge) may be framed, by anyone; nothing else, not even by the site itself. */
const NOT_FRAMED = ['X-Frame-Options', 'DENY'];
/** Strict-Transport-Security, once the listener speaks TLS; empty over plain HTTP. */
let hsts: string[] = [];
/** On every other answer (405, 308, the plain 404, 500, 503). */
let SECURITY_HEADERS: Record<string, string> = { ...FILE_HEADERS, 'X-Frame-Options': 'DENY' };

/**
 * The listener speaks TLS (TLS_CERT/TLS_KEY): every answer from now on carries HSTS. Called once
 * before it listens: the published files' headers are built on first use, with it.
 */
export function servedOverHttps(): void {
  hsts = ['Strict-Transport-Security', HSTS];
  SECURITY_HEADERS = { ...SECURITY_HEADERS, 'Strict-Transport-Security': HSTS };
}
const HTML_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
/** `/embed/` pages are made to be framed by customers' portals: any ancestor, and nothing to run. */
const EMBED_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors *";
/** An SVG opened on its own is a document: the badge may style itself, and nothing else. */
const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *";
const isEmbeddable = (path: string) => /^(\/en)?\/embed\//.test(path);

/** What a client's Accept-Encoding allows of the variants we store. */
interface Accepts {
  br: boolean;
  gzip: boolean;
}
/**
 * Parsed Accept-Encoding values: clients send a handful of distinct strings, and parsing one costs
 * more than answering a hot file. Cleared when full, so odd values cannot grow it.
 */
const acceptsCache = new Map<string, Accepts>();
const ACCEPTS_CACHE_SIZE = 256;

function parseAccepts(acceptEncoding: string): Accepts {
  let found = acceptsCache.get(acceptEncoding);
  if (found) return found;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const qv = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
    q.set(name!, qv ? Number(qv[1]) : 1);
  }
  const accepts = (e: string) => (q.get(e) ?? q.get('*') ?? 0) > 0;
  found = { br: accepts('br'), gzip: accepts('gzip') };
  if (acceptsCache.size >= ACCEPTS_CACHE_SIZE) acceptsCache.clear();
  acceptsCache.set(acceptEncoding, found);
  return found;
}

/** Picks the best stored variant the client accepts (q=0 excludes), preferring brotli, then gzip. */
export function negotiate(acceptEncoding: string | undefined, file: Pick<PublishedFile, 'gzip' | 'br'>): Encoding {
  if (!acceptEncoding || !(file.br || file.gzip)) return 'identity';
  const accepts = parseAccepts(acceptEncoding);
  if (file.br && accepts.br) return 'br';
  if (file.gzip && accepts.gzip) return 'gzip';
  return 'identity';
}

/** One encoding of one published file: its response headers, built once (flat, as writeHead takes them). */
interface Variant {
  /** Every header of a 200 but Content-Length. */
  headers: string[];
  /** The same without Content-Type, for a 304. */
  notModified: string[];
  /** `headers` and the Content-Length of `length`'s bytes: the same object per file, so built once. */
  withLength: string[] | null;
  length: number;
  /** A 200's (or the 404 page's) bytes of status line and headers, for the rest of their second (wire-head.ts). */
  head: WireHead | null;
  /** The second a body was last sent with these headers: a head is kept from the second answer of a second, so only for files asked for often. */
  lastSecond: number;
}

/**
 * Each file's header sets per encoding, built on first use. Keyed by the PublishedFile object: a
 * publish replaces changed files with new objects (and keeps unchanged ones), so an entry is never
 * stale and goes with its file.
 */
const variants = new WeakMap<PublishedFile, Partial<Record<Encoding, Variant>>>();

function variantOf(file: PublishedFile, encoding: Encoding): Variant {
  let byEncoding = variants.get(file);
  if (!byEncoding) {
    byEncoding = {};
    variants.set(file, byEncoding);
  }
  const known = byEncoding[encoding];
  if (known) return known;
  const etag = encoding === 'identity' ? file.etag : `${file.etag.slice(0, -1)}-${encoding === 'br' ? 'br' : 'gz'}"`;
  const rest = [
    'Cache-Control',
    file.cacheControl,
    'ETag',
    etag,
    'Last-Modified',
    file.lastModified.toUTCString(),
    ...Object.entries(FILE_HEADERS).flat(),
    ...(isEmbeddable(file.path) || file.contentType.startsWith('image/svg+xml') ? [] : NOT_FRAMED),
    ...hsts,
    ...(file.contentType.startsWith('text/html')
      ? ['Content-Security-Policy', isEmbeddable(file.path) ? EMBED_CSP : HTML_CSP]
      : file.contentType.startsWith('image/svg+xml')
        ? ['Content-Security-Policy', SVG_CSP]
        : []),
    ...(file.gzip || file.br ? ['Vary', 'Accept-Encoding'] : []),
    ...(encoding === 'identity' ? [] : ['Content-Encoding', encoding]),
    ...(file.path.startsWith('/api/v2/') ? ['Access-Control-Allow-Origin', '*'] : []),
  ];
  const made: Variant = {
    headers: ['Content-Type', file.contentType, ...rest],
    notModified: rest,
    withLength: null,
    length: -1,
    head: null,
    lastSecond: -1,
  };
  byEncoding[encoding] = made;
  return made;
}

function headersWithLength(v: Variant, length: number): string[] {
  if (v.withLength && v.length === length) return v.withLength;
  v.withLength = [...v.headers, 'Content-Length', String(length)];
  v.length = length;
  return v.withLength;
}

/** RFC 9110 §13.1.2: weak comparison, so any variant's tag (and W/ prefixes) matches the same bytes. */
function matchesIfNoneMatch(header: string, etag: string): boolean {
  const base = etag.slice(1, -1);
  return header.split(',').some((raw) => {
    const tag = raw.trim().replace(/^W\//, '');
    return tag === '*' || tag.replace(/^"|"$/g, '').replace(/-(br|gz)$/, '') === base;
  });
}

/** Maps a request path to a store key; refuses anything that could escape or be read as another origin. */
export function normalisePath(rawUrl: string): string | null {
  const known = pathCache.get(rawUrl);
  if (known !== undefined) return known;
  const decoded = decodePath(rawUrl);
  if (pathCache.size >= PATH_CACHE_SIZE) pathCache.clear();
  pathCache.set(rawUrl, decoded);
  return decoded;
}
/** Request URLs already mapped: pollers ask for the same few. Cleared when full, so scans cannot grow it. */
const pathCache = new Map<string, string | null>();
const PATH_CACHE_SIZE = 1024;

function decodePath(rawUrl: string): string | null {
  const pathPart = rawUrl.split('?')[0]!.split('#')[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.startsWith('//') || decoded.includes('\\') || decoded.includes('\0'))
    return null;
  if (decoded.split('/').some((seg) => seg === '..' || seg === '.')) return null;
  return decoded;
}

/**
 * Answers a request from the published files only: no database on this path. GET and HEAD,
 * conditional requests (304), precompressed variants by Accept-Encoding, a 308 to the slashed
 * form of a page, the published 404 page otherwise. Hot files are answered from memory before it
 * returns (a plain function: an async one's promise costs more than the answer); the others are
 * read from the store's disk (whole: they are small, and one read beats a stream's setup), and
 * only then is a promise returned.
 */
export function serveStatic(
  store: ServedFiles,
  req: IncomingMessage,
  res: ServerResponse,
  retried = false,
): Promise<void> | undefined {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
    res.end('Method Not Allowed\n');
    return;
  }
  const path = normalisePath(req.url ?? '/');
  let file = path ? store.get(path) : undefined;
  if (!file && path && !path.endsWith('/') && store.get(`${path}/`)) {
    // A relative-path Location never points at another host.
    const query = (req.url ?? '').includes('?') ? (req.url ?? '').slice((req.url ?? '').indexOf('?')) : '';
    res.writeHead(308, { Location: `${encodeURI(path)}/${query}`, ...SECURITY_HEADERS });
    res.end();
    return;
  }
  file ??= store.get('/404.html');
  if (!file) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
    res.end('Not Found\n');
    return;
  }
  const headers = req.headers;
  const encoding = negotiate(headers['accept-encoding'], file);
  const variant = variantOf(file, encoding);
  const inm = headers['if-none-match'];
  const ims = headers['if-modified-since'];
  const notModified =
    file.status === 200 &&
    (inm !== undefined
      ? matchesIfNoneMatch(inm, file.etag)
      : ims !== undefined && Date.parse(ims) >= file.lastModified.getTime());
  if (notModified) {
    res.writeHead(304, variant.notModified);
    res.end();
    return;
  }
  const status = file.path === '/404.html' && path !== '/404.html' ? 404 : file.status;
  const body = store.peek(file.path, encoding);
  if (body) {
    send(req, res, status, variant, body);
    return;
  }
  return fromDisk(store, req, res, file, encoding, status, variant, retried);
}

function send(req: IncomingMessage, res: ServerResponse, status: number, variant: Variant, body: Buffer): void {
  if (req.method === 'HEAD') {
    res.writeHead(status, headersWithLength(variant, body.length));
    res.end();
    return;
  }
  const now = Date.now();
  if (variant.head && reuseWireHead(res, variant.head, status, body.length, now)) {
    res.end(body);
    return;
  }
  res.writeHead(status, headersWithLength(variant, body.length));
  const second = Math.floor(now / 1000);
  if (variant.lastSecond === second) variant.head = keepWireHead(res, status, body.length, now) ?? variant.head;
  variant.lastSecond = second;
  res.end(body);
}

async function fromDisk(
  store: ServedFiles,
  req: IncomingMessage,
  res: ServerResponse,
  file: PublishedFile,
  encoding: Encoding,
  status: number,
  variant: Variant,
  retried: boolean,
): Promise<void> {
  let body: Buffer;
  try {
    body = await store.read(file, encoding);
  } catch (err) {
    // A publish may have retired this generation's object while it was read: answer as published now.
    if (!retried && store.get(file.path) !== file) return serveStatic(store, req, res, true);
    lazyLog('error')(`serving ${file.path}: its stored bytes could not be read: ${(err as Error).message}`);
    res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
    res.end('Internal Server Error\n');
    return;
  }
  send(req, res, status, variant, body);
}

/** Retry-After for a public page asked for before anything was ever published: a first start takes seconds. */
const NOTHING_PUBLISHED_RETRY_SECONDS = 5;

/** A first start (no output on disk yet): says so, rather than a 404 for a page that will exist. */
export function serveNothingPublished(res: ServerResponse): void {
  res.writeHead(503, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Retry-After': String(NOTHING_PUBLISHED_RETRY_SECONDS),
    'Cache-Control': 'no-store',
    ...SECURITY_HEADERS,
  });
  res.end('This status page is starting and has not been published yet. Try again in a few seconds.\n');
}

/** Which door a request URL goes to: the operator API, the subscription pages, the admin console, /readyz, /metrics and the test clock are answered by the backend, /healthz by the listening thread, the rest from the published files. */
export function doorOf(url: string, testClockPath: string | null): 'api' | 'testClock' | 'health' | 'static' {
  if (testClockPath && (url === testClockPath || url.startsWith(`${testClockPath}?`))) return 'testClock';
  if (url === '/api/v1' || url.startsWith('/api/v1/') || url.startsWith('/api/v1?')) return 'api';
  if (url === '/subscription' || url.startsWith('/subscription/') || url.startsWith('/subscription?')) return 'api';
  for (const base of ['/admin', '/en/admin'])
    if (url === base || url.startsWith(`${base}/`) || url.startsWith(`${base}?`)) return 'api';
  // /readyz and /metrics need the database and the process's state (api/metrics/routes.ts); /healthz
  // is answered by the thread that listens (api/metrics/liveness.ts).
  if (url.startsWith('/healthz') || url.startsWith('/readyz') || url.startsWith('/metrics')) {
    const path = url.split('?')[0];
    if (path === '/healthz') return 'health';
    if (path === '/readyz' || path === '/metrics') return 'api';
  }
  return 'static';
}
