import { z } from 'zod';
import { bodyText, id, markdownText, title } from '../../core/input/common.ts';
import { componentStatus } from '../../core/input/components.ts';
import { INCIDENT_IMPACTS, INCIDENT_STATUSES } from '../../core/vocab.ts';
import { instant, localDate } from '../format-parts.ts';

/**
 * What we read of Statuspage's public JSON (shared/docs/statuspage-v2.md: our /api/v2 and
 * Statuspage's own are the same shape). Keys we do not use (shortlink, page_id, tweet_id…) are
 * ignored, as a real page sends more than we keep; the text we keep goes through the API's own
 * input rules, so an import stores nothing the API would refuse. Ids are Statuspage's, which fit
 * ours (12 lowercase alphanumerics) and are kept, so that importing the same file again is a no-op.
 */

/** Statuspage sends "" for a description nobody wrote; ours is null then. */
const emptyAsNull = (v: unknown) => (v === '' ? null : v);

export const statuspageComponent = z.object({
  id,
  name: title(100),
  status: componentStatus,
  position: z.int().min(0).max(10_000).optional(),
  description: z.preprocess(emptyAsNull, bodyText(1000).nullable()).optional(),
  showcase: z.boolean().optional(),
  start_date: localDate.nullable().optional(),
  group_id: id.nullable().optional(),
  group: z.boolean().optional(),
  only_show_if_degraded: z.boolean().optional(),
  /** A group row's members. */
  components: z.array(id).max(200).optional(),
  created_at: instant.optional(),
  updated_at: instant.optional(),
});
export type StatuspageComponent = z.output<typeof statuspageComponent>;

/** `code` is the component's id; `old_status` is derived again from the earlier updates. */
const affectedComponent = z.object({
  code: id,
  name: title(100),
  new_status: componentStatus,
});

const updateOf = <S extends z.ZodType<string>>(status: S) =>
  z.object({
    id,
    status,
    body: markdownText(),
    created_at: instant,
    display_at: instant.nullable().optional(),
    affected_components: z.array(affectedComponent).max(200).nullable().optional(),
  });

const withUpdates = <S extends z.ZodType<string>>(status: S) => ({
  id,
  name: title(200),
  status,
  created_at: instant,
  updated_at: instant.nullable().optional(),
  started_at: instant.nullable().optional(),
  incident_updates: z.array(updateOf(status)).min(1).max(10_000),
  components: z.array(statuspageComponent).max(200).optional(),
});

export const statuspageIncident = z.object({
  ...withUpdates(z.enum(INCIDENT_STATUSES)),
  impact: z.enum(INCIDENT_IMPACTS),
});
export type StatuspageIncident = z.output<typeof statuspageIncident>;

/** Statuspage has no cancelled maintenance in its public API (a cancelled one is deleted). */
export const STATUSPAGE_MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;

export const statuspageMaintenance = z
  .object({
    ...withUpdates(z.enum(STATUSPAGE_MAINTENANCE_STATUSES)),
    scheduled_for: instant,
    scheduled_until: instant,
    /** When it completed, if it has. */
    resolved_at: instant.nullable().optional(),
  })
  .refine((m) => new Date(m.scheduled_until) > new Date(m.scheduled_for), {
    message: 'Must be after scheduled_for.',
    path: ['scheduled_until'],
  });
export type StatuspageMaintenance = z.output<typeof statuspageMaintenance>;

/**
 * Any of Statuspage's documents: incidents.json, scheduled-maintenances.json, components.json, or
 * summary.json with all three.
 */
export const statuspageDocument = z.object({
  components: z.array(statuspageComponent).max(10_000).optional(),
  incidents: z.array(statuspageIncident).max(100_000).optional(),
  scheduled_maintenances: z.array(statuspageMaintenance).max(100_000).optional(),
});
export type StatuspageDocument = z.output<typeof statuspageDocument>;
