/**
 * The render thread: one worker at a time that renders pages and builds documents (render-worker.ts)
 * from the model it was sent once, stores what it renders when given a stage's sink, collects its
 * garbage when idle, and is replaced when a page outlives its time limit. Used through
 * loadAstroRenderer (renderer.ts).
 */
import { Worker } from 'node:worker_threads';
import type { Change } from '../core/change.ts';
import type { IncidentView } from '../core/model.ts';
import { pageContentType } from './object-codec.ts';
import type { PackTarget } from './pack-writer.ts';
import { holders, hostedModels, type Reload } from './held-locals.ts';
import { incidentsSince } from './model-delta.ts';
import type { ModelFacts, ModelParts } from './model-worker.ts';
import type { FromWorker, ToWorker, WorkerData } from './render-worker.ts';
import type { PageLocals, Rendered, RenderedInto } from './renderer.ts';
import { PageNotRenderedError, PageRenderError } from './render-errors.ts';
import type { PublishInput, StageSink, StoredObject } from './stage-sink.ts';

export { PageNotRenderedError, PageRenderError } from './render-errors.ts';
export { documentsOnRenderThread, modelDigestOnRenderThread } from './held-locals.ts';
export function rendered(status: number, type: string | null, body: Buffer): Rendered {
  return { status, contentType: pageContentType(type), body };
}

/**
 * How many locals a render thread keeps. One: publishes run one after another, and each copy of a
 * long history's model costs the thread tens of MB; a caller that alternates models only pays a resend.
 */
const LOCALS_KEPT = 1;
/** Incidents or maintenances per message when a model is sent: a slice is cloned in a few ms. */
const SLICE = 200;
/**
 * After a publish the render thread holds what it rendered with: the model (tens of MB on a long
 * history), its caches (feed entries, rendered Markdown) and the garbage V8 let grow within the
 * bound below. A thread idle this long collects its garbage, keeping the model (the next publish
 * sends only the incidents that changed), its caches and its compiled code. Replacing it by a fresh
 * thread instead saved no memory 5 s after twenty POSTs on five years (306 against 303 MiB) and
 * made each POST that came after a pause pay a cold thread: POSTs 2.5 s apart took 1.47 s to show
 * on `/` (median, max 1.72 s) against 0.60 s (max 0.87 s) with the thread kept.
 */
export const IDLE_MS = 2_000;
/**
 * The render thread's old generation, in MiB. Its live heap on the five-year history (3,998
 * incidents) is about 45 MiB between pages (the model, Astro's and the pages' code) and under
 * 70 MiB at its highest, but with no bound V8 let garbage grow to 154-178 MiB before collecting.
 * Bounded, it collects sooner; past the bound the thread dies and its page fails (kept at its
 * previous version): the end for a model that no longer fits, rather than the whole process's.
 */
export const RENDER_HEAP_MB = 128;

interface Call {
  route: string;
  resolve: (r: Rendered | RenderedInto | PublishInput[] | string | string[] | ModelFacts) => void;
  reject: (e: Error) => void;
  /** A page stored on the thread: the call resolves at `rendered`, and ends with `stored` (or a failure). */
  stored?: { promise: Promise<StoredObject>; resolve: (s: StoredObject) => void; reject: (e: Error) => void };
  /** `rendered` came: a failure now is the storing's. */
  rendered?: boolean;
}

/**
 * One render thread at a time, replaced when it is stopped or dies. Hand-rolled rather than a
 * pool library: the thread must keep the locals it was sent (a 5,000-incident model is cloned
 * once per publish, not once per page), which a pool that may hand a task to any fresh worker
 * cannot promise, and a publish renders one page at a time anyway.
 */
export class RenderThreads {
  private thread: RenderThread | null = null;
  private readonly ids = new WeakMap<PageLocals, number>();
  private lastLocalsId = 0;
  private readonly data: WorkerData;
  private readonly notBuilt: (message: string) => Error;
  private readonly idleMs: number;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(data: WorkerData, notBuilt: (message: string) => Error, idleMs: number) {
    this.data = data;
    this.notBuilt = notBuilt;
    this.idleMs = idleMs;
  }

  private spawn(): RenderThread {
    return new RenderThread(this.data, this.notBuilt, () => this.idle());
  }

  /** A thread that has loaded the entry; a thread that cannot load it is an error here. */
  async start(): Promise<RenderThread> {
    if (!this.thread || this.thread.stopped) this.thread = this.spawn();
    const thread = this.thread;
    await thread.ready;
    return thread;
  }

  /**
   * Sends `thread` a model it holds alone, as `locals` (whose `model` is a stand-in the thread
   * resolves to it); `reload` sends it whole again to a thread that replaces this one.
   */
  hostModel(
    thread: RenderThread,
    locals: PageLocals,
    parts: ModelParts,
    scope: Change[] | 'all',
    reload: Reload,
  ): Promise<ModelFacts> {
    const id = ++this.lastLocalsId;
    this.ids.set(locals, id);
    hostedModels.set(locals.model, { threads: this, locals, reload });
    const facts = thread.sendModel(id, parts, scope);
    thread.keep(id, facts);
    return facts;
  }

  /** The id `locals` are known by on the render thread, if they were sent. */
  idOf(locals: PageLocals): number | undefined {
    return this.ids.get(locals);
  }

  /** Runs `use` on the current thread once it holds `locals` (sent again to a thread that replaced another). */
  async holding<T>(locals: PageLocals, use: (thread: RenderThread, id: number) => Promise<T>): Promise<T> {
    const thread = await this.start();
    const id = this.ids.get(locals);
    if (id === undefined) throw new Error('these locals were never sent to a render thread');
    await thread.hold(id, locals);
    return use(thread, id);
  }

  threadId(): number | null {
    return this.thread && !this.thread.stopped ? this.thread.tid : null;
  }

  /** The thread has nothing in flight: collect its garbage if it stays so (see IDLE_MS). */
  private idle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.collect(), this.idleMs);
    // A pending collection must not keep the process alive.
    this.idleTimer.unref();
  }

  private collect(): void {
    const thread = this.thread;
    if (!thread || thread.stopped || !thread.worked || thread.busy) return;
    thread.worked = false;
    thread.collect();
  }

  async render(
    route: string,
    locals: PageLocals,
    abandoned?: AbortSignal,
    sink?: StageSink,
  ): Promise<Rendered | RenderedInto> {
    clearTimeout(this.idleTimer);
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
    return thread.render(route, new URL(route, locals.settings.siteUrl).href, id, locals, abandoned, sink);
  }
}

export class RenderThread {
  readonly ready: Promise<void>;
  stopped = false;
  /** Whether it has been given anything to render or build since it last collected its garbage. */
  worked = false;
  /** The kernel's id of the thread (Linux), once ready. */
  tid: number | null = null;
  private readonly onIdle: () => void;
  private readonly worker: Worker;
  private readonly calls = new Map<number, Call>();
  private lastCall = 0;
  /** The locals this thread holds (or is being sent), least recently used first. */
  private readonly held = new Map<number, Promise<void>>();
  /** The incidents of the model last sent whole to this thread, by id, once it has them all. */
  private lastSent: { id: number; incidents: Map<string, IncidentView> } | null = null;
  /** Where this thread stores the files of the stage it last stored for (its own pack of that stage). */
  private target: PackTarget | null = null;

  constructor(data: WorkerData, notBuilt: (message: string) => Error, onIdle: () => void) {
    this.onIdle = onIdle;
    this.worker = new Worker(new URL('./render-worker.ts', import.meta.url), {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: RENDER_HEAP_MB },
    });
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (message: FromWorker) => {
        if (message.kind === 'ready') {
          this.tid = message.tid;
          resolve();
        } else if (message.kind === 'unloadable') {
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

  async render(
    route: string,
    url: string,
    localsId: number,
    locals: PageLocals,
    abandoned?: AbortSignal,
    sink?: StageSink,
  ): Promise<Rendered | RenderedInto> {
    try {
      await this.hold(localsId, locals);
    } catch (err) {
      // The locals could not be cloned (a function or a symbol in them): a bug, named against the page.
      throw new PageRenderError(route, err);
    }
    if (abandoned?.aborted) throw new PageRenderError(route, abandoned.reason);
    if (this.stopped) throw new PageNotRenderedError(route, new Error('the render thread was stopped'));
    holders.set(locals.model, { thread: this, localsId });
    const call = ++this.lastCall;
    return new Promise<Rendered | RenderedInto>((resolve, reject) => {
      this.track(call, { route, resolve: resolve as Call['resolve'], reject, ...(sink && { stored: deferred() }) });
      this.post({ kind: 'render', call, url, localsId, ...(sink && { store: this.storeTarget(sink) }) });
      abandoned?.addEventListener(
        'abort',
        () => {
          if (this.calls.has(call)) this.stop(abandoned.reason ?? new Error(`rendering ${route} was abandoned`));
        },
        { once: true },
      );
    });
  }

  /** Whether a render or a build is in flight. */
  get busy(): boolean {
    return this.calls.size > 0;
  }

  /** Whether this thread is running and holds (or is being sent) locals `id`. */
  holds(id: number): boolean {
    return !this.stopped && this.held.has(id);
  }

  documents(
    localsId: number,
    now: Date,
    siteUrl: string,
    scope: readonly Change[] | 'all',
    abandoned?: AbortSignal,
    sink?: StageSink,
  ): Promise<PublishInput[]> {
    const call = ++this.lastCall;
    return this.held.get(localsId)!.then(
      () =>
        new Promise<PublishInput[]>((resolve, reject) => {
          if (abandoned?.aborted) return reject(abandoned.reason);
          this.track(call, { route: '(documents)', resolve: resolve as Call['resolve'], reject });
          this.post({
            kind: 'documents',
            call,
            localsId,
            now,
            siteUrl,
            scope,
            ...(sink && { store: this.storeTarget(sink) }),
          });
          // A build that will not end is stopped as a page is: with its thread.
          abandoned?.addEventListener(
            'abort',
            () => {
              if (this.calls.has(call))
                this.stop(abandoned.reason ?? new Error('building the documents was abandoned'));
            },
            { once: true },
          );
        }),
    );
  }

  digest(localsId: number): Promise<string> {
    return this.held
      .get(localsId)!
      .then(() => this.call<string>('(fingerprint)', (call) => ({ kind: 'digest', call, localsId })));
  }

  /** Every page's route of the model of locals `localsId` (one the thread holds alone). */
  routes(localsId: number): Promise<string[]> {
    return this.held
      .get(localsId)!
      .then(() => this.call<string[]>('(routes)', (call) => ({ kind: 'routes', call, localsId })));
  }

  /**
   * Sends a model this thread is to hold alone (model-worker.ts): its start at once, so that it
   * follows its base before anything forgets that, then its incidents in slices, yielding between them.
   */
  async sendModel(id: number, { incidents, ...parts }: ModelParts, scope: Change[] | 'all'): Promise<ModelFacts> {
    this.post({ kind: 'model', id, ...parts });
    for (let at = 0; at < incidents.length; at += SLICE) {
      await new Promise((resolve) => setImmediate(resolve));
      this.post({ kind: 'model-incidents', id, items: incidents.slice(at, at + SLICE) });
    }
    return this.call<ModelFacts>('(model)', (call) => ({ kind: 'model-done', call, id, scope }));
  }

  /** A call answered by the thread; refused at once by a stopped thread, which would never answer. */
  private call<T>(route: string, message: (call: number) => ToWorker): Promise<T> {
    const call = ++this.lastCall;
    return new Promise<T>((resolve, reject) => {
      if (this.stopped) return reject(new Error(`the render thread was stopped before ${route}`));
      this.track(call, { route, resolve: resolve as Call['resolve'], reject });
      this.post(message(call));
    });
  }

  /** Sends `locals` unless this thread holds it already, and forgets the least recently used beyond the few it keeps. */
  hold(id: number, locals: PageLocals): Promise<void> {
    const sent = this.held.get(id);
    if (sent) this.held.delete(id);
    else {
      const hosted = hostedModels.get(locals.model);
      // A hosted model is read again from the database: this thread replaced the one that held it.
      return this.keep(id, hosted ? hosted.reload(this, id) : this.send(id, locals));
    }
    this.held.set(id, sent);
    return sent;
  }

  /** Records locals `id` as being sent, forgetting the least recently used beyond the few kept (LOCALS_KEPT). */
  keep(id: number, sending: Promise<unknown>): Promise<void> {
    const sent = sending.then(() => {});
    sent.catch(() => this.held.get(id) === sent && this.held.delete(id));
    this.held.delete(id);
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
    const base = this.lastSent && this.held.has(this.lastSent.id) ? this.lastSent : null;
    this.lastSent = null;
    const incidents = base ? incidentsSince(base.incidents, model.incidents) : undefined;
    this.post({
      kind: 'locals',
      id,
      locals: { ...locals, model: { ...model, incidents: [], maintenances: [] } },
      ...(incidents && { incidents: { base: base!.id, ...incidents } }),
    });
    for (const field of incidents ? (['maintenances'] as const) : (['incidents', 'maintenances'] as const)) {
      const list = model[field];
      for (let at = 0; at < list.length; at += SLICE) {
        await new Promise((resolve) => setImmediate(resolve));
        if (this.stopped) return;
        this.post({ kind: 'slice', id, field, items: list.slice(at, at + SLICE) });
      }
    }
    this.lastSent = { id, incidents: new Map(model.incidents.map((i) => [i.id, i])) };
  }

  /**
   * This thread's pack for the sink's stage: asked of the stage the first time (a thread that
   * replaced a stopped one gets a pack of its own), sent with what the store holds that first time.
   */
  private storeTarget(sink: StageSink): PackTarget {
    if (this.target?.stage === sink.id) return this.target;
    this.target = { stage: sink.id, file: sink.pack().file, keepsHot: sink.keepsHot };
    return { ...this.target, known: sink.known() };
  }

  /** Asks the thread to collect its garbage now (it is idle), keeping what it holds. */
  collect(): void {
    this.post({ kind: 'collect' });
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private track(call: number, c: Call): void {
    this.worked = true;
    if (this.calls.size === 0) this.worker.ref();
    this.calls.set(call, c);
  }

  private answer(message: Extract<FromWorker, { call: number }>): void {
    const c = this.calls.get(message.call);
    if (!c) return;
    if (message.kind === 'rendered' && message.body === null && c.stored && !c.rendered) {
      c.rendered = true;
      c.resolve({ status: message.status, contentType: message.contentType, stored: c.stored.promise });
      return;
    }
    this.calls.delete(message.call);
    if (this.calls.size === 0) {
      this.worker.unref();
      this.onIdle();
    }
    if (message.kind === 'stored') c.stored?.resolve(message.stored);
    else if (message.kind === 'rendered')
      c.resolve(rendered(message.status, message.contentType, Buffer.from(message.body ?? new ArrayBuffer(0))));
    else if (message.kind === 'documents-built')
      c.resolve(
        message.files.map(({ body, stored, ...f }) => (stored ? { ...f, stored } : { ...f, body: Buffer.from(body!) })),
      );
    else if (message.kind === 'digested') c.resolve(message.digest);
    else if (message.kind === 'routes-listed') c.resolve(message.routes);
    else if (message.kind === 'model-facts') {
      const { kind: _, call: __, ...facts } = message;
      c.resolve(facts);
    } else {
      const cause = Object.assign(new Error(message.error.message), message.error);
      const err = c.route.startsWith('(') ? cause : new PageRenderError(c.route, cause);
      if (c.rendered) c.stored?.reject(err);
      else {
        c.reject(err);
        c.stored?.reject(err);
      }
    }
  }

  /**
   * Ends the thread (a page that will not end is stopped only this way) and fails whatever it was
   * rendering; the pages queued behind that one, which it never reached, fail as not rendered.
   */
  stop(cause: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    void this.worker.terminate();
    let rendering = true;
    for (const c of this.calls.values()) {
      const page = !c.route.startsWith('(') && !c.rendered;
      const err = page && !rendering ? new PageNotRenderedError(c.route, cause) : new PageRenderError(c.route, cause);
      // The thread renders its pages in the order sent: the first one not rendered is the one it was in.
      if (page) rendering = false;
      c.reject(err);
      c.stored?.reject(err);
    }
    this.calls.clear();
  }
}

/** A promise with its settling functions; a rejection nobody waits for yet is not unhandled (its caller may have gone). */
function deferred(): NonNullable<Call['stored']> {
  let resolve!: (s: StoredObject) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<StoredObject>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}
