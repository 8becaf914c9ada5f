import { randomBytes } from 'node:crypto';
import { type FileHandle, open as fsOpen, mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { LRUCache } from 'lru-cache';

export type Encoding = 'identity' | 'gzip' | 'br';

/** The bytes of one object: identity, and the precompressed variants the manifest says exist. */
export interface ObjectBytes {
  identity: Buffer;
  gzip: Buffer | null;
  br: Buffer | null;
}

/** Where the objects live: a Map (DATA_DIR=memory, tests) or content-addressed files on disk. */
/** The new objects of one stage (or adoption): written as they come, sealed before its manifest. */
export interface ObjectBatch {
  write(hash: string, bytes: ObjectBytes): Promise<void>;
  /** Makes what was written durable; nothing more can be written. */
  seal(): Promise<void>;
  /** Closes without syncing (the stage was dropped: its objects are removed with `remove`). */
  discard(): Promise<void>;
  /** Copies forward the objects of `keep` that sit in packs mostly dead, before `seal`. */
  repack(keep: Set<string>): Promise<void>;
  /**
   * A new pack for another thread (the render thread) to write this batch's objects to itself:
   * named and kept from collection now, synced by `seal`. Absent where objects are not files.
   */
  external?(): { name: string; file: string };
  /** Names an object that thread wrote, whole, in one of this batch's `external` packs. */
  place?(hash: string, loc: ObjectLocation): void;
}

export interface Objects {
  batch(): ObjectBatch;
  read(hash: string, encoding: Encoding): Promise<Buffer>;
  /** Synchronously, only what is already in memory. */
  peek(hash: string, encoding: Encoding): Buffer | undefined;
  remove(hashes: Iterable<string>): Promise<void>;
  /** Removes every object not in `keep` (leftovers of a commit killed before its manifest). */
  sweep(keep: Set<string>): Promise<void>;
}

export class MemoryObjects implements Objects {
  private map = new Map<string, ObjectBytes>();
  batch(): ObjectBatch {
    return {
      write: async (hash, bytes) => {
        this.map.set(hash, bytes);
      },
      seal: async () => {},
      discard: async () => {},
      repack: async () => {},
    };
  }
  async read(hash: string, encoding: Encoding) {
    const b = this.peek(hash, encoding);
    if (!b) throw new Error(`object ${hash} (${encoding}) is not in the store`);
    return b;
  }
  peek(hash: string, encoding: Encoding) {
    const o = this.map.get(hash);
    return (encoding === 'identity' ? o?.identity : encoding === 'gzip' ? o?.gzip : o?.br) ?? undefined;
  }
  async remove(hashes: Iterable<string>) {
    for (const h of hashes) this.map.delete(h);
  }
  async sweep(keep: Set<string>) {
    for (const h of this.map.keys()) if (!keep.has(h)) this.map.delete(h);
  }
}

const SUFFIX: Record<Encoding, string> = { identity: '', gzip: '.gz', br: '.br' };

/**
 * Where an object's bytes are in a pack: the pack's name, the offset of its identity bytes, and the
 * lengths of identity, gzip and brotli (0: no such variant), stored one after the other. The
 * manifest of each generation on disk carries these for its objects.
 */
export type ObjectLocation = [pack: string, offset: number, identity: number, gzip: number, br: number];

const locationJson = new WeakMap<ObjectLocation, string>();

const PACK_FILE = /^([0-9a-z]+-[0-9a-f]+)\.pack$/;
/** A pack with less than this share of its bytes still named is copied forward by the next stage that writes. */
const PACK_MIN_LIVE = 0.5;
/** At most this many bytes copied forward by one stage. */
const PACK_COPY_BYTES = 16 * 1024 * 1024;
/** More packs than this named by a generation: the smallest are copied forward (each is an open file to read). */
const PACK_MAX = 32;

/**
 * Objects on disk, packed: each stage appends the objects it writes to one new file
 * (`packs/<name>.pack`), read back with one positioned read. A publish of the whole five-year
 * history wrote 25,700 object files, a file (and a rename) per variant, and spent most of its
 * time in the kernel making them; a pack is one file and one write per object.
 *
 * The hot ones are also kept in memory within a fixed budget: preferred files (home pages,
 * /api/v2/*, feeds, badge) in three quarters of it, the others in the rest, each least recently
 * used first out. Objects of stores written before packs (`objects/<2 chars>/<hash>`, `.gz`, `.br`
 * beside it) are still read from there.
 */
export class DiskObjects implements Objects {
  private preferred: LRUCache<string, Buffer>;
  private others: LRUCache<string, Buffer>;
  private loading = new Map<string, Promise<Buffer>>();
  private readonly dir: string;
  private readonly packDir: string;
  /** Every object this store knows in a pack: the current and previous generations', and open stages'. */
  private index = new Map<string, ObjectLocation>();
  /** Per pack: how many objects of `index` it holds, and its size on disk. */
  private packs = new Map<string, { objects: number; size: number; sealed: boolean }>();
  private handles = new Map<string, Promise<FileHandle>>();
  /**
   * Packs no object names any more, removed once the manifest that no longer names them is in
   * place: a pack copied forward is still named by the manifest on disk until then.
   */
  private emptied = new Set<string>();
  private readonly hotBudget: number;
  /** Another thread's or process's folder, followed: it forgets objects and closes packs, never deletes them. */
  private readonly readOnly: boolean;
  constructor(dir: string, hotBytes: number, readOnly = false) {
    this.dir = dir;
    this.readOnly = readOnly;
    this.packDir = path.join(path.dirname(dir), 'packs');
    this.hotBudget = hotBytes;
    const preferredBytes = Math.floor((hotBytes * 3) / 4);
    const options = { sizeCalculation: (b: Buffer) => Math.max(1, b.length) };
    this.preferred = new LRUCache<string, Buffer>({ maxSize: Math.max(1, preferredBytes), ...options });
    this.others = new LRUCache<string, Buffer>({ maxSize: Math.max(1, hotBytes - preferredBytes), ...options });
  }

  /** The file of an object written before packs, or null for a packed one (its bytes share a file with others). */
  file(hash: string, encoding: Encoding): string | null {
    return this.index.has(hash) ? null : this.legacyFile(hash, encoding);
  }
  private legacyFile(hash: string, encoding: Encoding): string {
    return path.join(this.dir, hash.slice(0, 2), `${hash}${SUFFIX[encoding]}`);
  }
  /** Where a packed object is now (a copy forward moves it), or undefined for one written before packs. */
  location(hash: string): ObjectLocation | undefined {
    return this.index.get(hash);
  }
  /** Bytes of hot files this store may hold in memory (PUBLISH_HOT_BYTES). */
  get budget(): number {
    return this.hotBudget;
  }
  /** Bytes held in memory now (tests check the budget). */
  get hotBytes(): number {
    return this.preferred.calculatedSize + this.others.calculatedSize;
  }
  remember(hash: string, encoding: Encoding, bytes: Buffer, preferred: boolean) {
    (preferred ? this.preferred : this.others).set(`${hash}${SUFFIX[encoding]}`, bytes);
  }

  /**
   * The locations a generation's manifest records, as a JSON object (its objects written before
   * packs have none); each one's text is made once, as a manifest is written at every publish.
   */
  locationsJson(hashes: Iterable<string>): string {
    const out: string[] = [];
    for (const h of hashes) {
      const loc = this.index.get(h);
      if (!loc) continue;
      let json = locationJson.get(loc);
      if (json === undefined) {
        json = `${JSON.stringify(h)}:${JSON.stringify(loc)}`;
        locationJson.set(loc, json);
      }
      out.push(json);
    }
    return `{${out.join(',')}}`;
  }

  /** Learns the objects of a manifest read from disk. */
  async load(locations: Record<string, ObjectLocation> | undefined) {
    for (const [hash, loc] of Object.entries(locations ?? {})) this.place(hash, loc);
    await Promise.all(
      [...this.packs.keys()].map(async (name) => {
        const s = await stat(this.packFile(name)).catch(() => null);
        // A pack gone (another process's folder moved on) fails its reads, not the open.
        this.packs.get(name)!.size = s?.size ?? 0;
      }),
    );
  }

  private packFile(name: string) {
    return path.join(this.packDir, `${name}.pack`);
  }

  private place(hash: string, loc: ObjectLocation) {
    const old = this.index.get(hash);
    if (old) this.unplace(old);
    this.index.set(hash, loc);
    let pack = this.packs.get(loc[0]);
    if (!pack) {
      pack = { objects: 0, size: 0, sealed: true };
      this.packs.set(loc[0], pack);
    }
    pack.objects++;
    this.emptied.delete(loc[0]);
  }
  private unplace(loc: ObjectLocation) {
    const pack = this.packs.get(loc[0]);
    if (pack && --pack.objects === 0 && pack.sealed) this.emptied.add(loc[0]);
  }

  /**
   * Starts a pack for a stage's objects. Each object is one positioned write at an offset reserved
   * when it is written, so objects finishing in any order never wait for each other.
   */
  batch(): ObjectBatch {
    const name = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
    const pack = { objects: 0, size: 0, sealed: false };
    let handle: Promise<FileHandle> | null = null;
    const open = () => {
      if (!handle) {
        this.packs.set(name, pack);
        // The folder is made when missing only: a mkdir per stage is wasted on nearly every publish.
        handle = fsOpen(this.packFile(name), 'wx').catch(async (err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw err;
          await mkdir(this.packDir, { recursive: true });
          return fsOpen(this.packFile(name), 'wx');
        });
      }
      return handle;
    };
    const written: Promise<unknown>[] = [];
    /** Objects copied forward: they move to this pack only once it is synced. */
    const moved: Array<[string, ObjectLocation]> = [];
    const write = async (hash: string, bytes: ObjectBytes, copy = false) => {
      const parts = [bytes.identity, bytes.gzip, bytes.br].filter((b): b is Buffer => b !== null);
      const length = parts.reduce((n, b) => n + b.length, 0);
      const offset = pack.size;
      pack.size += length;
      const fh = await open();
      const done = fh.writev(parts, offset);
      // Its result holds the buffers written: only its end is kept, so no body outlives its write.
      written.push(
        done.then(
          () => {},
          () => {},
        ),
      );
      const { bytesWritten } = await done;
      if (bytesWritten !== length) throw new Error(`short write to ${this.packFile(name)}`);
      const loc: ObjectLocation = [name, offset, bytes.identity.length, bytes.gzip?.length ?? 0, bytes.br?.length ?? 0];
      if (copy) moved.push([hash, loc]);
      else this.place(hash, loc);
    };
    /** Packs handed to other threads (`external`), each written by one of them only. */
    const externals: string[] = [];
    let closing: Promise<void> | null = null;
    /** Once: a stage seals its pack, then releases it (a discard then does nothing more). */
    const close = (sync: boolean) => {
      closing ??= closeOnce(sync);
      return closing;
    };
    const closeOnce = async (sync: boolean) => {
      await Promise.all(externals.map((n) => this.closeExternal(n, sync)));
      if (!handle) return;
      const fh = await handle;
      try {
        await Promise.allSettled(written);
        // The one fsync of a generation: its new objects reach the disk before the manifest that
        // names them is renamed into place (see FileStore.installGeneration).
        if (sync) {
          await fh.datasync();
          for (const [hash, loc] of moved) if (this.index.has(hash)) this.place(hash, loc);
        }
      } finally {
        await fh.close();
        await this.sealed(name, pack, sync);
      }
    };
    return {
      write,
      seal: () => close(true),
      discard: () => close(false),
      repack: (keep) =>
        this.repack(
          keep,
          (pack) => pack === name || externals.includes(pack),
          (hash, bytes) => write(hash, bytes, true),
        ),
      external: () => {
        const ext = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
        this.packs.set(ext, { objects: 0, size: 0, sealed: false });
        externals.push(ext);
        return { name: ext, file: this.packFile(ext) };
      },
      place: (hash, loc) => {
        if (!externals.includes(loc[0]))
          throw new Error(`object ${hash} is said to be in pack ${loc[0]}, which this stage did not hand out`);
        this.place(hash, loc);
      },
    };
  }

  /**
   * Seals a pack another thread wrote: every object it reported was written whole before it said
   * so, and a sync through any handle of the file makes them durable (that thread may be gone).
   */
  private async closeExternal(name: string, sync: boolean) {
    const pack = this.packs.get(name);
    if (!pack) return;
    if (sync && pack.objects > 0) {
      const fh = await fsOpen(this.packFile(name), 'r+');
      try {
        await fh.datasync();
        pack.size = (await fh.stat()).size;
      } finally {
        await fh.close();
      }
    }
    await this.sealed(name, pack, sync);
  }

  /** No more is written to the pack: one that holds no object goes (once the manifest is in place, if synced). */
  private async sealed(name: string, pack: { objects: number; sealed: boolean }, sync: boolean) {
    pack.sealed = true;
    if (pack.objects === 0) {
      if (sync) this.emptied.add(name);
      else await this.dropPack(name);
    }
  }

  /**
   * Copies forward into the stage's pack the objects of `keep` (the next generation's) that sit in
   * packs mostly dead or too many: so packs stay few, and disk use near what the site needs.
   */
  private async repack(
    keep: Set<string>,
    ours: (pack: string) => boolean,
    write: (hash: string, bytes: ObjectBytes) => Promise<void>,
  ) {
    const live = new Map<string, { bytes: number; hashes: string[] }>();
    for (const h of keep) {
      const loc = this.index.get(h);
      if (!loc || ours(loc[0])) continue;
      let p = live.get(loc[0]);
      if (!p) {
        p = { bytes: 0, hashes: [] };
        live.set(loc[0], p);
      }
      p.bytes += loc[2] + loc[3] + loc[4];
      p.hashes.push(h);
    }
    const moving = [...live].filter(([name, p]) => p.bytes < PACK_MIN_LIVE * (this.packs.get(name)?.size ?? 0));
    const staying = [...live].filter((e) => !moving.includes(e)).sort((a, b) => a[1].bytes - b[1].bytes);
    while (staying.length > PACK_MAX) moving.push(staying.shift()!);
    let copied = 0;
    for (const [, p] of moving.sort((a, b) => a[1].bytes - b[1].bytes))
      for (const h of p.hashes) {
        // A bounded share per stage, the rest by the next ones: the whole-site pack falling under
        // half live would otherwise put ~100 MB of copying into one small publish.
        if (copied >= PACK_COPY_BYTES) return;
        const bytes = await this.readObject(h);
        await write(h, bytes);
        copied += bytes.identity.length + (bytes.gzip?.length ?? 0) + (bytes.br?.length ?? 0);
      }
  }

  /** Not kept in the hot cache: copying forward is no sign a file is read. */
  private readObject(hash: string): Promise<ObjectBytes> {
    return this.readAll(hash, { gzip: true, br: true }, false);
  }

  /**
   * Every variant of an object at once (the export, an upload to the cluster, copying forward): a
   * packed one in one positioned read, as its variants lie one after the other. What is hot is
   * taken from memory, and nothing read is kept there.
   */
  async readAll(hash: string, flags: { gzip: boolean; br: boolean }, hot = true): Promise<ObjectBytes> {
    const peek = (e: Encoding) => (hot ? this.peek(hash, e) : undefined);
    const [identityHeld, gzipHeld, brHeld] = [
      peek('identity'),
      flags.gzip ? peek('gzip') : null,
      flags.br ? peek('br') : null,
    ];
    if (identityHeld && gzipHeld !== undefined && brHeld !== undefined)
      return { identity: identityHeld, gzip: gzipHeld, br: brHeld };
    const loc = this.index.get(hash);
    if (!loc) {
      const read = (e: Encoding) => readFile(this.legacyFile(hash, e));
      const [identity, gzip, br] = await Promise.all([
        read('identity'),
        flags.gzip ? read('gzip') : null,
        flags.br ? read('br') : null,
      ]);
      return { identity, gzip, br };
    }
    const [name, offset, identity, gzip, br] = loc;
    const all = await this.readRange(name, offset, identity + gzip + br);
    return {
      identity: all.subarray(0, identity),
      gzip: flags.gzip && gzip ? all.subarray(identity, identity + gzip) : null,
      br: flags.br && br ? all.subarray(identity + gzip) : null,
    };
  }

  peek(hash: string, encoding: Encoding) {
    const key = `${hash}${SUFFIX[encoding]}`;
    return this.preferred.get(key) ?? this.others.get(key);
  }

  read(hash: string, encoding: Encoding, preferred = false): Promise<Buffer> {
    const hot = this.peek(hash, encoding);
    if (hot) return Promise.resolve(hot);
    const key = `${hash}${SUFFIX[encoding]}`;
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.readCold(hash, encoding).then(
        (b) => {
          this.loading.delete(key);
          this.remember(hash, encoding, b, preferred);
          return b;
        },
        (err) => {
          this.loading.delete(key);
          throw err;
        },
      );
      this.loading.set(key, pending);
    }
    return pending;
  }

  private async readCold(hash: string, encoding: Encoding): Promise<Buffer> {
    const loc = this.index.get(hash);
    if (!loc) return readFile(this.legacyFile(hash, encoding));
    const [name, offset, identity, gzip, br] = loc;
    const start = encoding === 'identity' ? offset : encoding === 'gzip' ? offset + identity : offset + identity + gzip;
    const length = encoding === 'identity' ? identity : encoding === 'gzip' ? gzip : br;
    if (!length) throw Object.assign(new Error(`object ${hash} has no ${encoding} variant`), { code: 'ENOENT' });
    return this.readRange(name, start, length);
  }

  private async readRange(name: string, start: number, length: number): Promise<Buffer> {
    let handle = this.handles.get(name);
    if (!handle) {
      handle = fsOpen(this.packFile(name), 'r');
      this.handles.set(name, handle);
      handle.catch(() => this.handles.delete(name));
    }
    const buffer = Buffer.allocUnsafe(length);
    const { bytesRead } = await (await handle).read(buffer, 0, length, start);
    if (bytesRead !== length) throw new Error(`${this.packFile(name)} is shorter than its manifest says`);
    return buffer;
  }

  async remove(hashes: Iterable<string>) {
    const gone: Promise<void>[] = [];
    for (const h of hashes) {
      for (const e of ['identity', 'gzip', 'br'] as const) {
        this.preferred.delete(`${h}${SUFFIX[e]}`);
        this.others.delete(`${h}${SUFFIX[e]}`);
      }
      const loc = this.index.get(h);
      if (loc) {
        this.index.delete(h);
        this.unplace(loc);
      } else if (!this.readOnly)
        for (const e of ['identity', 'gzip', 'br'] as const)
          gone.push(unlink(this.legacyFile(h, e)).catch(ignoreMissing));
    }
    await Promise.all(gone);
  }

  /** Removes the packs no object names (after a manifest is installed). */
  async collect() {
    const packs = [...this.emptied].filter((name) => this.packs.get(name)?.objects === 0);
    this.emptied.clear();
    await Promise.all(packs.map((name) => this.dropPack(name)));
  }

  private async dropPack(name: string) {
    this.packs.delete(name);
    const handle = this.handles.get(name);
    this.handles.delete(name);
    // Closing waits for the reads in flight on it.
    if (handle) await handle.then((fh) => fh.close()).catch(() => {});
    if (!this.readOnly) await unlink(this.packFile(name)).catch(ignoreMissing);
  }

  async sweep(keep: Set<string>) {
    for (const [hash, loc] of [...this.index])
      if (!keep.has(hash)) {
        this.index.delete(hash);
        this.unplace(loc);
      }
    const names = await readdir(this.packDir).catch(() => [] as string[]);
    await Promise.all(
      names.map((n) => {
        const m = PACK_FILE.exec(n);
        return m && this.packs.has(m[1]!) ? null : this.dropPack(m?.[1] ?? n.replace(/\.pack$/, ''));
      }),
    );
    await this.collect();
    // Objects of a store written before packs: those no generation names any more.
    const shards = await readdir(this.dir).catch(() => [] as string[]);
    for (const shard of shards) {
      const names = await readdir(path.join(this.dir, shard)).catch(() => [] as string[]);
      const stale = names.filter(
        (n) =>
          n.endsWith('.tmp') || !keep.has(n.replace(/\.(gz|br)$/, '')) || this.index.has(n.replace(/\.(gz|br)$/, '')),
      );
      await Promise.all(stale.map((n) => unlink(path.join(this.dir, shard, n)).catch(ignoreMissing)));
    }
  }
}

function ignoreMissing(err: NodeJS.ErrnoException) {
  if (err.code !== 'ENOENT') throw err;
}
