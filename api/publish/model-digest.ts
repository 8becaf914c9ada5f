import { createHash } from 'node:crypto';
import type { SiteModel } from '../core/model.ts';

/**
 * A hash of the model's data, its reading time (`generatedAt`) aside: the part of a publish's
 * fingerprint that grows with history (6.4 MB of JSON on five years, 100-160 ms of CPU when no
 * record's digest is known yet), so it is computed where the model already is, on the render
 * thread, when it can be (render-thread.ts).
 */
export function modelDigest(model: SiteModel): string {
  const { generatedAt: _, ...data } = model;
  const hash = createHash('sha256');
  // Record by record: one string of years of history would be tens of megabytes at once.
  for (const [key, value] of Object.entries(data)) {
    hash.update(`\0${key}\0`);
    if (Array.isArray(value)) for (const record of value) hash.update(`${recordDigest(record)}\n`);
    else hash.update(JSON.stringify(value));
  }
  return hash.digest('base64url');
}

/**
 * Each record's own digest, kept while the record lives. The model's records are never changed
 * once built, and a model after a write shares its unchanged incidents with the one before (on
 * the render thread too: render-thread.ts sends only the changed ones), so a publish after a write
 * hashes the records it changed instead of the 6.4 MB of five years.
 */
const recordDigests = new WeakMap<object, string>();

function recordDigest(record: unknown): string {
  if (typeof record !== 'object' || record === null) return JSON.stringify(record);
  let digest = recordDigests.get(record);
  if (digest === undefined) {
    digest = createHash('sha256').update(JSON.stringify(record)).digest('base64url');
    recordDigests.set(record, digest);
  }
  return digest;
}
