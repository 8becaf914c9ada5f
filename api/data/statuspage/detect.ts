/** Which of Statuspage's public documents a file is. */
export type StatuspageKind = 'summary' | 'incidents' | 'scheduled_maintenances' | 'components';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Recognises a Statuspage document by its shape alone: an object holding `incidents`,
 * `scheduled_maintenances` or `components` as an array (summary.json holds all three). A Shirase
 * data file holds arrays of the same names but says what it is in `format`, and its incidents keep
 * their posts in `updates`, not `incident_updates`. What is recognised is then checked record by
 * record, so a damaged Statuspage file gets the place of its fault rather than "unknown format".
 */
export function detectStatuspage(json: unknown): StatuspageKind | null {
  if (!isObject(json) || 'format' in json) return null;
  const incidents = Array.isArray(json.incidents) ? json.incidents : null;
  if (incidents?.some((i) => isObject(i) && 'updates' in i && !('incident_updates' in i))) return null;
  const maintenances = Array.isArray(json.scheduled_maintenances);
  const components = Array.isArray(json.components);
  if (incidents && maintenances && components) return 'summary';
  if (incidents) return 'incidents';
  if (maintenances) return 'scheduled_maintenances';
  if (components) return 'components';
  return null;
}
