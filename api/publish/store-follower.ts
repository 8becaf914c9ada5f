import path from 'node:path';
import { DiskObjects, type Encoding, type ObjectLocation } from './store-objects.ts';
import { etagOf, type Generation, isPreferred, type ManifestEntry, type PublishedFile } from './store.ts';

/**
 * What changed from one generation to the next, as the serving thread needs it: the entries new or
 * changed, the paths gone, and where each object it has not been told of (or that a copy forward
 * moved) now is. A publish after a write changes a few dozen of a five-year site's 8,600 entries:
 * the follower never re-reads or re-parses the whole manifest (3 MB) on the thread that answers reads.
 */
export interface GenerationDelta {
  id: string;
  publishedAt: string;
  meta: Record<string, string>;
  /** True: the first one, `files` is every entry (the generation the store opened with). */
  whole: boolean;
  files: ManifestEntry[];
  removed: string[];
  locations: Array<[hash: string, location: ObjectLocation]>;
}

const sameEntry = (a: ManifestEntry, b: ManifestEntry) =>
  a.hash === b.hash &&
  a.contentType === b.contentType &&
  a.status === b.status &&
  a.cacheControl === b.cacheControl &&
  a.lastModified === b.lastModified &&
  a.gzip === b.gzip &&
  a.br === b.br;

/**
 * The store's side (the main thread): turns each generation it installs into a delta. It remembers
 * the location it last sent per object, so that an object copied forward into a new pack is sent
 * again although its entry did not change (its old pack is deleted once no generation names it).
 */
export class GenerationFeed {
  private sent = new Map<string, ObjectLocation>();
  private readonly location: (hash: string) => ObjectLocation | undefined;

  constructor(location: (hash: string) => ObjectLocation | undefined) {
    this.location = location;
  }

  delta(previous: Generation | null, next: Generation): GenerationDelta {
    const files: ManifestEntry[] = [];
    const removed: string[] = [];
    if (!previous) files.push(...next.files);
    else {
      const before = new Map(previous.files.map((e) => [e.path, e]));
      for (const e of next.files) {
        const old = before.get(e.path);
        // A commit keeps an unchanged file's entry as the same object: most are skipped by identity.
        if (old !== e && !(old && sameEntry(old, e))) files.push(e);
        before.delete(e.path);
      }
      removed.push(...before.keys());
    }
    const locations: GenerationDelta['locations'] = [];
    const named = new Set<string>();
    for (const { hash } of next.files) {
      if (named.has(hash)) continue;
      named.add(hash);
      const loc = this.location(hash);
      if (loc && this.sent.get(hash) !== loc) {
        locations.push([hash, loc]);
        this.sent.set(hash, loc);
      }
    }
    for (const hash of this.sent.keys()) if (!named.has(hash)) this.sent.delete(hash);
    return { id: next.id, publishedAt: next.publishedAt, meta: next.meta, whole: !previous, files, removed, locations };
  }
}

/**
 * The serving thread's copy of the published site, following the store another thread owns in the
 * same folder: answers `get`/`peek`/`read` as FileStore does (serveStatic takes either), reads the
 * packs by the locations it was told, with its own hot-file budget, and never deletes anything (the
 * owner deletes an object's pack only after this follower acknowledged a generation that no longer
 * names it).
 */
export class StoreMirror {
  private files = new Map<string, PublishedFile>();
  /** How many paths name each object: one no path names is forgotten (its cached bytes dropped). */
  private named = new Map<string, number>();
  private current: Omit<Generation, 'files'> | null = null;
  private readonly objects: DiskObjects;
  /**
   * One copy of each content type, cache policy and pack name: a delta arrives cloned, each string
   * its own copy, and the whole first one repeats a handful of them 8,600 times over.
   */
  private strings = new Map<string, string>();
  private intern = (s: string) => {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  };

  constructor(siteDir: string, hotBytes: number) {
    this.objects = new DiskObjects(path.join(siteDir, 'objects'), hotBytes, true);
  }

  /** The generation served (id, publishedAt, meta), null before anything was published. */
  generation(): Omit<Generation, 'files'> | null {
    return this.current;
  }

  get(urlPath: string): PublishedFile | undefined {
    return this.files.get(urlPath);
  }

  peek(urlPath: string, encoding: Encoding = 'identity'): Buffer | undefined {
    const f = this.files.get(urlPath);
    return f && this.objects.peek(f.hash, encoding);
  }

  read(file: Pick<PublishedFile, 'hash' | 'path'>, encoding: Encoding): Promise<Buffer> {
    return this.objects.read(file.hash, encoding, isPreferred(file.path));
  }

  /** Bytes of hot files held in memory. */
  hotBytes(): number {
    return this.objects.hotBytes;
  }

  /** Swaps the delta's generation in synchronously; what it stops naming is forgotten afterwards. */
  apply(delta: GenerationDelta): Promise<void> {
    // Placed before the swap (synchronously: `load` only stats the packs after), so every file served from here on is readable.
    const placing = this.objects.load(
      Object.fromEntries(delta.locations.map(([hash, [pack, ...rest]]) => [hash, [this.intern(pack), ...rest]])),
    );
    const released: string[] = [];
    const release = (hash: string) => {
      const n = this.named.get(hash)! - 1;
      if (n) this.named.set(hash, n);
      else {
        this.named.delete(hash);
        released.push(hash);
      }
    };
    const removed = delta.whole ? [...this.files.keys()] : delta.removed;
    for (const p of removed) {
      const f = this.files.get(p);
      if (!f) continue;
      this.files.delete(p);
      release(f.hash);
    }
    for (const e of delta.files) {
      const old = this.files.get(e.path);
      if (old) release(old.hash);
      this.files.set(e.path, {
        path: e.path,
        contentType: this.intern(e.contentType),
        status: e.status,
        hash: e.hash,
        etag: etagOf(e.hash),
        lastModified: new Date(e.lastModified),
        cacheControl: this.intern(e.cacheControl),
        gzip: e.gzip,
        br: e.br,
      });
      this.named.set(e.hash, (this.named.get(e.hash) ?? 0) + 1);
    }
    this.current = { id: delta.id, publishedAt: delta.publishedAt, meta: delta.meta };
    // A reader mid-response on a forgotten object fails its read and is answered again from the new generation (static.ts).
    const gone = released.filter((h) => !this.named.has(h));
    return placing.then(async () => {
      if (!gone.length) return;
      await this.objects.remove(gone);
      await this.objects.collect();
    });
  }
}
