import { INDICATOR_DESCRIPTION } from '../../../core/severity.ts';
import { toIsoOffset } from '../../../core/time.ts';
import type { MaintenanceView } from '../../../core/maintenance/types.ts';
import { statuspagePage } from '../../../publish/documents/site-identity.ts';
import { maintenanceInputs } from '../../../publish/formats/statuspage/from-maintenance.ts';
import { componentsFor, incidentObject, type MappingContext } from '../../../publish/formats/statuspage/incidents.ts';
import { componentObject } from '../../../publish/formats/statuspage/components.ts';
import type { MaintenanceInput } from '../../../publish/formats/statuspage/maintenance-input.ts';
import { scheduledMaintenanceObject } from '../../../publish/formats/statuspage/maintenances.ts';
import type { NotificationContext, NotificationEvent } from '../../events.ts';

/**
 * Statuspage's webhook bodies (support.atlassian.com, "Enable webhook notifications"): `meta`,
 * `page`, then `incident` (incidents, and maintenance, which Statuspage sends as an incident
 * with impact `maintenance`) or `component_update` with `component`. The objects are the very
 * ones /api/v2 publishes, so a client that reads one reads the other.
 *
 * Termination and change notices have no Statuspage shape: they come as `notice`, in the same
 * spirit (snake_case, ISO 8601 times with the page's offset, full component objects):
 * `{ id, kind: "termination" | "change", name, body, effective_at, announced_at, shortlink,
 * reminder_minutes: number | null, components }`.
 */
export function statuspagePayload(event: NotificationEvent, ctx: NotificationContext) {
  const page = statuspagePage(ctx.settings.siteUrl);
  const baseUrl = page.url.replace(/\/+$/, '');
  const mapping: MappingContext = {
    pageId: page.id,
    baseUrl,
    componentsById: new Map(ctx.components.map((c) => [c.id, c])),
  };
  const head = {
    meta: {
      // Endpoints are registered by operators, so a receiver stops them by asking the support desk.
      unsubscribe: unsubscribeUrl(ctx, baseUrl),
      documentation: `${baseUrl}/docs/api/`,
    },
    page: {
      id: page.id,
      status_indicator: ctx.indicator,
      status_description: INDICATOR_DESCRIPTION[ctx.indicator],
    },
  };
  const s = event.subject;
  switch (s.type) {
    case 'incident':
      return { ...head, incident: incidentObject(s.incident, mapping) };
    case 'maintenance':
      return {
        ...head,
        incident: scheduledMaintenanceObject(maintenanceInput(s.maintenance, event.occurredAt), mapping),
      };
    case 'component':
      return {
        ...head,
        component_update: {
          created_at: toIsoOffset(event.occurredAt),
          new_status: s.newStatus,
          old_status: s.oldStatus,
          id: event.id,
          component_id: s.component.id,
        },
        component: componentObject(s.component, page.id),
      };
    case 'notice': {
      const n = s.notice;
      return {
        ...head,
        notice: {
          id: n.id,
          kind: n.kind,
          name: n.title,
          body: n.body,
          effective_at: toIsoOffset(n.effectiveAt),
          announced_at: toIsoOffset(n.announcedAt),
          shortlink: `${baseUrl}/notices/${encodeURIComponent(n.id)}`,
          reminder_minutes: s.reminderMinutes ?? null,
          components: componentsFor(n.componentIds, mapping),
        },
      };
    }
  }
}

function unsubscribeUrl(ctx: NotificationContext, baseUrl: string): string {
  const { formUrl, email } = ctx.settings.contact;
  if (formUrl) return formUrl;
  if (email) return `mailto:${encodeURIComponent(email).replace('%40', '@')}`;
  return `${baseUrl}/`;
}

/**
 * /api/v2 leaves a cancelled maintenance out; a webhook must still say it ended, so it comes
 * as `completed` with the cancellation (and its reason) as the latest update, as the input's
 * contract suggests ("end it as completed").
 */
function maintenanceInput(m: MaintenanceView, at: Date): MaintenanceInput {
  const cancelledAt = m.overrides.cancelledAt;
  if (!cancelledAt) return maintenanceInputs([m], at)[0]!;
  const [input] = maintenanceInputs([{ ...m, overrides: { ...m.overrides, cancelledAt: null } }], cancelledAt);
  return {
    ...input!,
    status: 'completed',
    completedAt: cancelledAt,
    updates: [
      { id: `${m.id}-cancelled`, status: 'completed', body: m.overrides.cancelReason ?? '', createdAt: cancelledAt },
      ...input!.updates,
    ],
  };
}
