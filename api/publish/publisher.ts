import { createHash } from 'node:crypto';
import type { Change } from '../core/change.ts';
import type { SiteModel } from '../core/model.ts';
import type { SiteSettings } from '../core/settings.ts';
import { describeCause, type LastPublish, type PublishingStatus, RouteFailures } from './publish-status.ts';
import { heldHere, isHeld, type HeldModel, type LoadedModel } from './held-model.ts';
import { PageNotRenderedError, type PageLocals, type RenderFn, type Rendered, type RenderedInto } from './renderer.ts';
import type { PublishInput, StageSink } from './stage-sink.ts';
import { roomToGrow } from './heap-growth.ts';
import type { FileStore } from './store.ts';
import { TimeLimitError, within } from '../core/time-limit.ts';
import { atLevel, lazyLog } from '../server/log-lazy.ts';

export interface PublishReport {
  routes: number;
  changed: number;
  ms: number;
  /** Where the time went: reading the model, rendering pages, building documents, hashing and compressing. */
  phases: { model: number; pages: number; documents: number; commit: number };
  /** Routes that failed in this publish and kept their previous version (see `status().failing`). */
  failed: string[];
  /** When the new files became visible. */
  at: Date;
  /** `publishAll({ ifChanged: true })` found the stored output made from the same inputs, still valid: nothing rendered. */
  upToDate?: true;
}

/** How long a publish may take; past a limit the work is abandoned with a logged error. */
export interface PublishLimits {
  /** One page: they render in milliseconds, so this only catches a render that would never end. */
  pageMs: number;
  /** The whole publish, model to commit: generous, as a full publish of a long history renders thousands of pages. */
  publishMs: number;
}

/** The failure record's name for the non-page files (JSON, feeds, calendars, badge), built together. */
export const DOCUMENTS_ROUTE = '(documents)';

export interface PublisherDeps {
  /**
   * `scope`: what changed since the last publish, so that a loader may re-read only that ('all':
   * everything). A model the render thread holds comes as its facts (model-host.ts).
   */
  loadModel: (now: Date, scope: Scope) => Promise<LoadedModel>;
  render: RenderFn;
  store: FileStore;
  /** The validated settings, handed to every page as `Astro.locals.settings`. */
  settings: SiteSettings;
  /** The process's one clock (the same the API and the jobs read). */
  now: () => Date;
  /** Data for pages that does not come from the database (the API reference). */
  pageLocals?: Omit<PageLocals, 'model' | 'settings'>;
  /**
   * Extra public files built from the model (JSON, feeds, calendars…): those `scope` can have changed, or all.
   * `abandoned` is aborted when the publisher stops waiting (the same time limit as a page's), so that a
   * build stuck on the render thread stops that thread. With `sink`, they may be stored where they are built.
   */
  documents?: (
    model: SiteModel,
    now: Date,
    scope: Scope,
    abandoned?: AbortSignal,
    sink?: StageSink,
  ) => PublishInput[] | Promise<PublishInput[]>;
  /** Validated with the other settings (PUBLISH_PAGE_TIMEOUT_MS, PUBLISH_TIMEOUT_MS). */
  limits: PublishLimits;
  /** Progress and failures; without it, failures still go to stderr (never nowhere). */
  log?: (line: string) => void;
  /**
   * What decides the output besides the model and the settings: the built site (its sources hash),
   * and until when time alone changes no page (the publish clock's next wake, read after the model;
   * null: never). Stored with each whole publish, so that `publishAll({ ifChanged: true })` after a
   * restart renders nothing when none of it changed.
   */
  freshness?: { site: string; validUntil: () => Date | null };
  /**
   * Told as each publish ends (api/metrics records it): its report and the paths whose bytes
   * changed, or, when it failed as a whole, how long it ran.
   */
  ended?: (end: { report: PublishReport; changedPaths: readonly string[] } | { failedAfterMs: number }) => void;
}

export type Scope = Change[] | 'all';
/**
 * Files handed to the store and not yet written: enough to keep libuv's threads compressing while the
 * next page renders (the store compresses 2 per core at once), few enough that a publish holds only
 * a handful of bodies.
 */
const ADDS_IN_FLIGHT = 8;
/**
 * Routes handed to the renderer before the one it renders is settled: without them the render
 * thread waited a round trip to this thread for each of its pages.
 */
const ROUTES_AHEAD = 6;
const merge = (a: Scope | null, b: Scope | null): Scope | null =>
  a === 'all' || b === 'all' ? 'all' : a || b ? [...(a ?? []), ...(b ?? [])] : null;

/**
 * Turns writes into published files. Changes that arrive while a publish runs are coalesced into
 * the next one, so a burst of writes costs one or two publishes, never one each. (A queue library
 * would add nothing here: there is one job kind and at most one pending run.)
 *
 * No input can stop it: a page that fails to render, or takes too long, is logged with its route
 * and cause and keeps its previous version while the rest of the batch is published; a publish that
 * fails as a whole (the database is down, the time limit passed) ends with a logged error, keeps the
 * published files, and hands its changes on to the next publish.
 */
export function createPublisher(deps: PublisherDeps) {
  const { limits } = deps;
  // A page or a publish that failed: at error in the server's log.
  const report = deps.log ? atLevel(deps.log, 'error') : lazyLog('error');
  let pending: Scope | null = null;
  /** The changes of a publish that failed as a whole, still to be published. */
  let unpublished: Scope | null = null;
  let running: Promise<void> | null = null;
  let lastError: unknown = null;
  let last: LastPublish | null = null;
  let lastPublishedAt: Date | null = null;
  const failures = new RouteFailures();
  /** `pageFrameKey` of the model last published (or found current), to tell when every page changed. */
  let frame: string | null = null;
  const asHeld = (loaded: LoadedModel, scope: Scope): HeldModel =>
    isHeld(loaded) ? loaded : heldHere(loaded, scope, { ...deps.pageLocals, settings: deps.settings });

  async function publish(scope: Scope, ifChanged = false): Promise<PublishReport> {
    const started = performance.now();
    const startedAt = deps.now();
    try {
      const result = await render(scope, started, ifChanged);
      last = {
        startedAt,
        finishedAt: result.at,
        ms: result.ms,
        outcome: 'published',
        routes: result.routes,
        changed: result.changed,
        error: null,
      };
      lastPublishedAt = result.at;
      lastError = null;
      unpublished = null;
      return result;
    } catch (err) {
      const ms = Math.round(performance.now() - started);
      last = {
        startedAt,
        finishedAt: deps.now(),
        ms,
        outcome: 'failed',
        routes: 0,
        changed: 0,
        error: describeCause(err),
      };
      lastError = err;
      unpublished = merge(unpublished, scope);
      report(`publish failed after ${ms} ms; the site keeps its previous files: ${stackOf(err)}`);
      deps.ended?.({ failedAfterMs: ms });
      throw err;
    }
  }

  async function render(scope: Scope, started: number, ifChanged: boolean): Promise<PublishReport> {
    const deadline = started + limits.publishMs;
    /** The time the publish has left; past its limit, the publish ends here. */
    const timeLeft = (where: string) => {
      const ms = deadline - performance.now();
      if (ms <= 0) throw new TimeLimitError(`the publish ran past its ${limits.publishMs} ms limit ${where}`);
      return ms;
    };
    const mark = (() => {
      let at = started;
      return () => {
        const t = performance.now();
        const ms = Math.round(t - at);
        at = t;
        return ms;
      };
    })();
    const now = deps.now();
    const held = asHeld(
      await within(deps.loadModel(now, scope), timeLeft('before reading the model'), 'reading the site model'),
      scope,
    );
    const modelMs = mark();
    const validUntil = deps.freshness?.validUntil() ?? null;
    // Here only when deciding whether to render at all (a start); otherwise once rendered, below.
    let fingerprint = ifChanged && deps.freshness ? fingerprintOf(await held.digest(), deps) : null;
    if (fingerprint && isCurrent(deps.store.generation()?.meta, fingerprint, now)) {
      frame = held.frame;
      const ms = Math.round(performance.now() - started);
      deps.log?.(`published output is current (same data, settings and site): rendered nothing in ${ms} ms`);
      const current: PublishReport = {
        routes: 0,
        changed: 0,
        ms,
        phases: { model: modelMs, pages: 0, documents: 0, commit: 0 },
        failed: [],
        at: deps.now(),
        upToDate: true,
      };
      deps.ended?.({ report: current, changedPaths: [] });
      return current;
    }
    const frameNow = held.frame;
    const everyPage = scope === 'all' || (frame !== null && frame !== frameNow);
    const routes = await held.routes(everyPage);
    const { locals } = held;
    const failed: string[] = [];
    const fail = (route: string, err: unknown) => {
      failed.push(route);
      failures.failed(route, err, deps.now());
      report(`${route} was not published (its previous version stays): ${stackOf(err)}`);
    };
    // Each file goes to the store as it is rendered, to be hashed, compressed and written while the
    // next renders: a whole-history publish never holds all its bodies (8,570 pages, 115 MB, and
    // their compressed variants) until the commit. Nothing is visible before `stage.commit`.
    const stage = deps.store.stage(now);
    // A renderer that can store what it renders does so on its thread, into the stage's packs, and
    // only where each file went comes here (unless hot): the bodies, their compression and the
    // garbage of it all stay off the thread that answers reads. A store in memory takes bodies.
    const sink = deps.render.into ? (stage.sink?.() ?? null) : null;
    const inFlight = new Set<Promise<void>>();
    let storeError: unknown = null;
    /** `input` null: nothing to add (a page that failed to be stored, already recorded as failed). */
    const give = async (input: PublishInput | Promise<PublishInput | null>) => {
      if (storeError) throw storeError;
      const added = Promise.resolve(input)
        .then((file) => file && stage.add(file))
        .then(
          () => {
            inFlight.delete(added);
          },
          (err: unknown) => {
            inFlight.delete(added);
            storeError ??= err;
          },
        );
      inFlight.add(added);
      if (inFlight.size >= ADDS_IN_FLIGHT) await Promise.race(inFlight);
    };
    const pages: string[] = [];
    let documents = 0;
    let changed: string[];
    let pagesMs = 0;
    let documentsMs = 0;
    // Every page at once: full collections far apart while they render (heap-growth.ts); a few: as ever.
    const release = everyPage ? roomToGrow() : null;
    try {
      /** Pages rendered whose storing was cut short (their thread was stopped by a later page): rendered again once. */
      const again: string[] = [];
      /** A route handed to the renderer, with what aborts it: its time runs only once it is the first waited on. */
      interface Sent {
        route: string;
        out: Promise<Rendered | RenderedInto>;
        abandoned: AbortController;
      }
      const send = (route: string): Sent => {
        // Aborted when the page is given up on, so that the renderer stops the thread stuck in it.
        const abandoned = new AbortController();
        const url = route === '/404.html' ? '/404' : route;
        const out = sink
          ? deps.render.into!(url, locals, sink, abandoned.signal)
          : (deps.render(url, locals, abandoned.signal) as Promise<Rendered | RenderedInto>);
        // Awaited later, in order; a failure meanwhile is not unhandled.
        out.catch(() => {});
        return { route, out, abandoned };
      };
      /** 'again': the page's thread stopped before rendering it, through no fault of the page. */
      const settle = async ({ route, out: rendering, abandoned }: Sent, lastTry: boolean) => {
        let out: Rendered | RenderedInto;
        try {
          out = await within(
            rendering,
            Math.min(limits.pageMs, timeLeft(`before rendering ${route}`)),
            `rendering ${route}`,
          );
        } catch (err) {
          if (err instanceof PageNotRenderedError && !lastTry) return 'again';
          abandoned.abort(err);
          timeLeft(`while rendering ${route}`);
          fail(route, err);
          return 'failed';
        }
        if ('stored' in out) {
          const { contentType, status } = out;
          // Written while the next page renders, on the same thread: a page stuck there after it
          // stops that thread, and this one is rendered again on the next rather than failed.
          await give(
            out.stored.then(
              (stored) => {
                pages.push(route);
                return { path: route, contentType, status, stored };
              },
              (err: unknown) => {
                if (lastTry) fail(route, err);
                else again.push(route);
                return null;
              },
            ),
          );
          return 'done';
        }
        await give({ path: route, contentType: out.contentType, body: out.body, status: out.status });
        pages.push(route);
        return 'done';
      };
      // A few routes ahead, so that the render thread never waits for its next page; it still
      // renders them one at a time, in order. Each page's time limit runs from when the one before
      // it is settled, which is when the thread turns to it.
      const ahead: Sent[] = [];
      /** Routes whose thread stopped before reaching them: sent again first, in their order. */
      const redo: string[] = [];
      let next = 0;
      for (;;) {
        while (ahead.length < ROUTES_AHEAD && (redo.length || next < routes.length))
          ahead.push(send(redo.shift() ?? routes[next++]!));
        const first = ahead.shift();
        if (!first) break;
        const outcome = await settle(first, false);
        if (outcome === 'done') continue;
        if (outcome === 'again') redo.push(first.route);
        // A failed page may have stopped its thread (its time limit, its death): settle the pages
        // sent after it before sending more, so that those it held are sent again first, in order.
        for (const sent of ahead.splice(0)) if ((await settle(sent, false)) === 'again') redo.push(sent.route);
      }
      while (inFlight.size) await Promise.all(inFlight);
      for (const route of again.splice(0)) await settle(send(route), true);
      pagesMs = mark();
      if (deps.documents) {
        const build = deps.documents;
        // A failed build may have left any document behind: the next publish rebuilds them all.
        const documentScope = failures.list().some((f) => f.route === DOCUMENTS_ROUTE) ? 'all' : scope;
        // Cut off like a page: a build that never ends stops the render thread it runs on.
        const abandoned = new AbortController();
        let files: PublishInput[] | null = null;
        try {
          files = await within(
            (async () => build(locals.model, now, documentScope, abandoned.signal, sink ?? undefined))(),
            Math.min(limits.pageMs, timeLeft('before building the documents')),
            'building the documents (JSON, feeds, calendars, badge)',
          );
        } catch (err) {
          abandoned.abort(err);
          timeLeft('while building the documents');
          fail(DOCUMENTS_ROUTE, err);
        }
        // Let go of each body once handed over: the store drops it once written.
        for (let n = 0; files && n < files.length; n++) {
          const file = files[n]!;
          files[n] = null as unknown as PublishInput;
          await give(file);
          documents++;
        }
      }
      // Every page stored (or failed), so that `failed` below is whole.
      while (inFlight.size) await Promise.all(inFlight);
      if (storeError) throw storeError;
      documentsMs = mark();
      // Not time-limited: hashing and compressing always end, and an abandoned commit would still
      // swap its files in later.
      // The fingerprint vouches for the whole output only when no route is left failing.
      const whole = failed.length === 0 && (scope === 'all' || failures.list().length === 0);
      if (deps.freshness && whole && !fingerprint) fingerprint = fingerprintOf(await held.digest(), deps);
      const meta: Record<string, string> =
        fingerprint && whole ? { fingerprint, validUntil: validUntil?.toISOString() ?? '' } : {};
      changed = await stage.commit([], meta);
      frame = frameNow;
    } catch (err) {
      await stage.abort().catch(() => {});
      throw err;
    } finally {
      release?.();
    }
    for (const page of pages) failures.published(page);
    if (deps.documents && !failed.includes(DOCUMENTS_ROUTE)) failures.published(DOCUMENTS_ROUTE);
    if (scope === 'all') failures.keepOnly([...routes, DOCUMENTS_ROUTE]);
    const result: PublishReport = {
      routes: pages.length + documents,
      changed: changed.length,
      ms: Math.round(performance.now() - started),
      phases: { model: modelMs, pages: pagesMs, documents: documentsMs, commit: mark() },
      failed,
      at: deps.now(),
    };
    const p = result.phases;
    deps.log?.(
      `published ${result.changed}/${result.routes} files in ${result.ms} ms (model ${p.model}, pages ${p.pages}, documents ${p.documents}, compress ${p.commit})${failed.length ? `; ${failed.length} failed and kept their previous version: ${failed.join(' ')}` : ''}`,
    );
    deps.ended?.({ report: result, changedPaths: changed });
    return result;
  }

  /** Runs pending publishes one after another; every failure has been reported by `publish`. */
  function drain(): Promise<void> {
    running ??= (async () => {
      while (pending) {
        const scope = merge(unpublished, pending)!;
        pending = null;
        await publish(scope).catch(() => {});
      }
      running = null;
    })();
    return running;
  }

  return {
    /**
     * Publishes every page now (start-up, a clock jump, the export); rejects when the publish failed
     * as a whole. `ifChanged`: renders nothing when the stored output was published from the same
     * model, settings and site and time has not yet changed any page (see `freshness`).
     */
    async publishAll(options: { ifChanged?: boolean } = {}): Promise<PublishReport> {
      while (running) await running;
      const run = publish('all', options.ifChanged);
      running = run.then(
        () => {},
        () => {},
      );
      try {
        return await run;
      } finally {
        running = null;
        if (pending) void drain();
      }
    },
    /**
     * Whether the stored output was made from the inputs of now and is still valid (see
     * `freshness`): what `publishAll({ ifChanged: true })` checks, without publishing.
     */
    async isCurrent(): Promise<boolean> {
      if (!deps.freshness) return false;
      const now = deps.now();
      const held = asHeld(await deps.loadModel(now, 'all'), 'all');
      return isCurrent(deps.store.generation()?.meta, fingerprintOf(await held.digest(), deps), now);
    },
    /** Schedules the pages a change affects; returns at once. */
    notify(change: Change): void {
      if (pending === 'all') return;
      pending = [...(pending ?? []), change];
      // Let the writer's own answer go out first: the publish would otherwise queue ahead of its
      // read on the database and hold the event loop while pages render.
      setImmediate(() => void drain());
    },
    /** Resolves when nothing is pending (tests and graceful shutdown). */
    async idle(): Promise<void> {
      while (running || pending) await (running ?? new Promise((resolve) => setImmediate(resolve)));
    },
    get lastError() {
      return lastError;
    },
    /** For operators: the last publish, and the routes that are failing with their causes. */
    status(): PublishingStatus {
      return { publishing: running !== null, last, lastPublishedAt, failing: failures.list() };
    },
  };
}
export type Publisher = ReturnType<typeof createPublisher>;

function stackOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `\n  caused by ${err.cause.stack ?? err.cause.message}` : '';
  return `${err.stack ?? err.message}${cause}`;
}

/** A hash of everything a publish is made from, `now` aside: the model's digest (model-digest.ts), the settings, the site. */
function fingerprintOf(digest: string, deps: PublisherDeps): string {
  return createHash('sha256')
    .update(digest)
    .update(JSON.stringify([deps.settings, deps.pageLocals ?? null, deps.freshness?.site ?? null]))
    .digest('base64url');
}

function isCurrent(meta: Record<string, string> | undefined, fingerprint: string, now: Date): boolean {
  if (meta?.fingerprint !== fingerprint || meta.validUntil === undefined) return false;
  return meta.validUntil === '' || now.getTime() < Date.parse(meta.validUntil);
}
