import { z } from 'zod';
import { zodMessage } from '../messages/zod.ts';
import { INCIDENT_IMPACTS, INCIDENT_STATUSES } from '../vocab.ts';
import { bodyText, id, markdownText, instant, optionalText, title } from './common.ts';
import { componentStatus } from './components.ts';

/** Statuspage's familiar shape: a map of component id → the status this post sets for it. */
const componentMap = z
  .record(id, componentStatus)
  .refine((m) => Object.keys(m).length <= 200, zodMessage('field.maxComponents', { max: 200 }));

export const createIncidentInput = z
  .strictObject({
    name: title(200),
    name_en: optionalText(title(200)),
    status: z.enum(INCIDENT_STATUSES).default('investigating'),
    impact: z.enum(INCIDENT_IMPACTS).optional(),
    body: markdownText(),
    body_en: optionalText(markdownText()),
    components: componentMap.default({}),
    /** When the problem began; defaults to the time of posting. */
    detected_at: instant.optional(),
    /**
     * When the next update will be posted; without it, the configured interval (UPDATE_INTERVAL_MINUTES)
     * after this post. A later promise is accepted and answered with a warning.
     */
    next_update_at: instant.nullable().optional(),
  })
  .meta({ id: 'CreateIncident' });
export type CreateIncidentInput = z.output<typeof createIncidentInput>;

export const postIncidentUpdateInput = z
  .strictObject({
    status: z.enum(INCIDENT_STATUSES),
    body: markdownText(),
    body_en: optionalText(markdownText()),
    components: componentMap.default({}),
    impact: z.enum(INCIDENT_IMPACTS).optional(),
    /** A new promise for the next update; null returns to the default cadence. Cleared when omitted. */
    next_update_at: instant.nullable().optional(),
  })
  .meta({ id: 'PostIncidentUpdate' });
export type PostIncidentUpdateInput = z.output<typeof postIncidentUpdateInput>;

/** Why a correction was made; kept in the incident's edit history. */
const reason = bodyText(2000);

/** At least one field to change: an empty correction is more likely a client's mistake than a wish. */
const someField = (fields: readonly string[]) => (o: Record<string, unknown>) => fields.some((f) => o[f] !== undefined);

const INCIDENT_FIELDS = ['name', 'name_en', 'impact', 'components'] as const;

/**
 * Correct a published incident. `components` becomes the incident's whole component map: the latest
 * post sets these statuses, and a component left out is removed from every post (it was named by mistake).
 */
export const editIncidentInput = z
  .strictObject({
    name: title(200).optional(),
    name_en: optionalText(title(200)),
    impact: z.enum(INCIDENT_IMPACTS).optional(),
    components: componentMap.optional(),
    reason: reason.optional(),
  })
  .refine(someField(INCIDENT_FIELDS), {
    message: zodMessage('field.changeOneOf', { fields: INCIDENT_FIELDS.join(', ') }),
    path: ['(body)'],
  })
  .meta({ id: 'EditIncident' });

const UPDATE_FIELDS = ['body', 'body_en'] as const;

/** Correct a post's text; the previous text stays in the incident's edit history. */
export const editIncidentUpdateInput = z
  .strictObject({
    body: markdownText().optional(),
    body_en: optionalText(markdownText()),
    reason: reason.optional(),
  })
  .refine(someField(UPDATE_FIELDS), {
    message: zodMessage('field.changeOneOf', { fields: UPDATE_FIELDS.join(', ') }),
    path: ['(body)'],
  })
  .meta({ id: 'EditIncidentUpdate' });

/** Deleting needs a reason: it is kept for the audit. */
export const deleteWithReasonInput = z.strictObject({ reason }).meta({ id: 'DeleteWithReason' });

export const listIncidentsQuery = z.strictObject({
  status: z.enum(['unresolved', 'resolved', 'all']).default('all'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
