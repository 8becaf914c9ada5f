import { exportPath } from '../publish/export-files.ts';
import type { Encoding, Generation, ManifestEntry } from '../publish/store.ts';

/** One object the bucket should hold: a published file's bytes in one encoding. */
export interface WantedObject {
  key: string;
  entry: ManifestEntry;
  encoding: Encoding;
}

/**
 * What makes an object current: the same bytes (hash and encoding) with the same headers. A
 * republish that only changes a file's Cache-Control uploads it again; an unchanged file is not.
 */
export function signatureOf(o: Pick<WantedObject, 'entry' | 'encoding'>): string {
  return [o.entry.hash, o.encoding, o.entry.contentType, o.entry.cacheControl].join('\n');
}

/** The mirror's own record, under the prefix beside the site (a published file of that name would be left out). */
export const STATE_NAME = '.shirase-mirror.json';

export const keyIn = (prefix: string, rel: string) => (prefix ? `${prefix}/${rel}` : rel);

/** The page the bucket's website endpoint or the CDN answers with 404 (its "error document"). */
export const ERROR_DOCUMENT = '/404.html';

/**
 * A bucket answers every object it holds with 200: a page the server answers 404 (a deleted
 * incident's address) stays out of it, so that the error document answers there with 404.
 */
export const mirrored = (entry: ManifestEntry) => entry.status < 400 || entry.path === ERROR_DOCUMENT;

const SUFFIX: Record<Encoding, string> = { identity: '', gzip: '.gz', br: '.br' };

/**
 * The bucket's keys for a generation, laid out as the DR export writes a folder (export-files.ts):
 * a page `/x/` is `x/index.html`, and the precompressed variants are siblings `.gz` and `.br`.
 */
export function wantedObjects(gen: Generation, prefix: string): Map<string, WantedObject> {
  const wanted = new Map<string, WantedObject>();
  for (const entry of gen.files) {
    const rel = exportPath(entry.path);
    // The store never holds such a path; the bucket must not get one that escapes the prefix either.
    if (rel === null || rel === STATE_NAME || !mirrored(entry)) continue;
    for (const encoding of ['identity', 'gzip', 'br'] as const) {
      if ((encoding === 'gzip' && !entry.gzip) || (encoding === 'br' && !entry.br)) continue;
      const key = keyIn(prefix, rel + SUFFIX[encoding]);
      wanted.set(key, { key, entry, encoding });
    }
  }
  return wanted;
}

/** The headers an object is stored with: the file's own type and caching; a variant says its encoding. */
export function headersOf(o: WantedObject): { ContentType: string; CacheControl: string; ContentEncoding?: string } {
  const headers = { ContentType: o.entry.contentType, CacheControl: o.entry.cacheControl };
  return o.encoding === 'identity' ? headers : { ...headers, ContentEncoding: o.encoding };
}

/**
 * What a pass does: upload what the bucket lacks or holds stale (by the recorded signatures; a key
 * recorded as null exists with unknown content), then delete what the site no longer publishes.
 */
export function planPass(
  wanted: Map<string, WantedObject>,
  held: Map<string, string | null>,
): { upload: WantedObject[]; remove: string[] } {
  const upload = [...wanted.values()].filter((o) => held.get(o.key) !== signatureOf(o));
  const remove = [...held.keys()].filter((k) => !wanted.has(k)).sort();
  return { upload, remove };
}
