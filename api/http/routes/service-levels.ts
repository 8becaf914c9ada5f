import { OpenAPIHono } from '@hono/zod-openapi';
import { presentOverdue, presentServiceLevels } from '../present/service-levels.ts';
import { overdueUpdates, serviceLevelReport } from '../../core/queries/service-levels.ts';
import { loadSiteModel } from '../../core/queries/site-model.ts';
import { requireScope } from '../auth.ts';
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
  const read = requireScope(deps, 'read');

  describeRoute(app, {
    method: 'get',
    path: '/service-levels',
    summary:
      'Availability per component and overall (last 12 JST months, per year, 90 days), error budget, MTTR, first-notice figures, update cadence and support desk hours',
    description: [
      'Each period (`current_month`, `months`, `years`) has an `overall` figure and one per component:',
      '',
      '- `status`: `met` or `missed` for an ended period; for a running one (`final: false`) `on_track`',
      '  (availability so far at or above the target), `at_risk` (below the target so far, but the',
      '  error budget is not spent: the period can still meet the target) or `missed` (budget overspent:',
      '  it can no longer meet it); `no_data` before measurement begins.',
      '- `met`: `true`/`false` for an ended period only; `null` while the period runs or without data.',
      '- `measured_from` / `measured_to`: the time the figure covers. `measured_from` is later than the',
      "  period's `start` when the component came into service during it (its `start_date`, else its",
      '  creation or first incident); `null` without data. `last_90_days` carries the same for the',
      "  home page's 90-day figures.",
      '- `error_budget`: the downtime the target allows over the whole period (`minutes`), `used_minutes`',
      '  and `left_minutes` (negative once overspent).',
      '',
      'The overall availability is the planned-time-weighted mean over components; its minute fields',
      '(planned, downtime, error budget) are per service on average (component sums ÷ the number of',
      'components in service during the period), in the same terms as the figure.',
    ].join('\n'),
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
  app.get('/incidents/overdue', read, async (c) => {
    const now = deps.now();
    const model = await loadSiteModel({ db: deps.db, now });
    const byId = new Map(model.incidents.map((i) => [i.id, i]));
    const late = overdueUpdates(model, settings, now);
    return c.json({ incidents: late.map((d) => presentOverdue(d, byId.get(d.incidentId)!, siteUrl)) });
  });
  return app;
}
