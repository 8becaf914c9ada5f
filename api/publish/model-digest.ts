import { createHash } from 'node:crypto';
import type { SiteModel } from '../core/model.ts';

/**
 * A hash of the model's data, its reading time (`generatedAt`) aside: the part of a publish's
 * fingerprint that grows with history (6.4 MB of JSON on five years, 100-160 ms of CPU), so it is
 * computed where the model already is, on the render thread, when it can be (renderer.ts).
 */
export function modelDigest(model: SiteModel): string {
  const { generatedAt: _, ...data } = model;
  const hash = createHash('sha256');
  // Record by record: one string of years of history would be tens of megabytes at once.
  for (const [key, value] of Object.entries(data)) {
    hash.update(`\0${key}\0`);
    if (Array.isArray(value)) for (const record of value) hash.update(`${JSON.stringify(record)}\n`);
    else hash.update(JSON.stringify(value));
  }
  return hash.digest('base64url');
}
