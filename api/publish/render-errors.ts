/** A page failed to render; `cause` is what the page threw. */
export class PageRenderError extends Error {
  readonly route: string;
  constructor(route: string, cause: unknown) {
    super(`${route} failed to render: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'PageRenderError';
    this.route = route;
  }
}

/**
 * A page sent to a render thread that stopped (another page's time limit, its death) before it
 * began to render it: nothing is wrong with the page, and it may be sent again as it is.
 */
export class PageNotRenderedError extends PageRenderError {
  constructor(route: string, cause: unknown) {
    super(route, cause);
    this.name = 'PageNotRenderedError';
  }
}
