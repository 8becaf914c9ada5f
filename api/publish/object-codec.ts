/**
 * How a published file becomes a stored object: its hash (the ETag) and its precompressed variants.
 * Shared by the store (api/publish/store.ts, on the serving thread) and the render thread, which
 * stores what it renders itself (pack-writer.ts): both must make the very same bytes and hashes.
 * Imports no module of ours, so that the render thread loads it by stripping types.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';

// zlib's callback API runs each compression on libuv's thread pool, off the calling thread.
const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

const COMPRESSIBLE =
  /^(text\/|application\/(json|xml|rss\+xml|atom\+xml|feed\+json|javascript|problem\+json|manifest\+json)|image\/svg\+xml|text\/calendar)/;

/** First 22 characters of the base64url SHA-256 of the identity bytes. */
export const hashOf = (body: Uint8Array) => createHash('sha256').update(body).digest('base64url').slice(0, 22);

/** Files read by most readers, and by every poller: kept in memory in preference to the others. */
export function isPreferred(urlPath: string): boolean {
  return (
    urlPath === '/' ||
    urlPath === '/en/' ||
    urlPath.startsWith('/api/v2/') ||
    /\.(atom|rss|xml)$/.test(urlPath) ||
    /(^|\/)feed\.json$/.test(urlPath) ||
    /(^|\/)badge[^/]*\.svg$/.test(urlPath)
  );
}

/** The smallest window brotli allows that holds the whole body (2^10 to 2^24 bytes). */
const brotliWindow = (length: number) =>
  Math.min(
    constants.BROTLI_MAX_WINDOW_BITS,
    Math.max(constants.BROTLI_MIN_WINDOW_BITS, Math.ceil(Math.log2(length + 1))),
  );

/** Whether a body gets gzip and brotli variants: not a type not worth compressing, nor a tiny body. */
export const isCompressible = (contentType: string, length: number) => COMPRESSIBLE.test(contentType) && length > 256;

// Level 6, not 9: over the 8,608 compressible files of a five-year site (150 MB) 9 took 17 % more
// CPU (1.29 s against 1.07 s) for 0.4 % fewer bytes; most readers take brotli anyway.
const GZIP_OPTIONS = { level: 6 };
// Quality 5, not 11: on the 140 KB home page 11 took ~65 ms and 5 ~1 ms for 8 % more bytes
// (5.4 KB vs 5.0 KB); publishing is on the path to the reader, so speed wins here. A window
// fitted to the body: the default 4 MiB one is allocated and cleared for every file, which on
// the five-year site cost ~1.3 s of CPU more and 25-45 MiB more at the peak, for no fewer bytes.
const brotliOptions = (length: number) => ({
  params: {
    [constants.BROTLI_PARAM_QUALITY]: 5,
    [constants.BROTLI_PARAM_SIZE_HINT]: length,
    [constants.BROTLI_PARAM_LGWIN]: brotliWindow(length),
  },
});

/** The gzip and brotli variants of a body, or none for a type not worth compressing or a tiny body. */
export async function encodeVariants(
  body: Buffer,
  contentType: string,
): Promise<{ gzip: Buffer | null; br: Buffer | null }> {
  if (!isCompressible(contentType, body.length)) return { gzip: null, br: null };
  const [gz, br] = await Promise.all([gzipAsync(body, GZIP_OPTIONS), brotliAsync(body, brotliOptions(body.length))]);
  return { gzip: gz, br };
}

/**
 * The same variants, the same bytes, made on the calling thread: for a thread that does nothing
 * else (compress-worker.ts), where the callback API's streams and hops to libuv's pool cost more
 * CPU than the compression itself.
 */
export function encodeVariantsSync(body: Buffer, contentType: string): { gzip: Buffer | null; br: Buffer | null } {
  if (!isCompressible(contentType, body.length)) return { gzip: null, br: null };
  return { gzip: gzipSync(body, GZIP_OPTIONS), br: brotliCompressSync(body, brotliOptions(body.length)) };
}

/** A rendered page's content type as published: text without a charset is UTF-8 (what Astro writes). */
export function pageContentType(type: string | null): string {
  const contentType = type || 'text/html';
  return /^text\//.test(contentType) && !/charset=/i.test(contentType) ? `${contentType}; charset=utf-8` : contentType;
}
