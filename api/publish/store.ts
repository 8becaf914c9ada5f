import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import pLimit from 'p-limit';
import { type FolderLock, lockFolder } from '../../db/folder-lock.ts';
import { lazyLog } from '../server/log-lazy.ts';
import { encodeVariants, hashOf, isPreferred } from './object-codec.ts';
import { isStored, type PublishInput, type StageSink, type StoredInput } from './stage-sink.ts';
import {
  DiskObjects,
  type Encoding,
  MemoryObjects,
  type ObjectBatch,
  type ObjectBytes,
  type ObjectLocation,
  type Objects,
} from './store-objects.ts';

export type { Encoding, ObjectBytes } from './store-objects.ts';

/** One file of a generation, as written in its manifest (no bytes: those are objects named by `hash`). */
export interface ManifestEntry {
  path: string;
  contentType: string;
  status: number;
  /** First 22 characters of the base64url SHA-256 of the identity bytes; the ETag is `"<hash>"`. */
  hash: string;
  /** ISO 8601: when these bytes were first published at this path (an identical republish keeps it). */
  lastModified: string;
  cacheControl: string;
  gzip: boolean;
  br: boolean;
}

/** One published state of the whole site: a reader sees one generation or the next, never a mix. */
export interface Generation {
  id: string;
  publishedAt: string;
  /** What the publisher needs to know whether this output is still current (fingerprint, valid until). */
  meta: Record<string, string>;
  files: ManifestEntry[];
}

/** A published file's metadata, answered synchronously; its bytes come from `FileStore.read`. */
export interface PublishedFile {
  path: string;
  contentType: string;
  status: number;
  hash: string;
  /** Quoted strong validator of the identity bytes. */
  etag: string;
  /** When these bytes were first published (an identical republish keeps it: honest dates). */
  lastModified: Date;
  cacheControl: string;
  gzip: boolean;
  br: boolean;
}

export interface FileInput {
  path: string;
  contentType: string;
  body: Buffer;
  status?: number;
  cacheControl?: string;
}

/**
 * A generation being built file by file (`FileStore.stage`): what the publisher hands pages to as they
 * render, so that a publish holds a few bodies at a time rather than all of them until its commit.
 */
export interface StoreStage {
  /** Hashes the file; when it differs from the current generation's, compresses it (off the calling thread) and
   *  writes its objects; keeps no reference to `input.body` after it resolves. Resolves when accepted: callers may
   *  have a few adds in flight (it bounds its own concurrency and memory). A file another thread stored through
   *  `sink` is only named. */
  add(input: PublishInput): Promise<void>;
  /** Where another thread may write this stage's objects itself; null for a store in memory (bodies come here). */
  sink?(): StageSink | null;
  /** Swaps in the new generation atomically (files added + the current generation's files not added and not in
   *  `remove`, exactly as commit does today); resolves with the changed paths. */
  commit(remove?: string[], meta?: Record<string, string>): Promise<string[]>;
  /** Drops the stage; objects written only for it are removed or left for the store's collection. */
  abort(): Promise<void>;
}

type Flags = { gzip: boolean; br: boolean };
type Staged = Omit<PublishedFile, 'etag' | 'lastModified'>;

/** Resolves once whoever follows the store no longer reads the objects only `previous` named. */
export type InstalledListener = (previous: Generation | null, next: Generation) => Promise<void> | void;

export type CommittedListener = (
  gen: Generation,
  objects: (hash: string) => Promise<ObjectBytes>,
) => Promise<void> | void;

/** Short freshness so readers see news quickly; stale-if-error keeps a CDN answering through an outage of ours. */
export const DEFAULT_CACHE_CONTROL = 'public, max-age=30, stale-while-revalidate=60, stale-if-error=86400';
/** PUBLISH_HOT_BYTES's default: the home pages, /api/v2/*, the feeds and the badge of a long history fit. */
export const DEFAULT_HOT_BYTES = 32 * 1024 * 1024;

/**
 * How many files are compressed at once. Unbounded, every buffer and zlib context is alive at once:
 * 10,000 files of 20 KB peaked at 3,376 MiB and took 58.7 s here (2 cores, shared), against ~640 MiB
 * and 25–32 s with 1 to 16 at a time (~300 MiB of it the inputs, ~140 MiB the outputs kept); the
 * time barely moves with the bound, since libuv's pool has 4 threads, so 2 per core it is.
 */
export const COMPRESSION_CONCURRENCY = Math.max(2, 2 * availableParallelism());
/** One bound for every store and stage of the process: they share libuv's four threads. */
const compressing = pLimit(COMPRESSION_CONCURRENCY);

let peakCompressing = 0;
let compressions = 0;
/** Files being compressed and written now, the most at once since `resetCompressionPeak`, and how many ever (tests). */
export function compressionLoad(): { active: number; peak: number; started: number } {
  return { active: compressing.activeCount, peak: peakCompressing, started: compressions };
}
export function resetCompressionPeak(): void {
  peakCompressing = compressing.activeCount;
}

export { isPreferred };

export const etagOf = (hash: string) => `"${hash}"`;

/**
 * Each file's manifest entry and its JSON, made once: an unchanged file stays the same object from
 * one generation to the next, and a small publish then writes the manifest of a whole five-year site
 * (8,600 entries, 3 MB) by joining strings already made (JSON.stringify of it all and the entries
 * took ~40 ms of each publish on the loaded two cores).
 */
const entries = new WeakMap<PublishedFile, ManifestEntry>();
const entryJson = new WeakMap<ManifestEntry, string>();

function toFile(e: ManifestEntry): PublishedFile {
  const file = { ...e, etag: etagOf(e.hash), lastModified: new Date(e.lastModified) };
  entries.set(file, e);
  return file;
}
function toEntry(f: PublishedFile): ManifestEntry {
  let e = entries.get(f);
  if (!e) {
    e = newEntry(f);
    entries.set(f, e);
  }
  return e;
}
function jsonOf(e: ManifestEntry): string {
  let json = entryJson.get(e);
  if (json === undefined) {
    json = JSON.stringify(e);
    entryJson.set(e, json);
  }
  return json;
}
/** The manifest as JSON.stringify({ ...gen, objects }) writes it, from the entries' JSON made once. */
function manifestJson(gen: Generation, objects: string | null): string {
  const head = JSON.stringify({ id: gen.id, publishedAt: gen.publishedAt, meta: gen.meta });
  return `${head.slice(0, -1)},"files":[${gen.files.map(jsonOf).join(',')}]${objects === null ? '' : `,"objects":${objects}`}}`;
}
function newEntry(f: PublishedFile): ManifestEntry {
  return {
    path: f.path,
    contentType: f.contentType,
    status: f.status,
    hash: f.hash,
    lastModified: f.lastModified.toISOString(),
    cacheControl: f.cacheControl,
    gzip: f.gzip,
    br: f.br,
  };
}

/** Counted here: the files this thread compressed (a render thread that stores its own counts none). */
async function compress(body: Buffer, contentType: string): Promise<{ gzip: Buffer | null; br: Buffer | null }> {
  peakCompressing = Math.max(peakCompressing, compressing.activeCount);
  compressions++;
  return encodeVariants(body, contentType);
}

async function writeDurably(file: string, text: string) {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
  // The rename itself is durable once the directory is.
  const dir = await open(path.dirname(file), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

const GENERATION_FILE = /^(\d{12})\.json$/;
/** Stages' ids (`StageSink.id`), unique in the process. */
let lastStageId = 0;

/**
 * The published site. Each commit prepares its files first (hashing; compressing only bytes not
 * already stored; writing objects), then installs a new generation in one step: on disk by renaming
 * its manifest into place, in memory by one synchronous swap. So a reader, and a restart after a
 * kill at any point, sees the old generation or the new one, never half of each.
 *
 * `FileStore.open({ dir })` keeps the objects under `dir` (`<DATA_DIR>/site`) and only the hot ones
 * in memory; `new FileStore()` keeps everything in memory (DATA_DIR=memory, tests).
 */
export class FileStore {
  private files = new Map<string, PublishedFile>();
  private current: Generation | null = null;
  /** Hashes of the current generation and the previous one, whose readers may be mid-response. */
  private live = new Set<string>();
  private previousLive = new Set<string>();
  /** Which variants each object of those two generations has. */
  private flags = new Map<string, Flags>();
  private previousFlags = new Map<string, Flags>();
  /** Objects an open stage uses (by how many stages): kept whatever generation is installed meanwhile. */
  private pins = new Map<string, number>();
  /** Objects no generation names any more whose removal waits for the stages that use them. */
  private unpinnedLater = new Set<string>();
  private seq = 0;
  /** The generation served has no manifest on disk yet (its write failed): the next commit writes one whatever changed. */
  private manifestBehind = false;
  private swept = false;
  private queue: Promise<unknown> = Promise.resolve();
  private listeners: CommittedListener[] = [];
  private installedListeners: InstalledListener[] = [];
  private readonly objects: Objects;
  private readonly dir: string | null;
  private readonly lock: FolderLock | null;
  private readOnly = false;

  constructor(dir: string | null = null, hotBytes = DEFAULT_HOT_BYTES, lock: FolderLock | null = null) {
    this.dir = dir;
    this.lock = lock;
    this.objects = dir ? new DiskObjects(path.join(dir, 'objects'), hotBytes) : new MemoryObjects();
  }

  /**
   * Opens the store: with a directory, the last committed generation on disk is served at once
   * (only its manifest is read, no object), and the directory is locked to this process.
   */
  static async open(opts: { dir: string | null; hotBytes: number }): Promise<FileStore> {
    if (!opts.dir) return new FileStore(null, opts.hotBytes);
    const dir = path.resolve(opts.dir);
    await mkdir(path.join(dir, 'generations'), { recursive: true });
    // Two processes on one folder would each remove the objects of the other's generations.
    const lock = lockFolder(dir, { holds: 'the published site' });
    try {
      const store = new FileStore(dir, opts.hotBytes, lock);
      await store.load();
      return store;
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  /**
   * The last generation another process (a running server) installed in `dir`, to read only: no
   * lock, no commit. Its objects stay on disk until that process has committed twice more.
   */
  static async openReadOnly(dir: string): Promise<FileStore> {
    const store = new FileStore(path.resolve(dir), 1024 * 1024);
    store.readOnly = true;
    for (let attempt = 1; ; attempt++)
      try {
        await store.load();
        return store;
      } catch (err) {
        // Its owner removed that manifest after installing two newer ones: read the newest again.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 5) throw err;
      }
  }

  private async load() {
    const names = (await readdir(path.join(this.dir!, 'generations')))
      .filter((n) => GENERATION_FILE.test(n))
      .sort()
      .reverse();
    for (const name of names) {
      const text = await readFile(path.join(this.dir!, 'generations', name), 'utf8');
      let gen: Generation;
      let locations: Record<string, ObjectLocation> | undefined;
      try {
        ({ objects: locations, ...gen } = JSON.parse(text) as Generation & {
          objects?: Record<string, ObjectLocation>;
        });
      } catch {
        // Renamed into place only once whole and synced: a damaged one is disk damage, not a torn write.
        throw new Error(
          `${path.join(this.dir!, 'generations', name)} is damaged (not JSON): delete ${this.dir} to publish anew from the database.`,
        );
      }
      this.seq = Number(GENERATION_FILE.exec(name)![1]);
      if (this.objects instanceof DiskObjects) await this.objects.load(locations);
      this.install(gen);
      return;
    }
  }

  /** `files`: a commit's own, whose unchanged entries stay the same objects (a reader mid-response compares them). */
  private install(gen: Generation, files?: Map<string, PublishedFile>) {
    if (!files) {
      files = new Map();
      for (const e of gen.files) files.set(e.path, toFile(e));
    }
    this.previousLive = this.live;
    this.live = new Set(gen.files.map((e) => e.hash));
    this.previousFlags = this.flags;
    this.flags = new Map(gen.files.map((e) => [e.hash, { gzip: e.gzip, br: e.br }]));
    this.files = files;
    this.current = gen;
  }

  get(path: string): PublishedFile | undefined {
    return this.files.get(path);
  }

  paths(): string[] {
    return [...this.files.keys()].sort();
  }

  all(): PublishedFile[] {
    return this.paths().map((p) => this.files.get(p)!);
  }

  /** Opened with `openReadOnly`: another process's folder, never committed to. */
  isReadOnly(): boolean {
    return this.readOnly;
  }

  /** The generation being served; null before the first commit. */
  generation(): Generation | null {
    return this.current;
  }

  /** Where the objects are on disk (the export links them), or null for a memory store. */
  objectFile(hash: string, encoding: Encoding): string | null {
    return this.objects instanceof DiskObjects ? this.objects.file(hash, encoding) : null;
  }

  /** Where a packed object is on disk now (a copy forward moves it); undefined in memory and for objects written before packs. */
  objectLocation(hash: string): ObjectLocation | undefined {
    return this.objects instanceof DiskObjects ? this.objects.location(hash) : undefined;
  }

  /** Bytes of the hot files held in memory (a memory store: 0, it holds everything). */
  hotBytes(): number {
    return this.objects instanceof DiskObjects ? this.objects.hotBytes : 0;
  }

  /** A file's bytes in one encoding (`file.gzip`/`file.br` say which exist); hot files from memory. */
  read(file: Pick<PublishedFile, 'hash' | 'path'>, encoding: Encoding): Promise<Buffer> {
    return this.objects instanceof DiskObjects
      ? this.objects.read(file.hash, encoding, isPreferred(file.path))
      : this.objects.read(file.hash, encoding);
  }

  /** The bytes if in memory now: always in a memory store, hot files only in a disk one (tests, tools). */
  peek(path: string, encoding: Encoding = 'identity'): Buffer | undefined {
    const f = this.files.get(path);
    return f && this.objects.peek(f.hash, encoding);
  }

  /** All of a file's variants at once (the export writes them out): on disk, one read. */
  readObject(file: Pick<PublishedFile, 'hash' | 'gzip' | 'br'>): Promise<ObjectBytes> {
    return this.objectBytes(file.hash, file);
  }

  private async objectBytes(hash: string, flags: { gzip: boolean; br: boolean }): Promise<ObjectBytes> {
    if (this.objects instanceof DiskObjects) return this.objects.readAll(hash, flags);
    const read = (e: Encoding) => this.objects.read(hash, e);
    const [identity, gz, br] = await Promise.all([
      read('identity'),
      flags.gzip ? read('gzip') : null,
      flags.br ? read('br') : null,
    ]);
    return { identity, gzip: gz, br };
  }

  /**
   * Called after each commit of this store's own (not `adopt`), with a reader of its objects: once
   * the generation is served, in commit order, without the commit waiting for it (see `settled`).
   */
  onCommitted(fn: CommittedListener): void {
    this.listeners.push(fn);
  }

  /**
   * Called synchronously as each generation is swapped in (not the one `open` loaded); the objects
   * the generation before it named are removed only once what every listener returned settles.
   */
  onInstalled(fn: InstalledListener): void {
    this.installedListeners.push(fn);
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => {});
    return run;
  }

  /**
   * Starts a generation whose files arrive one by one (`add`), each hashed, compressed and written
   * as it comes so that no body is held until the commit; `commit` installs it as `commit` below does.
   */
  stage(now: Date): StoreStage {
    if (this.readOnly) throw new Error(`${this.dir} is another process's: this store only reads it`);
    const staged = new Map<string, Staged>();
    /** Objects this stage wrote (or is writing), by hash, with the variants they have. */
    const writing = new Map<string, Promise<Flags>>();
    const pins = new Set<string>();
    const pending = new Set<Promise<void>>();
    const batch = this.objects.batch();
    let failure: unknown = null;
    let state: 'open' | 'committing' | 'done' = 'open';
    let sink: StageSink | null | undefined;
    const pin = (hash: string) => {
      if (pins.has(hash)) return;
      pins.add(hash);
      this.pins.set(hash, (this.pins.get(hash) ?? 0) + 1);
    };
    const release = async () => {
      state = 'done';
      for (const h of pins) {
        const n = this.pins.get(h)! - 1;
        if (n) this.pins.set(h, n);
        else this.pins.delete(h);
      }
      // Objects whose removal waited for this stage, and those it wrote for nothing (an abort, a
      // failure, or a commit that changed nothing): a generation installed names the others.
      const candidates = [...this.unpinnedLater, ...writing.keys()];
      const stray = candidates.filter((h) => !this.live.has(h) && !this.previousLive.has(h) && !this.pins.has(h));
      for (const h of stray) this.unpinnedLater.delete(h);
      if (stray.length) await this.objects.remove(stray).catch(() => {});
      await batch.discard().catch(() => {});
    };
    const prepare = async (input: PublishInput) => {
      const hash = isStored(input) ? input.stored.hash : hashOf(input.body);
      pin(hash);
      const entry: Staged = {
        path: input.path,
        contentType: input.contentType,
        status: input.status ?? 200,
        cacheControl: input.cacheControl ?? DEFAULT_CACHE_CONTROL,
        hash,
        gzip: false,
        br: false,
      };
      staged.set(input.path, entry);
      let flags = this.flags.get(hash) ?? this.previousFlags.get(hash) ?? (await writing.get(hash));
      if (!flags && isStored(input)) flags = this.placeStored(input, batch, writing);
      else if (!flags) {
        const body = (input as FileInput).body;
        const preferred = isPreferred(input.path);
        const written = compressing(async () => {
          const variants = await compress(body, input.contentType);
          await batch.write(hash, { identity: body, ...variants });
          if (this.objects instanceof DiskObjects && preferred)
            for (const e of ['identity', 'gzip', 'br'] as const) {
              const b = e === 'identity' ? body : variants[e];
              if (b) this.objects.remember(hash, e, b, true);
            }
          return { gzip: variants.gzip !== null, br: variants.br !== null };
        });
        writing.set(hash, written);
        flags = await written;
      }
      // The same path added twice: the later add wins, whichever finished first.
      if (staged.get(input.path) === entry) Object.assign(entry, flags);
    };
    return {
      sink: () => {
        if (sink === undefined) {
          const objects = this.objects;
          let known: string[] | null = null;
          sink =
            objects instanceof DiskObjects && batch.external
              ? {
                  id: ++lastStageId,
                  keepsHot: objects.budget > 0,
                  known: () => (known ??= [...new Set([...this.live, ...this.previousLive])]),
                  pack: () => batch.external!(),
                }
              : null;
        }
        return sink;
      },
      add: (input) => {
        if (state !== 'open') return Promise.reject(new Error('this stage was committed or aborted: start another'));
        const added = prepare(input);
        const tracked = added.then(
          () => {
            pending.delete(tracked);
          },
          (err: unknown) => {
            pending.delete(tracked);
            failure ??= err;
          },
        );
        pending.add(tracked);
        return added;
      },
      commit: async (remove = [], meta = {}) => {
        if (state !== 'open') throw new Error('this stage was committed or aborted: start another');
        state = 'committing';
        while (pending.size) await Promise.all(pending);
        if (failure) {
          await release();
          throw failure;
        }
        let changed: string[];
        try {
          changed = await this.serially(() => this.installStaged(staged, now, remove, meta, batch));
        } catch (err) {
          await release();
          throw err;
        }
        await release();
        return changed;
      },
      abort: async () => {
        if (state !== 'open') return;
        state = 'committing';
        while (pending.size) await Promise.all(pending);
        await release();
      },
    };
  }

  /**
   * Names an object another thread wrote for a stage (see `sink`); its variants, as its location says.
   * One the store holds neither now nor in this stage was held when the writer was told so, and went
   * since (two generations installed meanwhile): the publish fails, and the next writes it again.
   */
  private placeStored(input: StoredInput, batch: ObjectBatch, writing: Map<string, Promise<Flags>>): Flags {
    const { hash, location, hot } = input.stored;
    if (!location)
      throw new Error(
        `${input.path}: object ${hash} left the store after this publish began; the next publish writes it again`,
      );
    batch.place!(hash, location);
    const flags = { gzip: location[3] > 0, br: location[4] > 0 };
    writing.set(hash, Promise.resolve(flags));
    if (hot && this.objects instanceof DiskObjects)
      for (const e of ['identity', 'gzip', 'br'] as const) {
        const b = hot[e];
        if (b) this.objects.remember(hash, e, Buffer.from(b), true);
      }
    return flags;
  }

  /**
   * Prepares a batch, then installs it with the files not named kept as they are; returns the paths
   * whose bytes changed. `meta` is stored with the generation (`{}` when not given).
   */
  async commit(
    inputs: FileInput[],
    now: Date,
    remove: string[] = [],
    meta: Record<string, string> = {},
  ): Promise<string[]> {
    const stage = this.stage(now);
    try {
      await Promise.all(inputs.map((input) => stage.add(input)));
    } catch (err) {
      await stage.abort();
      throw err;
    }
    return stage.commit(remove, meta);
  }

  /** A stage's files against the generation current now (an adoption may have installed another meanwhile). */
  private async installStaged(
    staged: Map<string, Staged>,
    now: Date,
    remove: string[],
    meta: Record<string, string>,
    batch: ObjectBatch,
  ): Promise<string[]> {
    const changed: string[] = [];
    const next = new Map(this.files);
    for (const s of staged.values()) {
      const previous = this.files.get(s.path);
      if (
        previous?.hash === s.hash &&
        previous.contentType === s.contentType &&
        previous.status === s.status &&
        previous.cacheControl === s.cacheControl
      )
        continue;
      changed.push(s.path);
      next.set(s.path, {
        ...s,
        etag: etagOf(s.hash),
        lastModified:
          previous?.hash === s.hash ? previous.lastModified : new Date(Math.floor(now.getTime() / 1000) * 1000),
      });
    }
    const removing = remove.filter((p) => this.files.has(p));
    if (!changed.length && !removing.length && sameMeta(this.current?.meta ?? null, meta) && !this.manifestBehind)
      return [];
    for (const p of removing) next.delete(p);
    const gen: Generation = {
      id: `${now.getTime().toString(36)}-${randomBytes(4).toString('hex')}`,
      publishedAt: now.toISOString(),
      meta,
      files: [...next.keys()].sort().map((p) => toEntry(next.get(p)!)),
    };
    await batch.repack(new Set(gen.files.map((f) => f.hash)));
    await batch.seal();
    await this.installGeneration(gen, next);
    if (this.listeners.length) {
      const byHash = new Map(gen.files.map((f) => [f.hash, f]));
      const objects = (hash: string) => this.objectBytes(hash, byHash.get(hash) ?? { gzip: false, br: false });
      // Next in the queue, not awaited by the commit: this instance serves the generation now, and
      // its publisher goes on to the next change while the listeners (the cluster's upload: 0.2 s
      // for a write's files, ~5 s for a whole five-year site) run. Queued, so that no later commit or
      // adoption retires the objects they read, and generations reach them in order.
      void this.serially(async () => {
        for (const fn of this.listeners)
          await Promise.resolve()
            .then(() => fn(gen, objects))
            .catch((err: unknown) =>
              lazyLog('error')(
                `after generation ${gen.id} was committed, a listener failed: ${(err as Error).stack ?? err}`,
              ),
            );
      });
    }
    return changed;
  }

  /**
   * Installs a generation another instance published, fetching only the objects this store lacks,
   * with the same all-or-nothing step as a commit.
   */
  adopt(gen: Generation, fetch: (hashes: string[]) => Promise<Map<string, ObjectBytes>>): Promise<void> {
    if (this.readOnly) return Promise.reject(new Error(`${this.dir} is another process's: this store only reads it`));
    return this.serially(async () => {
      const missing = [...new Set(gen.files.map((f) => f.hash))].filter(
        (h) => !this.live.has(h) && !this.previousLive.has(h),
      );
      if (missing.length) {
        const got = await fetch(missing);
        const absent = missing.filter((h) => !got.has(h));
        if (absent.length)
          throw new Error(
            `adopting generation ${gen.id}: ${absent.length} object(s) were not fetched (${absent.slice(0, 3).join(', ')}), so it was not installed`,
          );
        const limit = pLimit(COMPRESSION_CONCURRENCY);
        const batch = this.objects.batch();
        await this.orRemove(
          () => missing,
          async () => {
            try {
              await Promise.all(missing.map((h) => limit(() => batch.write(h, got.get(h)!))));
              await batch.repack(new Set(gen.files.map((f) => f.hash)));
              await batch.seal();
            } catch (err) {
              await batch.discard().catch(() => {});
              throw err;
            }
          },
        );
      }
      await this.installGeneration(gen);
    });
  }

  /** Runs `work`; if it fails, removes the objects it may have written (none of them is named by a generation yet). */
  private async orRemove<T>(hashes: () => Iterable<string>, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      const stray = [...hashes()].filter((h) => !this.live.has(h) && !this.previousLive.has(h) && !this.pins.has(h));
      await this.objects.remove(stray).catch(() => {});
      throw err;
    }
  }

  /**
   * Swaps the generation in (readers and the serving thread), writes its manifest (disk), then drops
   * what no reader, and no manifest on disk, can still need. Served before its manifest is durable:
   * its objects are (ObjectBatch.seal), and until the manifest's rename the disk names the previous
   * generation, whose objects are all kept until then; a crash in between restarts on that one, which
   * the next publish brings up to date. The manifest's write and its two syncs (usually 40-70 ms, one
   * seen at 400 ms) are no longer between a write and what readers see.
   */
  private async installGeneration(gen: Generation, files?: Map<string, PublishedFile>) {
    const seq = this.seq + 1;
    // Where each object is in the packs goes with the manifest, in the same atomic rename; the
    // packs it names were synced first (ObjectBatch.seal), so a kill or a crash at any point shows
    // the old generation whole or this one whole. Read now: the next commit's moves may change them.
    const manifest =
      this.dir &&
      manifestJson(
        gen,
        this.objects instanceof DiskObjects ? this.objects.locationsJson(new Set(gen.files.map((f) => f.hash))) : null,
      );
    this.seq = seq;
    const dropped = this.previousLive;
    const previous = this.current;
    this.install(gen, files);
    if (this.installedListeners.length) {
      const failed = (err: unknown) =>
        lazyLog('error')(`after generation ${gen.id} was installed, a listener failed: ${(err as Error).stack ?? err}`);
      const acks = this.installedListeners.map((fn) => {
        try {
          return Promise.resolve(fn(previous, gen)).catch(failed);
        } catch (err) {
          failed(err);
          return undefined;
        }
      });
      await Promise.all(acks);
    }
    if (this.dir && manifest) {
      this.manifestBehind = true;
      await writeDurably(path.join(this.dir, 'generations', `${String(seq).padStart(12, '0')}.json`), manifest);
      this.manifestBehind = false;
    }
    // The generation before the previous one: its readers are done; its objects go unless still used.
    if (!this.swept) {
      // First commit of this process: also sweeps what a commit killed before its rename left behind.
      this.swept = true;
      await this.objects.sweep(new Set([...this.live, ...this.previousLive, ...this.pins.keys()]));
    } else {
      const gone = [...dropped].filter((h) => !this.live.has(h) && !this.previousLive.has(h));
      for (const h of gone) if (this.pins.has(h)) this.unpinnedLater.add(h);
      await this.objects.remove(gone.filter((h) => !this.pins.has(h)));
      if (this.objects instanceof DiskObjects) await this.objects.collect();
    }
    if (this.dir) {
      const dir = path.join(this.dir, 'generations');
      const old = (await readdir(dir)).filter((n) => {
        const m = GENERATION_FILE.exec(n);
        return (m && Number(m[1]) < seq - 1) || n.endsWith('.tmp');
      });
      await Promise.all(old.map((n) => rm(path.join(dir, n), { force: true })));
    }
  }

  /** Resolves once the commits begun so far, and their `onCommitted` listeners, are done. */
  async settled(): Promise<void> {
    let queue: Promise<unknown>;
    do {
      queue = this.queue;
      await queue;
    } while (queue !== this.queue);
  }

  /** Waits for a commit in progress, then releases the directory for another process. */
  async close(): Promise<void> {
    await this.settled();
    this.lock?.release();
  }
}

function sameMeta(a: Record<string, string> | null, b: Record<string, string>) {
  if (!a) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
