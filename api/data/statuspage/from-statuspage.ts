import type { z } from 'zod';
import { ValidationError } from '../../core/errors.ts';
import { zodIssueTexts } from '../../core/messages/zod.ts';
import { type ShiraseData, shiraseData, type ShiraseDataInput } from '../format.ts';
import { placeOf } from '../parse-file.ts';
import { componentRecords } from './components.ts';
import { incidentRecord, namedComponents } from './incidents.ts';
import type { LanguageOption } from './language.ts';
import { maintenanceRecord } from './maintenances.ts';
import { statuspageDocument } from './shapes.ts';

export interface StatuspageOptions {
  /** The file's `exported_at`: when it was converted. */
  now: Date;
  /** The language the page was written in; `auto` (the default) reads it from each record's text. */
  language?: LanguageOption;
}

function refused(issues: readonly z.core.$ZodIssue[]): ValidationError {
  return new ValidationError(
    issues.map((issue) => {
      const texts = zodIssueTexts(issue);
      return { field: placeOf(issue.path), message: texts.en, texts };
    }),
  );
}

/**
 * A Statuspage document (incidents.json, scheduled-maintenances.json, components.json or
 * summary.json; see detectStatuspage) as a Shirase data file, for the importer. The whole file is
 * checked first: a record that does not fit, or text the API would refuse, is a ValidationError
 * naming its place in the Statuspage file, and nothing is converted.
 */
export function fromStatuspage(json: unknown, options: StatuspageOptions): ShiraseData {
  const parsed = statuspageDocument.safeParse(json, { reportInput: true });
  if (!parsed.success) throw refused(parsed.error.issues);
  const doc = parsed.data;
  const language = options.language ?? 'auto';
  const incidents = doc.incidents ?? [];
  const maintenances = doc.scheduled_maintenances ?? [];
  const named = namedComponents([
    ...incidents.flatMap((i) => i.incident_updates),
    ...maintenances.flatMap((m) => m.incident_updates),
  ]);
  const input: ShiraseDataInput = {
    format: 'shirase-data',
    version: 1,
    exported_at: options.now.toISOString(),
    ...componentRecords(doc, named, language),
    incidents: incidents.map((i) => incidentRecord(i, language)),
    maintenances: maintenances.map((m) => maintenanceRecord(m, language)),
  };
  // What remains to check is the file as a whole (an id used twice): named by its place in ours.
  const converted = shiraseData.safeParse(input, { reportInput: true });
  if (!converted.success) throw refused(converted.error.issues);
  return converted.data;
}
