import type { Change } from '../core/change.ts';
import type { SiteModel } from '../core/model.ts';
import type { SiteSettings } from '../core/settings.ts';
import type { PageLocals, RenderFn } from './renderer.ts';
import { affectedPageRoutes, allPageRoutes } from './routes.ts';
import type { FileInput, FileStore } from './store.ts';

export interface PublishReport {
  routes: number;
  changed: number;
  ms: number;
  /** Where the time went: reading the model, rendering pages, building documents, hashing and compressing. */
  phases: { model: number; pages: number; documents: number; commit: number };
  /** When the new files became visible. */
  at: Date;
}

export interface PublisherDeps {
  loadModel: (now: Date) => Promise<SiteModel>;
  render: RenderFn;
  store: FileStore;
  /** The validated settings, handed to every page as `Astro.locals.settings`. */
  settings: SiteSettings;
  /** The process's one clock (the same the API and the jobs read). */
  now: () => Date;
  /** Data for pages that does not come from the database (the API reference). */
  pageLocals?: Omit<PageLocals, 'model' | 'settings'>;
  /** Extra public files built from the model (JSON, feeds, calendars…), all republished each time: they are cheap. */
  documents?: (model: SiteModel, now: Date) => FileInput[] | Promise<FileInput[]>;
  log?: (line: string) => void;
}

/**
 * Turns writes into published files. Changes that arrive while a publish runs are coalesced into
 * the next one, so a burst of writes costs one or two publishes, never one each. (A queue library
 * would add nothing here: there is one job kind and at most one pending run.)
 */
export function createPublisher(deps: PublisherDeps) {
  let pending: Change[] | 'all' | null = null;
  let running: Promise<void> | null = null;
  let lastError: unknown = null;
  const listeners = new Set<(report: PublishReport) => void>();

  async function publish(scope: Change[] | 'all'): Promise<PublishReport> {
    const started = performance.now();
    const mark = (() => {
      let last = started;
      return () => {
        const t = performance.now();
        const ms = Math.round(t - last);
        last = t;
        return ms;
      };
    })();
    const now = deps.now();
    const model = await deps.loadModel(now);
    const modelMs = mark();
    const routes = scope === 'all' ? allPageRoutes(model) : affectedPageRoutes(scope, model);
    const locals: PageLocals = { ...deps.pageLocals, model, settings: deps.settings };
    const pages: FileInput[] = [];
    for (const route of routes) {
      const out = await deps.render(route === '/404.html' ? '/404' : route, locals);
      pages.push({ path: route, contentType: out.contentType, body: out.body, status: out.status });
    }
    const pagesMs = mark();
    const documents = deps.documents ? await deps.documents(model, now) : [];
    const documentsMs = mark();
    const changed = await deps.store.commit([...pages, ...documents], now);
    const report: PublishReport = {
      routes: routes.length + documents.length,
      changed: changed.length,
      ms: Math.round(performance.now() - started),
      phases: { model: modelMs, pages: pagesMs, documents: documentsMs, commit: mark() },
      at: deps.now(),
    };
    const p = report.phases;
    deps.log?.(
      `published ${report.changed}/${report.routes} files in ${report.ms} ms (model ${p.model}, pages ${p.pages}, documents ${p.documents}, compress ${p.commit})`,
    );
    for (const l of listeners) l(report);
    return report;
  }

  function drain(): Promise<void> {
    running ??= (async () => {
      while (pending) {
        const scope = pending;
        pending = null;
        try {
          await publish(scope);
          lastError = null;
        } catch (err) {
          lastError = err;
          deps.log?.(`publish failed: ${(err as Error).stack ?? String(err)}`);
        }
      }
      running = null;
    })();
    return running;
  }

  return {
    /** Publishes every page now (start-up, or a manual republish). */
    async publishAll(): Promise<PublishReport> {
      await running;
      return publish('all');
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
    onPublished(listener: (report: PublishReport) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get lastError() {
      return lastError;
    },
  };
}
export type Publisher = ReturnType<typeof createPublisher>;
