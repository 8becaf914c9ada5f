/** A route that could not be published: readers get its previous version, if there is one. */
export interface RouteFailure {
  route: string;
  /** The error's name and message, e.g. `RangeError: Maximum call stack size exceeded`. */
  cause: string;
  /** When it first failed in the current run of failures (cleared once it publishes again). */
  since: Date;
  lastFailedAt: Date;
}

export interface LastPublish {
  startedAt: Date;
  finishedAt: Date;
  ms: number;
  /** `failed`: nothing of this publish became visible (see `error`); single failing routes do not fail it. */
  outcome: 'published' | 'failed';
  /** Files rendered or built, and how many of them changed bytes. */
  routes: number;
  changed: number;
  error: string | null;
}

/** What operators see of publishing (`GET /api/v1/publishing`). */
export interface PublishingStatus {
  /** A publish is running now. */
  publishing: boolean;
  last: LastPublish | null;
  /** When files last became visible. */
  lastPublishedAt: Date | null;
  failing: RouteFailure[];
}

export function describeCause(err: unknown): string {
  const cause = err instanceof Error && err.cause !== undefined ? err.cause : err;
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
}

/** The routes that failed and since when; a route leaves the list when it publishes again. */
export class RouteFailures {
  private byRoute = new Map<string, RouteFailure>();

  failed(route: string, err: unknown, at: Date): void {
    const since = this.byRoute.get(route)?.since ?? at;
    this.byRoute.set(route, { route, cause: describeCause(err), since, lastFailedAt: at });
  }

  published(route: string): void {
    this.byRoute.delete(route);
  }

  /** After a full publish: routes that no longer exist cannot be failing. */
  keepOnly(routes: Iterable<string>): void {
    const live = new Set(routes);
    for (const route of this.byRoute.keys()) if (!live.has(route)) this.byRoute.delete(route);
  }

  list(): RouteFailure[] {
    return [...this.byRoute.values()].sort((a, b) => a.route.localeCompare(b.route));
  }
}
