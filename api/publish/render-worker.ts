/**
 * The thread pages render on (started by render-thread.ts): Astro's render is synchronous CPU work of
 * milliseconds per page, tens of seconds for a long history, which on the serving thread would
 * hold every read behind it. Only types are imported, so Node runs this file by stripping them.
 */
import { readFileSync } from 'node:fs';
import { access, readdir, readFile } from 'node:fs/promises';
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { Change } from '../core/change.ts';
import type { IncidentView } from '../core/model.ts';
import { forgetModel, type ModelFromWorker, type ModelToWorker, onModelMessage } from './model-worker.ts';
import { pageContentType } from './object-codec.ts';
import { PackWriter, type PackTarget, type StoredObject } from './pack-writer.ts';
import { releaseHeap } from './release-heap.ts';
import type { PageLocals } from './renderer.ts';
import type { RenderPage } from '../../site/adapter/entry.ts';

/** From the renderer; every message names the call it answers. */
export type ToWorker =
  | {
      kind: 'locals';
      id: number;
      locals: PageLocals;
      /**
       * The model's incidents given as a change from those of locals `base` (which this thread
       * still holds): every incident's id in order, and the incidents that differ from the base's;
       * the others are the base's own objects. Without it, incidents come in slices.
       */
      incidents?: { base: number; order: string[]; changed: IncidentView[] };
    }
  /** More of the model of locals `id`, appended in order (the model is sent in slices). */
  | { kind: 'slice'; id: number; field: 'incidents' | 'maintenances'; items: unknown[] }
  | { kind: 'forget'; id: number }
  /** The thread is idle: a full garbage collection now gives back what the last publish left. */
  | { kind: 'collect' }
  /** With `store`, the page is stored here: `rendered` comes without a body, then `stored`. */
  | { kind: 'render'; call: number; url: string; localsId: number; store?: PackTarget }
  /** The documents (JSON, feeds, calendars, badge) of the model of locals `localsId`; with `store`, stored here. */
  | {
      kind: 'documents';
      call: number;
      localsId: number;
      now: Date;
      siteUrl: string;
      scope: readonly Change[] | 'all';
      store?: PackTarget;
    }
  /** The digest of the model of locals `localsId` (model-digest.ts). */
  | { kind: 'digest'; call: number; localsId: number }
  /** A model held here alone: sent as rows, derived here (model-worker.ts). */
  | ModelToWorker;

/** A built document: its body's bytes transferred, or where it was stored (the call's `store`). */
export interface DocumentFile {
  path: string;
  contentType: string;
  status?: number;
  cacheControl?: string;
  body: ArrayBuffer | null;
  stored?: StoredObject;
}

export type FromWorker =
  /** `tid`: the thread's id in the kernel (Linux), null where it cannot be read. */
  | { kind: 'ready'; tid: number | null }
  | { kind: 'unloadable'; message: string }
  /** `body` null: the call's `store` was given, and `stored` follows once the page is written. */
  | { kind: 'rendered'; call: number; status: number; contentType: string; body: ArrayBuffer | null }
  | { kind: 'stored'; call: number; stored: StoredObject }
  | { kind: 'documents-built'; call: number; files: DocumentFile[] }
  | { kind: 'digested'; call: number; digest: string }
  | ModelFromWorker
  | { kind: 'failed'; call: number; error: { name: string; message: string; stack?: string } };

export interface WorkerData {
  /** The file URL of the built server entry (dist/server/entry.mjs). */
  entry: string;
  /** The file URL of a module exporting `buildDocuments` to use instead of documents/index.ts (tests). */
  documents?: string;
  /** The serving thread's priority (thread-priority.ts): this thread and libuv's go NICENESS below it. */
  basePriority?: number | null;
}

const port = parentPort;
if (!port) throw new Error('render-worker.ts runs as a worker thread started by api/publish/render-thread.ts');
const send = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

/**
 * How much nicer than the thread answering requests this one is, and the threads that compress
 * what it renders: libuv's (a publish's first files) and its own compressing thread (the rest of a
 * whole site's, pack-writer.ts). On Linux a thread may lower its own priority, or another of its
 * process's (setpriority on a thread id affects that thread only): with both cores busy, the
 * scheduler then gives the serving thread the CPU first, so a publish does not slow reads. The
 * compressing threads go down with the render thread, or they would take its CPU (niced alone, it
 * rendered the five-year history in 44 s instead of 18 s while they compressed beside it). libuv's
 * also read the files not held in memory for readers: those reads are short, and wait on the disk
 * rather than the CPU.
 */
const NICENESS = 10;
/** The kernel's id of the calling thread, null where /proc does not say (not Linux). */
function ownThreadId(): number | null {
  try {
    // "<tid> (<name>) …"
    return Number(readFileSync('/proc/thread-self/stat', 'utf8').split(' ', 1)[0]);
  } catch {
    return null;
  }
}
/**
 * The serving thread's priority (`basePriority`, else the process's main thread's) plus NICENESS:
 * the same however often it is asked, and whether or not the main thread has lowered its own
 * priority meanwhile (serve-thread.ts). Null where it cannot be read.
 */
function targetPriority(): number | null {
  try {
    return Math.min(19, ((workerData as WorkerData).basePriority ?? getPriority(process.pid)) + NICENESS);
  } catch {
    return null;
  }
}
/** Sets each thread to targetPriority(). */
function lowerPriority(tids: number[]): void {
  const target = targetPriority();
  if (target === null) return;
  for (const id of tids)
    try {
      setPriority(id, target);
    } catch {
      // Refused, or the thread is gone: it keeps its priority.
    }
}
/** libuv's thread pool (named by libuv itself), started by the first asynchronous file operation. */
async function threadPoolIds(): Promise<number[]> {
  await access('.');
  const ids: number[] = [];
  for (const t of await readdir('/proc/self/task'))
    if ((await readFile(`/proc/self/task/${t}/comm`, 'utf8').catch(() => '')).trim() === 'libuv-worker')
      ids.push(Number(t));
  return ids;
}
const tid = ownThreadId();
if (tid !== null) {
  lowerPriority([tid]);
  lowerPriority(await threadPoolIds().catch(() => []));
}

let renderPage: RenderPage;
try {
  ({ renderPage } = (await import((workerData as WorkerData).entry)) as { renderPage: RenderPage });
  if (typeof renderPage !== 'function') throw new Error('it exports no renderPage: it was built by another adapter');
  send({ kind: 'ready', tid });
} catch (err) {
  send({ kind: 'unloadable', message: err instanceof Error ? err.message : String(err) });
}

/** The renderer decides which locals this thread keeps (it sends `forget`), so both sides agree without asking. */
const localsById = new Map<number, PageLocals>();
/** Its compressing thread takes this thread's priority (where it could be lowered). */
const writer = new PackWriter(tid === null ? null : targetPriority());
/** At most this many documents compressed and written at once (libuv's pool has four threads). */
const DOCUMENTS_STORED_AT_ONCE = 4;
/** Settles when the page rendering now (if any) has rendered: the next waits for it. */
let rendering: Promise<void> = Promise.resolve();

const failure = (call: number, err: unknown): FromWorker => {
  const e = err instanceof Error ? err : new Error(String(err));
  return { kind: 'failed', call, error: { name: e.name, message: e.message, stack: e.stack } };
};

port.on('message', async (message: ToWorker) => {
  if (message.kind === 'collect') {
    writer.close();
    writer.collect();
    // Asked for when the thread is idle: its garbage collected and its emptied pages given back.
    releaseHeap();
    return;
  }
  if (message.kind === 'locals') {
    const delta = message.incidents;
    const base = delta && localsById.get(delta.base);
    if (delta) {
      if (!base)
        throw new Error(`the render thread no longer holds locals #${delta.base} to build #${message.id} from`);
      const before = new Map(base.model.incidents.map((i) => [i.id, i]));
      const changed = new Map(delta.changed.map((i) => [i.id, i]));
      message.locals.model.incidents = delta.order.map((id) => changed.get(id) ?? before.get(id)!);
    }
    localsById.set(message.id, message.locals);
  } else if (message.kind === 'slice')
    (localsById.get(message.id)?.model[message.field] as unknown[] | undefined)?.push(...message.items);
  else if (message.kind === 'forget') {
    localsById.delete(message.id);
    forgetModel(message.id);
  } else if (
    message.kind === 'model' ||
    message.kind === 'model-incidents' ||
    message.kind === 'model-done' ||
    message.kind === 'routes'
  ) {
    try {
      const answer = onModelMessage(message, localsById);
      if (answer) send(answer);
    } catch (err) {
      if ('call' in message) send(failure(message.call, err));
    }
  } else if (message.kind === 'digest') {
    const { call, localsId } = message;
    try {
      const locals = localsById.get(localsId);
      if (!locals) throw new Error(`the render thread was not sent locals #${localsId}`);
      const { modelDigest } = await import('./model-digest.ts');
      send({ kind: 'digested', call, digest: modelDigest(locals.model) });
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      send({ kind: 'failed', call, error: { name: e.name, message: e.message, stack: e.stack } });
    }
  } else if (message.kind === 'documents') {
    const { call, localsId, now, siteUrl, scope, store } = message;
    try {
      const locals = localsById.get(localsId);
      if (!locals) throw new Error(`the render thread was not sent locals #${localsId}`);
      // Loaded on first use: a thread that only renders pages (tests) never needs the builders.
      const { buildDocuments } = (await import(
        (workerData as WorkerData).documents ?? './documents/index.ts'
      )) as typeof import('./documents/index.ts');
      const built = await buildDocuments({ model: locals.model, now, siteUrl }, scope);
      if (store) {
        const files: DocumentFile[] = [];
        const transfer: ArrayBuffer[] = [];
        for (let at = 0; at < built.length; at += DOCUMENTS_STORED_AT_ONCE)
          for (const [n, r] of (
            await Promise.all(
              built
                .slice(at, at + DOCUMENTS_STORED_AT_ONCE)
                .map((f) => writer.store(store, f.path, f.contentType, f.body, false)),
            )
          ).entries()) {
            const { body: _, ...f } = built[at + n]!;
            files.push({ ...f, body: null, stored: r.stored });
            transfer.push(...r.transfer);
          }
        send({ kind: 'documents-built', call, files }, transfer);
        return;
      }
      const files: DocumentFile[] = built.map((f) => ({
        ...f,
        // A copy: a small Buffer is a view of a shared pool, which must not be transferred away.
        body: f.body.buffer.slice(f.body.byteOffset, f.body.byteOffset + f.body.byteLength) as ArrayBuffer,
      }));
      send(
        { kind: 'documents-built', call, files },
        files.map((f) => f.body!),
      );
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      send({ kind: 'failed', call, error: { name: e.name, message: e.message, stack: e.stack } });
    }
  } else {
    const { call, url, localsId, store } = message;
    let body: ArrayBuffer;
    let contentType: string;
    // The renderer sends several routes ahead: they render one after another, in the order sent,
    // never two at once (a page that hangs then holds only those behind it, which the renderer
    // sends again to the next thread), and each is stored while the next renders.
    const before = rendering;
    let next!: () => void;
    rendering = new Promise((resolve) => {
      next = resolve;
    });
    await before;
    try {
      const locals = localsById.get(localsId);
      if (!locals) throw new Error(`the render thread was not sent locals #${localsId}`);
      const res = await renderPage(new Request(url), locals);
      body = await res.arrayBuffer();
      contentType = pageContentType(res.headers.get('content-type'));
      if (!store) {
        send({ kind: 'rendered', call, status: res.status, contentType, body }, [body]);
        return;
      }
      // Said at once, so that the next page renders while this one is compressed and written.
      send({ kind: 'rendered', call, status: res.status, contentType, body: null });
    } catch (err) {
      send(failure(call, err));
      return;
    } finally {
      next();
    }
    try {
      const { stored, transfer } = await writer.store(
        store,
        new URL(url).pathname,
        contentType,
        Buffer.from(body),
        true,
      );
      send({ kind: 'stored', call, stored }, transfer);
    } catch (err) {
      send(failure(call, err));
    }
  }
});
