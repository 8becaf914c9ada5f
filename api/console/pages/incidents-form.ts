import { fieldIssue, type FieldIssue, NotFoundError, ShiraseError } from '../../core/errors.ts';
import { UNRESOLVED_INCIDENT_STATUSES } from '../../core/vocab.ts';
import { type IncidentsKey, messages } from '../i18n/incidents.ts';
import { type FormFields, one } from '../forms.ts';
import { translator } from '../text.ts';
import { fromJstInput } from './incidents-time.ts';

/** The incident, component and overdue pages' strings. */
export const say = translator(messages);

/**
 * An incident form as the person typed it, kept to show again beside the errors. Field names are
 * the API's (`name`, `body_en`, `components.<id>`…), so the issues core returns name them as they are.
 */
export interface IncidentFormValues {
  name: string;
  name_en: string;
  body: string;
  body_en: string;
  status: string;
  /** Empty: derived from the services' statuses, as the API does. */
  impact: string;
  /** `datetime-local`, JST; empty: the default interval after this post. */
  next_update_at: string;
  /** Component id → the status this post sets; empty: not named. */
  components: Record<string, string>;
  /** A new incident's only: `datetime-local`, JST, when the problem was noticed; empty: now. */
  detected_at?: string;
}

export const componentField = (id: string) => `components.${id}`;

export function readIncidentForm(form: FormFields, componentIds: readonly string[]): IncidentFormValues {
  return {
    name: one(form, 'name'),
    name_en: one(form, 'name_en'),
    body: one(form, 'body'),
    body_en: one(form, 'body_en'),
    status: one(form, 'status'),
    impact: one(form, 'impact'),
    next_update_at: one(form, 'next_update_at'),
    components: Object.fromEntries(componentIds.map((id) => [id, one(form, componentField(id))])),
    detected_at: one(form, 'detected_at'),
  };
}

const blankToAbsent = (s: string) => (s.trim() === '' ? undefined : s);
/** An emptied optional text (a translation, a reason) as the API's null: "none". */
export const blankToNull = (s: string) => (s.trim() === '' ? null : s);

/**
 * The body the API takes for these values. Only what the console adds is checked here (the JST
 * time); everything else is left to the command's own parsing, so the console refuses exactly
 * what the API refuses, with the same messages.
 */
function commonInput(values: IncidentFormValues): { input: Record<string, unknown>; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  let nextUpdateAt: string | undefined;
  // The field comes filled in; a post that resolves the incident promises nothing, so it is not sent.
  const promises = (UNRESOLVED_INCIDENT_STATUSES as readonly string[]).includes(values.status);
  if (promises && values.next_update_at.trim() !== '') {
    const iso = fromJstInput(values.next_update_at.trim());
    if (iso) nextUpdateAt = iso;
    else
      issues.push(
        fieldIssue('next_update_at', { ja: messages.ja['inc.field.badTime'], en: messages.en['inc.field.badTime'] }),
      );
  }
  const components = Object.fromEntries(Object.entries(values.components).filter(([, status]) => status !== ''));
  return {
    input: {
      status: values.status,
      body: values.body,
      body_en: blankToAbsent(values.body_en),
      impact: blankToAbsent(values.impact),
      components,
      next_update_at: nextUpdateAt,
    },
    issues,
  };
}

export function createIncidentBody(values: IncidentFormValues) {
  const { input, issues } = commonInput(values);
  const detected = values.detected_at?.trim() ?? '';
  // Whether it lies in the future is the command's to say, in the API's words.
  const detectedAt = detected === '' ? undefined : fromJstInput(detected);
  if (detectedAt === null)
    issues.push(
      fieldIssue('detected_at', { ja: messages.ja['inc.field.badTime'], en: messages.en['inc.field.badTime'] }),
    );
  return {
    input: {
      ...input,
      name: values.name,
      name_en: blankToAbsent(values.name_en),
      detected_at: detectedAt ?? undefined,
    },
    issues,
  };
}

export const postUpdateBody = commonInput;

/** The texts for common situations, in both languages at once: the public page shows each to its readers. */
export const TEMPLATES = {
  investigating: 'investigating',
  identified: 'identified',
  monitoring: 'monitoring',
  resolved: 'resolved',
  // Planned work that turned out to affect customers: the cause is known from the start.
  scheduled: 'identified',
} as const;
export type TemplateName = keyof typeof TEMPLATES;

export const isTemplate = (name: string): name is TemplateName => Object.hasOwn(TEMPLATES, name);

/** `values` with a template's texts and status; the title and services stay as typed. */
export function applyTemplate(values: IncidentFormValues, name: TemplateName): IncidentFormValues {
  const key = `tpl.${name}.body` as IncidentsKey;
  return { ...values, status: TEMPLATES[name], body: messages.ja[key], body_en: messages.en[key] };
}

/**
 * What a refused command says, as issues the form shows: its own, naming fields, or its message
 * alone (the summary lists it). A missing record is not a form's error: it is rethrown (404 page).
 */
export function issuesOf(error: unknown): FieldIssue[] {
  if (!(error instanceof ShiraseError) || error instanceof NotFoundError) throw error;
  if (error.issues.length) return error.issues;
  return [fieldIssue('(body)', error.texts ?? { ja: error.message, en: error.message })];
}
