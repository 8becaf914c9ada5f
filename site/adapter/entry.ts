import { App as AstroApp, type RenderErrorOptions } from 'astro/app';
import { createApp } from 'astro/app/entrypoint';

/** Renders the page at `request.url` with `locals` as `Astro.locals`; rejects with the page's own error. */
export type RenderPage = (request: Request, locals: App.Locals) => Promise<Response>;

/**
 * Astro's App, except that a page that throws fails its render with its own error instead of
 * becoming a "500 Internal server error" page: the publisher logs the cause against the route and
 * keeps the route's previous version. 404s and other error pages stay Astro's.
 */
class PublishingApp extends AstroApp {
  protected override createErrorHandler() {
    const astroErrorPages = super.createErrorHandler();
    return {
      renderError: (request: Request, options: RenderErrorOptions) => {
        if (options.status === 500)
          throw options.error ?? new Error(`${new URL(request.url).pathname} answered 500 without saying why`);
        return astroErrorPages.renderError(request, options);
      },
    };
  }
}

// Whole pages, not streamed: each becomes one stored file anyway, and a page that fails halfway
// then rejects instead of leaving a half-written body behind.
const { manifest } = createApp();
const app = new PublishingApp({ ...manifest, pageMap: loadedOnce(manifest.pageMap) }, false);

/** The built entry's one export (dist/server/entry.mjs), which api/publish/renderer.ts loads. */
export const renderPage: RenderPage = async (request, locals) => {
  if (!app.match(request)) throw new Error(`No page matches ${new URL(request.url).pathname}`);
  return app.render(request, { locals });
};

/**
 * The page modules, each imported once: Astro asks for a page's module at every render, and an
 * import of a module already loaded still goes through Node's loader (about 30 µs a page, a quarter
 * of a second over a long history's pages). A failed import is tried again next time.
 */
function loadedOnce<K, M>(pageMap: Map<K, () => Promise<M>> | undefined): Map<K, () => Promise<M>> | undefined {
  if (!pageMap) return pageMap;
  return new Map(
    [...pageMap].map(([component, load]) => {
      let loaded: Promise<M> | undefined;
      const once = () => {
        loaded ??= load().catch((err: unknown) => {
          loaded = undefined;
          throw err;
        });
        return loaded;
      };
      return [component, once];
    }),
  );
}
