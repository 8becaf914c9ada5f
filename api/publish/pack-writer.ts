/**
 * The render thread's side of storing what it renders (render-worker.ts): it hashes each file,
 * compresses the ones the store lacks and appends them to a pack of the publish's stage itself, and
 * tells the serving thread only where they are. On the five-year history the serving thread spent
 * ~1.4 s receiving 8,570 bodies, ~1.9 s in zlib's JavaScript side and ~3.9 s collecting the garbage
 * of it all during a whole publish, while it answered reads. Only types are imported from the
 * store, so Node runs this file by stripping them.
 */
import { type FileHandle, mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { CompressThread, type Encoded, transferable } from './compress-thread.ts';
import { encodeVariants, hashOf, isCompressible, isPreferred } from './object-codec.ts';
import type { ObjectLocation } from './store-objects.ts';

/** Where a stage's objects go, as the serving thread says with each render (see StageSink in store.ts). */
export interface PackTarget {
  /** The stage, unique in the process: a new one starts a new pack and a new set of known hashes. */
  stage: number;
  /** The pack file this thread appends to, made by this thread (`wx`); the store named it already. */
  file: string;
  /** Hashes the store holds already, sent with the first file of a stage to each thread. */
  known?: string[];
  /** Whether the serving thread keeps preferred files in memory (its hot budget is not 0). */
  keepsHot: boolean;
}

/** A file stored by the render thread: what the manifest and the hot cache need, no body unless hot. */
export interface StoredObject {
  hash: string;
  /** Where this stage's pack holds it; null when the store held it already (nothing was written). */
  location: ObjectLocation | null;
  /** The bytes of a preferred file for the serving thread's hot cache, transferred. */
  hot?: { identity: ArrayBuffer; gzip: ArrayBuffer | null; br: ArrayBuffer | null };
}

/**
 * A stage's first files are compressed on libuv's pool, several at once: a publish after a write (~34
 * changed files, the two home pages among them) is waiting for them. Past this many, the stage is
 * a whole site's, where what counts is the CPU of thousands of files: those go to the compressing
 * thread, one after another with the synchronous API, which costs about half the CPU and none of
 * it on this thread (docs/benchmarks.md).
 */
export const POOL_FILES = 64;

export class PackWriter {
  private stage = -1;
  private file = '';
  private known = new Set<string>();
  /** This stage's objects, by hash: a body rendered twice (two paths) is written once. */
  private written = new Map<string, Promise<ObjectLocation>>();
  private handle: Promise<FileHandle> | null = null;
  /** This stage's pack was made: opened again (after the thread idled and closed it), it is not made anew. */
  private made = false;
  private size = 0;
  /** Files of this stage compressed so far (see POOL_FILES). */
  private compressed = 0;
  private readonly compressor: CompressThread;

  /** `priority`: the niceness of the thread that compresses (the render thread's), null to leave it. */
  constructor(priority: number | null = null) {
    this.compressor = new CompressThread(priority);
  }

  /**
   * Stores `body` in `target`'s pack unless the store or this stage holds it already. Resolves once
   * its bytes are written (not synced: the serving thread syncs the pack before the manifest names
   * it), with what to post back and the buffers to transfer. `ours`: nothing else holds `body`, which
   * may then be transferred (a page's, read from its Response) rather than copied (a document's).
   */
  async store(
    target: PackTarget,
    urlPath: string,
    contentType: string,
    body: Buffer,
    ours: boolean,
  ): Promise<{ stored: StoredObject; transfer: ArrayBuffer[] }> {
    if (target.stage !== this.stage) this.begin(target);
    const hash = hashOf(body);
    if (this.known.has(hash)) return { stored: { hash, location: null }, transfer: [] };
    const hot = target.keepsHot && isPreferred(urlPath);
    let encoded: Encoded | null = null;
    /** Whether `encoded`'s identity bytes are ours to transfer: they came back from the compressor. */
    let moved = false;
    let location = this.written.get(hash);
    if (!location) {
      location = (async () => {
        if (!isCompressible(contentType, body.length)) encoded = { identity: body, gzip: null, br: null };
        else if (++this.compressed <= POOL_FILES)
          encoded = { identity: body, ...(await encodeVariants(body, contentType)) };
        else {
          encoded = await this.compressor.encode(body, contentType, ours);
          moved = true;
        }
        return this.append(hash, [encoded.identity, encoded.gzip, encoded.br]);
      })();
      this.written.set(hash, location);
      location.catch(() => this.written.get(hash) === location && this.written.delete(hash));
    }
    const loc = await location;
    const e = encoded as Encoded | null;
    if (!hot || !e) return { stored: { hash, location: loc }, transfer: [] };
    const bytes = {
      identity: transferable(e.identity, moved || ours),
      gzip: e.gzip && transferable(e.gzip, true),
      br: e.br && transferable(e.br, true),
    };
    return {
      stored: { hash, location: loc, hot: bytes },
      transfer: [bytes.identity, bytes.gzip, bytes.br].filter((b): b is ArrayBuffer => b !== null),
    };
  }

  /** The thread is idle: its compressor collects its garbage too. */
  collect(): void {
    this.compressor.collect();
  }

  /** Closes the pack of the last stage (the thread is idle, or a stage begins): the store syncs it. */
  close(): void {
    const handle = this.handle;
    this.handle = null;
    void handle?.then((fh) => fh.close()).catch(() => {});
  }

  private begin(target: PackTarget) {
    if (!target.known) throw new Error(`the render thread was not told what the store holds for stage ${target.stage}`);
    this.close();
    this.stage = target.stage;
    this.file = target.file;
    this.known = new Set(target.known);
    this.written = new Map();
    this.size = 0;
    this.compressed = 0;
    this.made = false;
  }

  private async append(hash: string, parts: Array<Buffer | null>): Promise<ObjectLocation> {
    const [identity, gz, br] = parts;
    const buffers = parts.filter((b): b is Buffer => b !== null);
    const length = buffers.reduce((n, b) => n + b.length, 0);
    // Reserved before the write: objects finishing in any order never overlap.
    const offset = this.size;
    this.size += length;
    const file = this.file;
    if (!this.handle) {
      this.handle = this.made
        ? open(file, 'r+')
        : open(file, 'wx').catch(async (err: NodeJS.ErrnoException) => {
            if (err.code !== 'ENOENT') throw err;
            await mkdir(path.dirname(file), { recursive: true });
            return open(file, 'wx');
          });
      this.made = true;
    }
    const { bytesWritten } = await (await this.handle).writev(buffers, offset);
    if (bytesWritten !== length) throw new Error(`short write to ${file} (object ${hash})`);
    return [path.basename(file, '.pack'), offset, identity!.length, gz?.length ?? 0, br?.length ?? 0];
  }
}
