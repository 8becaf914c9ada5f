import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
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
export interface Objects {
  write(hash: string, bytes: ObjectBytes): Promise<void>;
  read(hash: string, encoding: Encoding): Promise<Buffer>;
  /** Synchronously, only what is already in memory. */
  peek(hash: string, encoding: Encoding): Buffer | undefined;
  remove(hashes: Iterable<string>): Promise<void>;
  /** Removes every object not in `keep` (leftovers of a commit killed before its manifest). */
  sweep(keep: Set<string>): Promise<void>;
}

export class MemoryObjects implements Objects {
  private map = new Map<string, ObjectBytes>();
  async write(hash: string, bytes: ObjectBytes) {
    this.map.set(hash, bytes);
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
 * Objects as files, `objects/<2 chars>/<hash>` with `.gz` and `.br` beside it, and the hot ones
 * also in memory within a fixed budget: preferred files (home pages, /api/v2/*, feeds, badge) in
 * three quarters of it, the others in the rest, each least recently used first out.
 */
export class DiskObjects implements Objects {
  private preferred: LRUCache<string, Buffer>;
  private others: LRUCache<string, Buffer>;
  private loading = new Map<string, Promise<Buffer>>();
  private readonly dir: string;
  constructor(dir: string, hotBytes: number) {
    this.dir = dir;
    const preferredBytes = Math.floor((hotBytes * 3) / 4);
    const options = { sizeCalculation: (b: Buffer) => Math.max(1, b.length) };
    this.preferred = new LRUCache<string, Buffer>({ maxSize: Math.max(1, preferredBytes), ...options });
    this.others = new LRUCache<string, Buffer>({ maxSize: Math.max(1, hotBytes - preferredBytes), ...options });
  }
  file(hash: string, encoding: Encoding): string {
    return path.join(this.dir, hash.slice(0, 2), `${hash}${SUFFIX[encoding]}`);
  }
  /** Bytes held in memory now (tests check the budget). */
  get hotBytes(): number {
    return this.preferred.calculatedSize + this.others.calculatedSize;
  }
  remember(hash: string, encoding: Encoding, bytes: Buffer, preferred: boolean) {
    (preferred ? this.preferred : this.others).set(`${hash}${SUFFIX[encoding]}`, bytes);
  }
  async write(hash: string, bytes: ObjectBytes) {
    const shard = path.join(this.dir, hash.slice(0, 2));
    // Through a temporary name: the previous generation may still be read from the same file. No
    // fsync per object: a kill leaves the page cache behind, and an object cut short by a crash is
    // named by no manifest, so the next commit that needs it writes it again.
    const writeAll = () =>
      Promise.all(
        (['identity', 'gzip', 'br'] as const).flatMap((e) => {
          const b = bytes[e];
          if (!b) return [];
          const target = this.file(hash, e);
          const tmp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
          return [writeFile(tmp, b).then(() => rename(tmp, target))];
        }),
      );
    // The shard directory is made only when a write finds it missing: a recursive mkdir before
    // every object, on directories that nearly always exist, cost 20 s of kernel time over the
    // 25,700 files of a five-year publish (2 cores, shared), against 2–5 s for the writes alone.
    try {
      await writeAll();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      await mkdir(shard, { recursive: true });
      await writeAll();
    }
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
      pending = readFile(this.file(hash, encoding)).then(
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
  async remove(hashes: Iterable<string>) {
    const gone: Promise<void>[] = [];
    for (const h of hashes)
      for (const e of ['identity', 'gzip', 'br'] as const) {
        this.preferred.delete(`${h}${SUFFIX[e]}`);
        this.others.delete(`${h}${SUFFIX[e]}`);
        gone.push(unlink(this.file(h, e)).catch(ignoreMissing));
      }
    await Promise.all(gone);
  }
  async sweep(keep: Set<string>) {
    const shards = await readdir(this.dir).catch(() => [] as string[]);
    for (const shard of shards) {
      const names = await readdir(path.join(this.dir, shard)).catch(() => [] as string[]);
      const stale = names.filter((n) => n.endsWith('.tmp') || !keep.has(n.replace(/\.(gz|br)$/, '')));
      await Promise.all(stale.map((n) => unlink(path.join(this.dir, shard, n)).catch(ignoreMissing)));
    }
  }
}

function ignoreMissing(err: NodeJS.ErrnoException) {
  if (err.code !== 'ENOENT') throw err;
}
