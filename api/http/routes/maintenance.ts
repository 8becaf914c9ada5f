import { OpenAPIHono } from '@hono/zod-openapi';
import type { z } from 'zod';
import { cancelMaintenance } from '../../core/commands/cancel-maintenance.ts';
import { createMaintenance } from '../../core/commands/create-maintenance.ts';
import { extendMaintenance } from '../../core/commands/extend-maintenance.ts';
import { finishMaintenance } from '../../core/commands/finish-maintenance.ts';
import { postMaintenanceUpdate } from '../../core/commands/post-maintenance-update.ts';
import { rescheduleMaintenance } from '../../core/commands/reschedule-maintenance.ts';
import { startVerifyingMaintenance } from '../../core/commands/start-verifying-maintenance.ts';
import { parseInput } from '../../core/input/common.ts';
import {
  cancelMaintenanceInput,
  createMaintenanceInput,
  extendMaintenanceInput,
  listMaintenancesQuery,
  maintenanceProgressInput,
  postMaintenanceUpdateInput,
  rescheduleMaintenanceInput,
} from '../../core/input/maintenance.ts';
import type { LeadTimePolicy } from '../../core/maintenance/lead-time-policy.ts';
import { isActiveMaintenance, type MaintenanceStatus } from '../../core/maintenance/types.ts';
import { presentMaintenance } from '../present/maintenance.ts';
import { findMaintenance, loadMaintenances } from '../../core/queries/maintenance-model.ts';
import { requireScope } from '../auth.ts';
import type { AppDeps, Env } from '../context.ts';
import { jsonBody } from '../json-body.ts';
import { describeRoute } from '../openapi.ts';
import { noticeRoutes } from './notices.ts';

type Edit = (args: {
  db: AppDeps['db'];
  now: Date;
  id: string;
  input: unknown;
  policy: LeadTimePolicy;
}) => Promise<unknown>;

/** The verbs on one maintenance: POST /maintenances/{id}/<verb>. */
const EDITS: Array<{ verb: string; summary: string; body: z.ZodType; run: Edit; status: 200 | 201 }> = [
  {
    verb: 'reschedule',
    summary: 'Move a maintenance that has not started (kept in its history; SEQUENCE +1)',
    body: rescheduleMaintenanceInput,
    run: rescheduleMaintenance,
    status: 200,
  },
  {
    verb: 'cancel',
    summary: 'Cancel a maintenance that has not started (kept in its history; SEQUENCE +1)',
    body: cancelMaintenanceInput,
    run: cancelMaintenance,
    status: 200,
  },
  {
    verb: 'extend',
    summary: 'Push back the end of a maintenance under way (kept in its history; SEQUENCE +1)',
    body: extendMaintenanceInput,
    run: extendMaintenance,
    status: 200,
  },
  {
    verb: 'finish',
    summary: 'Complete a maintenance under way before the end of its window',
    body: maintenanceProgressInput,
    run: finishMaintenance,
    status: 200,
  },
  {
    verb: 'verifying',
    summary: 'Mark a maintenance under way as verifying',
    body: maintenanceProgressInput,
    run: startVerifyingMaintenance,
    status: 200,
  },
  {
    verb: 'updates',
    summary: 'Post an update to a maintenance',
    body: postMaintenanceUpdateInput,
    run: postMaintenanceUpdate,
    status: 201,
  },
];

const LIST_FILTER: Record<z.output<typeof listMaintenancesQuery>['status'], (s: MaintenanceStatus) => boolean> = {
  upcoming: (s) => s === 'scheduled',
  active: isActiveMaintenance,
  past: (s) => s === 'completed' || s === 'cancelled',
  all: () => true,
};

/** Planned maintenance (one-off and standing-window occurrences); mounts the notice routes too. */
export function maintenanceRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<Env>();
  const write = requireScope(deps, 'maintenance');
  const { siteUrl, leadTimePolicy: policy } = deps.settings;

  const maintenanceById = async (id: string) => {
    const now = deps.now();
    return presentMaintenance(await findMaintenance(deps.db, id, now), { siteUrl, now, policy });
  };

  describeRoute(app, {
    method: 'get',
    path: '/maintenances',
    summary: 'List maintenances by start',
    tag: 'maintenance',
    query: listMaintenancesQuery,
  });
  app.get('/maintenances', async (c) => {
    // Repeated keys arrive as arrays and are refused by the strict schema.
    const query = parseInput(
      listMaintenancesQuery,
      Object.fromEntries(Object.entries(c.req.queries()).map(([k, v]) => [k, v.length === 1 ? v[0] : v])),
    );
    const now = deps.now();
    const { maintenances } = await loadMaintenances({ db: deps.db, now });
    const chosen = maintenances.filter((m) => LIST_FILTER[query.status](m.status));
    return c.json({
      maintenances: chosen.map((m) => presentMaintenance(m, { siteUrl, now, policy })),
    });
  });

  describeRoute(app, {
    method: 'get',
    path: '/maintenances/{id}',
    summary: 'One maintenance with its history and updates',
    tag: 'maintenance',
  });
  app.get('/maintenances/:id', async (c) => c.json(await maintenanceById(c.req.param('id'))));

  describeRoute(app, {
    method: 'post',
    path: '/maintenances',
    summary: 'Announce a maintenance; less notice than the policy needs `short_notice: { reason }`',
    tag: 'maintenance',
    body: createMaintenanceInput,
    write: true,
  });
  app.post('/maintenances', write, jsonBody, async (c) => {
    const { id } = await createMaintenance({
      db: deps.db,
      now: deps.now(),
      input: c.var.body,
      policy,
    });
    deps.onChange?.({ kind: 'maintenance', id });
    return c.json(await maintenanceById(id), 201, { Location: `/api/v1/maintenances/${id}` });
  });

  for (const edit of EDITS) {
    describeRoute(app, {
      method: 'post',
      path: `/maintenances/{id}/${edit.verb}`,
      summary: edit.summary,
      tag: 'maintenance',
      body: edit.body,
      write: true,
    });
    app.post(`/maintenances/:id/${edit.verb}`, write, jsonBody, async (c) => {
      const id = c.req.param('id');
      await edit.run({ db: deps.db, now: deps.now(), id, input: c.var.body, policy });
      deps.onChange?.({ kind: 'maintenance', id });
      return c.json(await maintenanceById(id), edit.status);
    });
  }

  app.route('/', noticeRoutes(deps));
  return app;
}
