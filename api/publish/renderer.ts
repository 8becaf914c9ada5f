import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SiteModel } from '../core/model.ts';
import type { SiteSettings } from '../core/settings.ts';
import type { RenderPage } from '../../site/adapter/entry.ts';
import type { ApiReference } from './api-reference.ts';

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

export type RenderFn = (urlPath: string, locals: PageLocals) => Promise<Rendered>;

/**
 * Loads the built site's server entry (`dist/server/entry.mjs`, from our adapter in site/adapter/)
 * and renders one route in-process through Astro's App: a `Request` in, a whole `Response` out,
 * no socket and no HTTP round trip. A page that throws rejects with a `PageRenderError` naming the
 * route, its cause attached.
 */
export async function loadAstroRenderer(distDir = path.resolve('dist')): Promise<RenderFn> {
  const entry = path.join(distDir, 'server', 'entry.mjs');
  let renderPage: RenderPage;
  try {
    ({ renderPage } = (await import(pathToFileURL(entry).href)) as { renderPage: RenderPage });
  } catch (err) {
    throw new Error(
      `The site is not built (${entry} could not be loaded): run "npm run build" first. ${(err as Error).message}`,
    );
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
    let type = res.headers.get('content-type') ?? 'text/html';
    if (/^text\//.test(type) && !/charset=/i.test(type)) type += '; charset=utf-8';
    return { status: res.status, contentType: type, body: Buffer.from(await res.arrayBuffer()) };
  };
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
