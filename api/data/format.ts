import { z } from 'zod';
import { bodyText, id, markdownText, title } from '../core/input/common.ts';
import { componentStatus } from '../core/input/components.ts';
import { MAINTENANCE_CHANGE_KINDS, MAINTENANCE_STATUSES, NOTICE_RECORD_KINDS } from '../core/maintenance/types.ts';
import { NOTICE_CHANGE_KINDS } from '../core/maintenance/notice-edits.ts';
import { INCIDENT_IMPACTS, INCIDENT_STATUSES, LANGS } from '../core/vocab.ts';
import { NOTIFY_KIND_GROUPS, WEBHOOK_FORMATS } from '../notify/outbox/vocab.ts';
import { changes, componentList, instant, localDate } from './format-parts.ts';
import { danglingReferences } from './format-references.ts';

/**
 * The documented, versioned file of `npm run export-data` / `npm run import-data`
 * (docs/data-format.md; docs/data-format.schema.json is generated from this). Text fields use the
 * API's own input rules, so an import cannot store what the API would refuse. Fields that may be
 * null may also be left out (an importer of another system's data need not name them); an export
 * writes every field.
 */
export const DATA_FORMAT = 'shirase-data';
export const DATA_VERSION = 1;

const nullable = <T extends z.ZodType>(schema: T) => schema.nullable().default(null);

export const componentGroupRecord = z.strictObject({
  id,
  name: title(100),
  name_en: nullable(title(100)),
  description: nullable(bodyText(1000)),
  description_en: nullable(bodyText(1000)),
  position: z.int().min(0).max(10_000).default(0),
  created_at: instant,
  updated_at: instant,
});

export const componentRecord = z.strictObject({
  id,
  group_id: nullable(id),
  name: title(100),
  name_en: nullable(title(100)),
  description: nullable(bodyText(1000)),
  description_en: nullable(bodyText(1000)),
  position: z.int().min(0).max(10_000).default(0),
  /** The status an operator set by hand (the page also weighs active incidents). */
  status: componentStatus.default('operational'),
  showcase: z.boolean().default(true),
  only_show_if_degraded: z.boolean().default(false),
  start_date: nullable(localDate),
  created_at: instant,
  updated_at: instant,
});

export const incidentUpdateRecord = z.strictObject({
  id,
  status: z.enum(INCIDENT_STATUSES),
  body: markdownText(),
  body_en: nullable(markdownText()),
  created_at: instant,
  display_at: instant,
  next_update_at: nullable(instant),
  edited_at: nullable(instant),
  /** Component id → the status this post set for it. */
  components: z
    .record(id, componentStatus)
    .refine((m) => Object.keys(m).length <= 200, 'Names more than 200 components.')
    .default({}),
});

export const incidentEditRecord = z.strictObject({
  id,
  kind: z.enum(['incident_edited', 'update_edited', 'update_deleted']),
  update_id: nullable(id),
  at: instant,
  by: title(320),
  reason: nullable(bodyText(2000)),
  changes,
});

export const incidentRecord = z.strictObject({
  id,
  name: title(200),
  name_en: nullable(title(200)),
  impact: z.enum(INCIDENT_IMPACTS),
  detected_at: instant,
  created_at: instant,
  updated_at: instant,
  next_update_at: nullable(instant),
  /** Oldest first, in the order they were posted. */
  updates: z.array(incidentUpdateRecord).min(1).max(10_000),
  edits: z.array(incidentEditRecord).max(10_000).default([]),
});

export const maintenanceUpdateRecord = z.strictObject({
  id,
  status: z.enum(MAINTENANCE_STATUSES),
  body: markdownText(),
  body_en: nullable(markdownText()),
  created_at: instant,
  display_at: instant,
});

export const maintenanceHistoryRecord = z.strictObject({
  id,
  kind: z.enum(MAINTENANCE_CHANGE_KINDS),
  at: instant,
  by: title(320),
  reason: bodyText(2000),
  old_start: instant,
  old_end: instant,
  new_start: nullable(instant),
  new_end: nullable(instant),
});

export const maintenanceRecord = z
  .strictObject({
    id,
    /** A standing-window occurrence: its series and local date; null for a one-off window. */
    occurrence_key: nullable(title(200)),
    series_id: nullable(title(200)),
    title: title(200),
    title_en: nullable(title(200)),
    body: markdownText(),
    body_en: nullable(markdownText()),
    scheduled_for: instant,
    scheduled_until: instant,
    announced_at: instant,
    /** Why it was announced with less notice than the policy asks; null when it was not. */
    short_notice_reason: nullable(title(500)),
    sequence: z.int().min(0).max(100_000).default(0),
    started_at: nullable(instant),
    verifying_at: nullable(instant),
    finished_at: nullable(instant),
    extended_until: nullable(instant),
    cancelled_at: nullable(instant),
    cancel_reason: nullable(bodyText(2000)),
    created_at: instant,
    updated_at: instant,
    components: componentList,
    updates: z.array(maintenanceUpdateRecord).max(10_000).default([]),
    history: z.array(maintenanceHistoryRecord).max(10_000).default([]),
  })
  // The database's own check (maintenances_window_check), told here with the place instead of mid-import.
  .refine((m) => m.scheduled_until > m.scheduled_for, {
    message: 'Must be after scheduled_for.',
    path: ['scheduled_until'],
  });

export const noticeHistoryRecord = z.strictObject({
  id,
  kind: z.enum(NOTICE_CHANGE_KINDS),
  at: instant,
  by: title(320),
  reason: nullable(bodyText(2000)),
  changes,
});

export const noticeRecord = z.strictObject({
  id,
  kind: z.enum(NOTICE_RECORD_KINDS),
  title: title(200),
  title_en: nullable(title(200)),
  body: markdownText(),
  body_en: nullable(markdownText()),
  effective_at: instant,
  announced_at: instant,
  short_notice_reason: nullable(title(500)),
  created_at: instant,
  updated_at: instant,
  withdrawn_at: nullable(instant),
  withdraw_reason: nullable(bodyText(2000)),
  components: componentList,
  history: z.array(noticeHistoryRecord).max(10_000).default([]),
});

/** Null: every component, including ones added later. */
const recipientComponents = nullable(z.array(id).max(200));

export const contactRecord = z.strictObject({
  id,
  email: z.email().max(254),
  name: nullable(title(100)),
  language: z.enum(LANGS),
  components: recipientComponents,
  quarantined_at: nullable(instant),
  created_at: instant,
});

/** Confirmed subscribers only: a pending sign-up's link is a token this file never carries. */
export const subscriberRecord = z.strictObject({
  id,
  email: z.email().max(254),
  language: z.enum(LANGS),
  components: recipientComponents,
  kinds: nullable(z.array(z.enum(NOTIFY_KIND_GROUPS)).max(NOTIFY_KIND_GROUPS.length)),
  confirmed_at: instant,
  quarantined_at: nullable(instant),
  created_at: instant,
});

/** Without its signing secret: an import gives each new webhook a new one (docs/data-format.md). */
export const webhookRecord = z.strictObject({
  id,
  url: z.url({ protocol: /^https?$/ }).max(2000),
  components: recipientComponents,
  format: z.enum(WEBHOOK_FORMATS).default('statuspage'),
  language: z.enum(LANGS).default('ja'),
  quarantined_at: nullable(instant),
  created_at: instant,
});

const records = <T extends z.ZodType>(record: T) => z.array(record).max(100_000);
const list = <T extends z.ZodType>(record: T) => records(record).default([]);

export const shiraseData = z
  .strictObject({
    format: z.literal(DATA_FORMAT),
    version: z.literal(DATA_VERSION),
    exported_at: instant,
    component_groups: list(componentGroupRecord),
    components: list(componentRecord),
    incidents: list(incidentRecord),
    maintenances: list(maintenanceRecord),
    notices: list(noticeRecord),
    /** Personal data: present only when the export was asked for it (`--include-subscribers`). */
    // Absent stays absent (no default): a file without them says nothing about the people here.
    contacts: records(contactRecord).optional(),
    subscribers: records(subscriberRecord).optional(),
    webhooks: records(webhookRecord).optional(),
  })
  .superRefine((data, ctx) => {
    for (const issue of danglingReferences(data)) ctx.addIssue({ code: 'custom', ...issue, input: undefined });
  })
  .meta({ id: 'ShiraseData', title: 'Shirase data export', description: 'docs/data-format.md' });

/** A checked file, every default filled in: what the importer takes, from either source. */
export type ShiraseData = z.output<typeof shiraseData>;
/** What a file may say before its defaults are filled in (a mapper from another system may build this). */
export type ShiraseDataInput = z.input<typeof shiraseData>;
export type ComponentRecord = ShiraseData['components'][number];
export type IncidentRecord = ShiraseData['incidents'][number];
export type IncidentUpdateRecord = IncidentRecord['updates'][number];
export type MaintenanceRecord = ShiraseData['maintenances'][number];
export type NoticeRecord = ShiraseData['notices'][number];
