import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SiteModel } from '../core/model.ts';
import { basePriority } from '../core/thread-priority.ts';
import type { SiteSettings } from '../core/settings.ts';
import type { RenderPage } from '../../site/adapter/entry.ts';
import type { ApiReference } from './api-reference.ts';
import type { StageSink, StoredObject } from './stage-sink.ts';
import { IDLE_MS, PageRenderError, RenderThreads, rendered } from './render-thread.ts';

export {
  documentsOnRenderThread,
  modelDigestOnRenderThread,
  PageNotRenderedError,
  PageRenderError,
  RENDER_HEAP_MB,
} from './render-thread.ts';

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
export type RenderFn = ((urlPath: string, locals: PageLocals, abandoned?: AbortSignal) => Promise<Rendered>) & {
  into?: RenderIntoFn;
};

/** A page the render thread stored itself: `stored` settles once its bytes are written (or failed to be). */
export interface RenderedInto {
  status: number;
  contentType: string;
  stored: Promise<StoredObject>;
}

/**
 * Renders one route and stores it on the render thread, through a stage's sink (store.ts): hashed,
 * compressed and written there, so that its bytes never come to the calling thread (unless hot).
 */
export type RenderIntoFn = (
  urlPath: string,
  locals: PageLocals,
  sink: StageSink,
  abandoned?: AbortSignal,
) => Promise<RenderedInto>;

/** A `RenderFn` that also names the thread it renders on. */
export type Renderer = RenderFn & {
  /** The kernel's id of its render thread while one runs (Linux), else null: tests check its priority. */
  threadId(): number | null;
  /** Its render threads, when it renders on one: a model host (model-host.ts) keeps the model there. */
  threads?: RenderThreads;
};

/** A renderer still loading, as a `RenderFn` (with `into`) that waits for it: the server starts before it is loaded. */
export function deferredRenderer(renderer: Promise<Renderer>): RenderFn {
  return Object.assign(
    async (urlPath: string, locals: PageLocals, abandoned?: AbortSignal) =>
      (await renderer)(urlPath, locals, abandoned),
    {
      into: async (urlPath: string, locals: PageLocals, sink: StageSink, abandoned?: AbortSignal) => {
        const r = await renderer;
        if (!r.into) throw new Error('this renderer cannot store what it renders');
        return r.into(urlPath, locals, sink, abandoned);
      },
    },
  );
}

export interface RendererOptions {
  distDir?: string;
  /** A module exporting `renderPage` to load instead of the built entry (tests stand in pages that hang). */
  entry?: string;
  /** Render on the calling thread instead of a worker thread (only for tests that need to). */
  inProcess?: boolean;
  /** A module exporting `buildDocuments` for the render thread to use instead of documents/index.ts (tests). */
  documents?: string;
  /** How long a render thread that has worked stays idle before it collects its garbage (see `IDLE_MS`). */
  idleMs?: number;
}

/**
 * Loads the built site's server entry (`dist/server/entry.mjs`, from our adapter in site/adapter/)
 * and renders one route through Astro's App: a `Request` in, a whole `Response` out, no socket and
 * no HTTP round trip. By default on a worker thread, so that a publish never holds the thread that
 * answers readers. A page that throws rejects with a `PageRenderError` naming the route, its cause
 * attached; a missing build rejects here, at load.
 */
export async function loadAstroRenderer(options: string | RendererOptions = {}): Promise<Renderer> {
  const opts = typeof options === 'string' ? { distDir: options } : options;
  const entry = opts.entry ?? path.join(opts.distDir ?? path.resolve('dist'), 'server', 'entry.mjs');
  const notBuilt = (message: string) =>
    new Error(`The site is not built (${entry} could not be loaded): run "npm run build" first. ${message}`);
  if (!opts.inProcess) {
    const threads = new RenderThreads(
      {
        entry: pathToFileURL(entry).href,
        documents: opts.documents && pathToFileURL(opts.documents).href,
        basePriority,
      },
      notBuilt,
      opts.idleMs ?? IDLE_MS,
    );
    await threads.start();
    return Object.assign(
      (urlPath: string, locals: PageLocals, abandoned?: AbortSignal) =>
        threads.render(urlPath, locals, abandoned) as Promise<Rendered>,
      {
        threadId: () => threads.threadId(),
        threads,
        into: (urlPath: string, locals: PageLocals, sink: StageSink, abandoned?: AbortSignal) =>
          threads.render(urlPath, locals, abandoned, sink) as Promise<RenderedInto>,
      },
    );
  }
  let renderPage: RenderPage;
  try {
    ({ renderPage } = (await import(pathToFileURL(entry).href)) as { renderPage: RenderPage });
  } catch (err) {
    throw notBuilt((err as Error).message);
  }
  if (typeof renderPage !== 'function')
    throw new Error(`${entry} exports no renderPage: it was built by another adapter; run "npm run build" again.`);
  const renderHere = async (urlPath: string, locals: PageLocals) => {
    let res: Response;
    try {
      res = await renderPage(new Request(new URL(urlPath, locals.settings.siteUrl)), locals);
    } catch (err) {
      throw new PageRenderError(urlPath, err);
    }
    return rendered(res.status, res.headers.get('content-type'), Buffer.from(await res.arrayBuffer()));
  };
  return Object.assign(renderHere, { threadId: () => null });
}
