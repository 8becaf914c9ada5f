import { OpenAPIHono } from '@hono/zod-openapi';
import { say } from '../../core/messages/say.ts';
import { toIsoOffset, toIsoOffsetOrNull } from '../../core/time.ts';
import type { PublishingStatus } from '../../publish/publish-status.ts';
import { requireScope } from '../auth.ts';
import type { AppDeps, Env } from '../context.ts';
import { describeRoute } from '../openapi.ts';
import { problem } from '../problem.ts';

/**
 * Whether the public site is being published (operators only): the last publish, and each route
 * that fails to render with its cause and since when. The site keeps such a route's previous
 * version, so from outside a failing page looks merely stale; this is where it shows.
 */
export function publishingRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<Env>();
  describeRoute(app, {
    method: 'get',
    path: '/publishing',
    summary:
      'The last publish of the public site (when, how long, outcome) and the routes failing to publish, with cause and since when (operators only)',
    tag: 'publishing',
    auth: true,
  });
  app.get('/publishing', requireScope(deps, 'read'), (c) => {
    if (!deps.publishing) return problem(c, 503, say('http.noPublisher'));
    return c.json(presentPublishing(deps.publishing()));
  });
  return app;
}

function presentPublishing(s: PublishingStatus) {
  return {
    publishing: s.publishing,
    last_published_at: toIsoOffsetOrNull(s.lastPublishedAt),
    last_publish: s.last && {
      started_at: toIsoOffset(s.last.startedAt),
      finished_at: toIsoOffset(s.last.finishedAt),
      duration_ms: s.last.ms,
      outcome: s.last.outcome,
      files: s.last.routes,
      changed: s.last.changed,
      error: s.last.error,
    },
    failing: s.failing.map((f) => ({
      route: f.route,
      cause: f.cause,
      since: toIsoOffset(f.since),
      last_failed_at: toIsoOffset(f.lastFailedAt),
    })),
  };
}
