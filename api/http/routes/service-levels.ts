import { OpenAPIHono } from '@hono/zod-openapi';
import { presentOverdue, presentServiceLevels } from '../present/service-levels.ts';
import { overdueUpdates, serviceLevelReport } from '../../core/queries/service-levels.ts';
import { loadSiteModel } from '../../core/queries/site-model.ts';
import { requireAdmin } from '../auth.ts';
import type { AppDeps, Env } from '../context.ts';
import { describeRoute } from '../openapi.ts';

/**
 * Measured service levels (public: the same figures as the service-level pages) and the
 * operators' list of incidents whose promised update is late. Mount before the incident routes:
 * `/incidents/overdue` would otherwise be read as the incident with the id "overdue".
 */
export function serviceLevelRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<Env>();
  const { serviceLevels: settings, siteUrl } = deps.settings;
  const admin = requireAdmin(deps.adminToken);

  describeRoute(app, {
    method: 'get',
    path: '/service-levels',
    summary:
      'Availability per component and overall (last 12 JST months, per year, 90 days), error budget, MTTR, first-notice figures, update cadence and support desk hours',
    tag: 'service levels',
  });
  app.get('/service-levels', async (c) => {
    const now = deps.now();
    const model = await loadSiteModel({ db: deps.db, now });
    return c.json(presentServiceLevels(serviceLevelReport(model, settings, now)));
  });

  describeRoute(app, {
    method: 'get',
    path: '/incidents/overdue',
    summary: 'Active incidents whose next update is overdue, most overdue first (operators only)',
    tag: 'incidents',
    // Operator-facing: which incident is late is for us to act on, not a public list.
    auth: true,
  });
  app.get('/incidents/overdue', admin, async (c) => {
    const now = deps.now();
    const model = await loadSiteModel({ db: deps.db, now });
    const byId = new Map(model.incidents.map((i) => [i.id, i]));
    const late = overdueUpdates(model, settings, now);
    return c.json({ incidents: late.map((d) => presentOverdue(d, byId.get(d.incidentId)!, siteUrl)) });
  });
  return app;
}
