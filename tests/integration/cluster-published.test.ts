import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import {
  currentGeneration,
  fetchObjects,
  hashesOf,
  missingObjects,
  shareGeneration,
} from '../../api/server/cluster-published.ts';
import type { Generation, StoredObject } from '../../api/server/cluster-types.ts';
import { publishedGenerations, publishedObjects } from '../../db/schema/index.ts';
import { describeEachDatabase } from '../support/db.ts';

const hashOf = (body: Buffer) => createHash('sha256').update(body).digest('base64url').slice(0, 22);

/** A generation of the given pages, with the bytes the publisher would hold for it. */
function site(id: string, pages: Record<string, string>) {
  const objects = new Map<string, StoredObject>();
  const files = Object.entries(pages).map(([path, text]) => {
    const identity = Buffer.from(text);
    const hash = hashOf(identity);
    objects.set(hash, { identity, gzip: Buffer.from(`gz:${text}`), br: null });
    return {
      path,
      contentType: 'text/html; charset=utf-8',
      status: 200,
      hash,
      lastModified: '2026-11-30T12:00:00.000Z',
      cacheControl: 'public, max-age=30',
      gzip: true,
      br: false,
    };
  });
  const gen: Generation = { id, publishedAt: '2026-11-30T12:00:00.000Z', meta: {}, files };
  const read = async (hash: string) => objects.get(hash)!;
  return { gen, objects, read };
}

describeEachDatabase('the published site shared through the database', ({ database }) => {
  const db = () => database().db;
  beforeEach(async () => {
    await db().execute(sql`truncate published_generations, published_objects`);
  });

  it('a shared generation is what another instance reads: its manifest, and every file its manifest names', async () => {
    const one = site('g1', { '/': 'home', '/en/': 'home en', '/api/v2/summary.json': '{}' });
    await expect(currentGeneration(db())).resolves.toBeNull();
    await shareGeneration(db(), one.gen, one.read);
    const current = await currentGeneration(db());
    expect(current).toEqual(one.gen);
    const fetched = await fetchObjects(db(), hashesOf(current!));
    expect(fetched).toEqual(one.objects);
  });

  it('a second publish uploads only the files whose bytes are new', async () => {
    const one = site('g1', { '/': 'home', '/en/': 'home en' });
    const two = site('g2', { '/': 'home, updated', '/en/': 'home en' });
    await shareGeneration(db(), one.gen, one.read);
    const report = await shareGeneration(db(), two.gen, two.read);
    expect(report.uploaded).toBe(1);
    // The same when the publisher says which objects the database holds (those of the current generation).
    const three = site('g3', { '/': 'home, updated again', '/en/': 'home en' });
    const told = await shareGeneration(db(), three.gen, three.read, { known: new Set(hashesOf(two.gen)) });
    expect(told.uploaded).toBe(1);
    await expect(missingObjects(db(), hashesOf(three.gen))).resolves.toEqual([]);
    await expect(missingObjects(db(), hashesOf(two.gen))).resolves.toEqual([]);
  });

  it('a publisher that dies after uploading part of a generation leaves the current one whole and current', async () => {
    const one = site('g1', { '/': 'home', '/en/': 'home en' });
    await shareGeneration(db(), one.gen, one.read);
    const two = site('g2', { '/': 'new home', '/en/': 'new home en', '/history/': 'history' });
    let read = 0;
    const dies = async (hash: string) => {
      if (++read === 3) throw new Error('killed mid-publish');
      return two.objects.get(hash)!;
    };
    // One object per batch, so that two have been uploaded when it dies.
    await expect(shareGeneration(db(), two.gen, dies, { batchBytes: 1 })).rejects.toThrow('killed mid-publish');
    await expect(missingObjects(db(), hashesOf(two.gen))).resolves.toHaveLength(1);

    const current = await currentGeneration(db());
    expect(current?.id).toBe('g1');
    const fetched = await fetchObjects(db(), hashesOf(current!));
    expect([...fetched.keys()].sort()).toEqual(hashesOf(one.gen).sort());

    // The next publisher finishes the job and the site switches at once, whole.
    await shareGeneration(db(), two.gen, two.read);
    expect((await currentGeneration(db()))?.id).toBe('g2');
    expect(await fetchObjects(db(), hashesOf(two.gen))).toEqual(two.objects);
  });

  it('an upload stopped with its instance ends after the query in flight, and the current generation stays the previous one', async () => {
    const one = site('g1', { '/': 'home' });
    await shareGeneration(db(), one.gen, one.read);
    const two = site('g2', { '/': 'new home', '/en/': 'new home en', '/history/': 'history' });
    const stopping = new AbortController();
    let read = 0;
    const stopsAfterTwo = async (hash: string) => {
      if (++read === 2) stopping.abort(new Error('the instance is stopping'));
      return two.objects.get(hash)!;
    };
    await expect(
      shareGeneration(db(), two.gen, stopsAfterTwo, { batchBytes: 1, signal: stopping.signal }),
    ).rejects.toThrow('the instance is stopping');
    // The first object's batch went in; the second was read but never sent, nor was the switch.
    await expect(missingObjects(db(), hashesOf(two.gen))).resolves.toHaveLength(2);
    expect((await currentGeneration(db()))?.id).toBe('g1');
  });

  it('only the current and the previous generations are kept, with the bytes they name and nothing else', async () => {
    const gens = [1, 2, 3, 4].map((n) => site(`g${n}`, { '/': `home ${n}`, '/en/': 'home en' }));
    await shareGeneration(db(), gens[0]!.gen, gens[0]!.read);
    // Uploaded by a publisher that died before its switch.
    await db()
      .insert(publishedObjects)
      .values({ hash: 'orphan', identity: Buffer.from('never published') });
    for (const g of gens.slice(1)) await shareGeneration(db(), g.gen, g.read);

    const gensKept = await db()
      .select({ id: publishedGenerations.id, current: publishedGenerations.current })
      .from(publishedGenerations)
      .orderBy(publishedGenerations.id);
    expect(gensKept.map((r) => `${r.id}${r.current ? ' (current)' : ''}`)).toEqual(['g3', 'g4 (current)']);
    const kept = await db().select({ hash: publishedObjects.hash }).from(publishedObjects);
    const named = new Set([...hashesOf(gens[2]!.gen), ...hashesOf(gens[3]!.gen)]);
    expect(kept.map((r) => r.hash).sort()).toEqual([...named].sort());
  });

  it('a switch stores the manifest compressed with the hashes a prune keeps, not as jsonb PostgreSQL parses', async () => {
    const one = site('g1', { '/': 'home', '/en/': 'home en', '/history/': 'home' });
    const two = site('g2', { '/': 'home 2', '/en/': 'home en' });
    // The first generation made current again (its row still kept as the previous one): the same row, rewritten.
    for (const g of [one, two, one]) await shareGeneration(db(), g.gen, g.read);
    await expect(currentGeneration(db())).resolves.toEqual(one.gen);
    const [row] = await db()
      .select({
        manifest: publishedGenerations.manifest,
        gzipped: publishedGenerations.manifestGzip,
        hashes: publishedGenerations.hashes,
      })
      .from(publishedGenerations)
      .where(sql`${publishedGenerations.current}`);
    expect(row?.manifest).toBeNull();
    expect(row?.gzipped?.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(row?.hashes?.toSorted()).toEqual(hashesOf(one.gen).toSorted());
  });

  it('a generation an older instance shared as jsonb is still read, and its bytes are kept while it is', async () => {
    const old = site('g0', { '/': 'home then', '/en/': 'home en' });
    await db()
      .insert(publishedObjects)
      .values([...old.objects].map(([hash, o]) => ({ hash, ...o })));
    await db().execute(
      sql`insert into published_generations (id, published_at, manifest, current) values ('g0', now(), ${JSON.stringify(old.gen)}::jsonb, true)`,
    );
    await expect(currentGeneration(db())).resolves.toEqual(old.gen);

    const one = site('g1', { '/': 'home now', '/en/': 'home en' });
    await shareGeneration(db(), one.gen, one.read);
    // The previous generation, still being installed elsewhere: every object it names stays.
    await expect(missingObjects(db(), hashesOf(old.gen))).resolves.toEqual([]);
    const two = site('g2', { '/': 'home later', '/en/': 'home en' });
    await shareGeneration(db(), two.gen, two.read);
    await expect(missingObjects(db(), hashesOf(old.gen))).resolves.toEqual([hashOf(Buffer.from('home then'))]);
  });
});
