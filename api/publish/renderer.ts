import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SiteModel } from '../core/model.ts';
import type { SiteSettings } from '../core/settings.ts';
import type { RenderPage } from '../../site/adapter/entry.ts';
import type { ApiReference } from './api-reference.ts';
import type { Change } from '../core/change.ts';
import type { FileInput } from './store.ts';
import type { FromWorker, ToWorker, WorkerData } from './render-worker.ts';

export interface Rendered {
  status: number;
  contentType: string;
  body: Buffer;
}

/** What a page gets besides its URL (`Astro.locals`): the model, the settings in force, and data that is not in the model. */
export interface PageLocals {
  model: SiteModel;
  /** The validated settings (origin, notice periods, standing window, service levels): pages state these, never defaults of their own. */
  settings: SiteSettings;
  /** For the API reference pages; absent, they say so and link to the document. */
  apiReference?: ApiReference;
}

/**
 * Renders one route. `abandoned` is aborted by a caller that stopped waiting (the publisher's page
 * time limit): the render thread stuck in that page is then stopped and replaced.
 */
export type RenderFn = (urlPath: string, locals: PageLocals, abandoned?: AbortSignal) => Promise<Rendered>;

export interface RendererOptions {
  distDir?: string;
  /** A module exporting `renderPage` to load instead of the built entry (tests stand in pages that hang). */
  entry?: string;
  /** Render on the calling thread instead of a worker thread (only for tests that need to). */
  inProcess?: boolean;
}

/**
 * Loads the built site's server entry (`dist/server/entry.mjs`, from our adapter in site/adapter/)
 * and renders one route through Astro's App: a `Request` in, a whole `Response` out, no socket and
 * no HTTP round trip. By default on a worker thread, so that a publish never holds the thread that
 * answers readers. A page that throws rejects with a `PageRenderError` naming the route, its cause
 * attached; a missing build rejects here, at load.
 */
export async function loadAstroRenderer(options: string | RendererOptions = {}): Promise<RenderFn> {
  const opts = typeof options === 'string' ? { distDir: options } : options;
  const entry = opts.entry ?? path.join(opts.distDir ?? path.resolve('dist'), 'server', 'entry.mjs');
  const notBuilt = (message: string) =>
    new Error(`The site is not built (${entry} could not be loaded): run "npm run build" first. ${message}`);
  if (!opts.inProcess) {
    const threads = new RenderThreads(pathToFileURL(entry).href, notBuilt);
    await threads.start();
    return (urlPath, locals, abandoned) => threads.render(urlPath, locals, abandoned);
  }
  let renderPage: RenderPage;
  try {
    ({ renderPage } = (await import(pathToFileURL(entry).href)) as { renderPage: RenderPage });
  } catch (err) {
    throw notBuilt((err as Error).message);
  }
  if (typeof renderPage !== 'function')
    throw new Error(`${entry} exports no renderPage: it was built by another adapter; run "npm run build" again.`);
  return async (urlPath, locals) => {
    let res: Response;
    try {
      res = await renderPage(new Request(new URL(urlPath, locals.settings.siteUrl)), locals);
    } catch (err) {
      throw new PageRenderError(urlPath, err);
    }
    return rendered(res.status, res.headers.get('content-type'), Buffer.from(await res.arrayBuffer()));
  };
}

function rendered(status: number, type: string | null, body: Buffer): Rendered {
  let contentType = type || 'text/html';
  if (/^text\//.test(contentType) && !/charset=/i.test(contentType)) contentType += '; charset=utf-8';
  return { status, contentType, body };
}

/**
 * How many locals a render thread keeps. One: publishes run one after another, and each copy of a
 * long history's model costs the thread tens of MB; a caller that alternates models only pays a resend.
 */
const LOCALS_KEPT = 1;
/** Incidents or maintenances per message when a model is sent: a slice is cloned in a few ms. */
const SLICE = 200;

interface Call {
  route: string;
  resolve: (r: Rendered | FileInput[]) => void;
  reject: (e: Error) => void;
}

/**
 * The render thread each model was last sent to, and as which locals: documents built from a
 * model a thread already holds are built there (`documentsOnRenderThread`), without a second
 * clone and off the serving thread. Weak: a model no publish holds any more is dropped.
 */
const holders = new WeakMap<SiteModel, { thread: RenderThread; localsId: number }>();

/**
 * The documents of `model` built on the render thread that holds it, or null when none does (the
 * caller builds them where it is). Used by documents/index.ts.
 */
export function documentsOnRenderThread(
  model: SiteModel,
  now: Date,
  siteUrl: string,
  scope: readonly Change[] | 'all',
): Promise<FileInput[]> | null {
  const holder = holders.get(model);
  return holder?.thread.holds(holder.localsId) ? holder.thread.documents(holder.localsId, now, siteUrl, scope) : null;
}

/**
 * One render thread at a time, replaced when it is stopped or dies. Hand-rolled rather than a
 * pool library: the thread must keep the locals it was sent (a 5,000-incident model is cloned
 * once per publish, not once per page), which a pool that may hand a task to any fresh worker
 * cannot promise, and a publish renders one page at a time anyway.
 */
class RenderThreads {
  private thread: RenderThread | null = null;
  private readonly ids = new WeakMap<PageLocals, number>();
  private lastLocalsId = 0;
  private readonly entry: string;
  private readonly notBuilt: (message: string) => Error;

  constructor(entry: string, notBuilt: (message: string) => Error) {
    this.entry = entry;
    this.notBuilt = notBuilt;
  }

  /** A thread that has loaded the entry; a thread that cannot load it is an error here. */
  async start(): Promise<RenderThread> {
    if (!this.thread || this.thread.stopped) this.thread = new RenderThread(this.entry, this.notBuilt);
    const thread = this.thread;
    await thread.ready;
    return thread;
  }

  async render(route: string, locals: PageLocals, abandoned?: AbortSignal): Promise<Rendered> {
    if (abandoned?.aborted) throw new PageRenderError(route, abandoned.reason);
    let thread: RenderThread;
    try {
      thread = await this.start();
    } catch (err) {
      throw new PageRenderError(route, err);
    }
    let id = this.ids.get(locals);
    if (id === undefined) {
      id = ++this.lastLocalsId;
      this.ids.set(locals, id);
    }
    return thread.render(route, new URL(route, locals.settings.siteUrl).href, id, locals, abandoned);
  }
}

class RenderThread {
  readonly ready: Promise<void>;
  stopped = false;
  private readonly worker: Worker;
  private readonly calls = new Map<number, Call>();
  private lastCall = 0;
  /** The locals this thread holds (or is being sent), least recently used first. */
  private readonly held = new Map<number, Promise<void>>();

  constructor(entry: string, notBuilt: (message: string) => Error) {
    this.worker = new Worker(new URL('./render-worker.ts', import.meta.url), {
      workerData: { entry } satisfies WorkerData,
    });
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (message: FromWorker) => {
        if (message.kind === 'ready') resolve();
        else if (message.kind === 'unloadable') {
          reject(notBuilt(message.message));
          this.stop(new Error(message.message));
        } else this.answer(message);
      });
      const died = (cause: Error) => {
        reject(cause);
        this.stop(cause);
      };
      this.worker.on('error', (err) => died(new Error(`the render thread failed: ${err.message}`, { cause: err })));
      this.worker.on('exit', (code) => died(new Error(`the render thread exited (code ${code})`)));
    });
    // An idle render thread must not keep the process alive; one starting does (a caller may be
    // awaiting `ready` with nothing else pending), and so does a call in flight (see `track`).
    // Not before the listeners: adding a 'message' listener refs the thread again. A failed start
    // is reported to the first caller of `ready`.
    this.ready.then(
      () => this.calls.size === 0 && this.worker.unref(),
      () => {},
    );
  }

  async render(route: string, url: string, localsId: number, locals: PageLocals, abandoned?: AbortSignal) {
    try {
      await this.hold(localsId, locals);
    } catch (err) {
      // The locals could not be cloned (a function or a symbol in them): a bug, named against the page.
      throw new PageRenderError(route, err);
    }
    if (abandoned?.aborted) throw new PageRenderError(route, abandoned.reason);
    if (this.stopped) throw new PageRenderError(route, new Error('the render thread was stopped'));
    holders.set(locals.model, { thread: this, localsId });
    const call = ++this.lastCall;
    return new Promise<Rendered>((resolve, reject) => {
      this.track(call, { route, resolve: resolve as Call['resolve'], reject });
      this.post({ kind: 'render', call, url, localsId });
      abandoned?.addEventListener(
        'abort',
        () => {
          if (this.calls.has(call)) this.stop(abandoned.reason ?? new Error(`rendering ${route} was abandoned`));
        },
        { once: true },
      );
    });
  }

  /** Whether this thread is running and holds (or is being sent) locals `id`. */
  holds(id: number): boolean {
    return !this.stopped && this.held.has(id);
  }

  documents(localsId: number, now: Date, siteUrl: string, scope: readonly Change[] | 'all'): Promise<FileInput[]> {
    const call = ++this.lastCall;
    return this.held.get(localsId)!.then(
      () =>
        new Promise<FileInput[]>((resolve, reject) => {
          this.track(call, { route: '(documents)', resolve: resolve as Call['resolve'], reject });
          this.post({ kind: 'documents', call, localsId, now, siteUrl, scope });
        }),
    );
  }

  /** Sends `locals` unless this thread holds it already, and forgets the least recently used beyond the few it keeps. */
  private hold(id: number, locals: PageLocals): Promise<void> {
    let sent = this.held.get(id);
    if (sent) this.held.delete(id);
    else {
      sent = this.send(id, locals);
      sent.catch(() => this.held.get(id) === sent && this.held.delete(id));
    }
    this.held.set(id, sent);
    for (const oldest of this.held.keys()) {
      if (this.held.size <= LOCALS_KEPT) break;
      this.held.delete(oldest);
      this.post({ kind: 'forget', id: oldest });
    }
    return sent;
  }

  /**
   * Clones the model over in slices, yielding between them: a clone runs on this thread, and a
   * 5,000-incident model cloned at once would hold every read behind it for a few hundred ms.
   */
  private async send(id: number, locals: PageLocals): Promise<void> {
    const { model } = locals;
    this.post({ kind: 'locals', id, locals: { ...locals, model: { ...model, incidents: [], maintenances: [] } } });
    for (const field of ['incidents', 'maintenances'] as const) {
      const list = model[field];
      for (let at = 0; at < list.length; at += SLICE) {
        await new Promise((resolve) => setImmediate(resolve));
        if (this.stopped) return;
        this.post({ kind: 'slice', id, field, items: list.slice(at, at + SLICE) });
      }
    }
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private track(call: number, c: Call): void {
    if (this.calls.size === 0) this.worker.ref();
    this.calls.set(call, c);
  }

  private answer(message: Extract<FromWorker, { call: number }>): void {
    const c = this.calls.get(message.call);
    if (!c) return;
    this.calls.delete(message.call);
    if (this.calls.size === 0) this.worker.unref();
    if (message.kind === 'rendered')
      c.resolve(rendered(message.status, message.contentType, Buffer.from(message.body)));
    else if (message.kind === 'documents-built')
      c.resolve(message.files.map((f) => ({ ...f, body: Buffer.from(f.body) })));
    else {
      const cause = Object.assign(new Error(message.error.message), message.error);
      c.reject(c.route === '(documents)' ? cause : new PageRenderError(c.route, cause));
    }
  }

  /** Ends the thread (a page that will not end is stopped only this way) and fails whatever it was rendering. */
  stop(cause: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    void this.worker.terminate();
    for (const c of this.calls.values()) c.reject(new PageRenderError(c.route, cause));
    this.calls.clear();
  }
}

/** A page failed to render; `cause` is what the page threw. */
export class PageRenderError extends Error {
  readonly route: string;
  constructor(route: string, cause: unknown) {
    super(`${route} failed to render: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'PageRenderError';
    this.route = route;
  }
}
