import { ValidationError } from '../core/errors.ts';
import type { ShiraseData } from './format.ts';
import { checkShiraseData, DataFileError, parseJson } from './parse-file.ts';
import type { LanguageOption } from './statuspage/index.ts';

export interface ImportFile {
  /** What the file was recognised as, for the report: `shirase-data` or Statuspage's document. */
  source: string;
  /** Converted from Statuspage's public JSON, whose components are references rather than our catalogue. */
  statuspage: boolean;
  data: ShiraseData;
}

/**
 * A file to import, recognised by its shape: a Shirase data file says so in `format`; Statuspage's
 * public JSON (incidents.json, a summary.json-style `{ "incidents": [...] }`,
 * scheduled-maintenances.json, components.json) is converted to one, `now` being its `exported_at`.
 * Either way the whole file is checked before anything is written.
 */
export async function readImportFile(
  text: string,
  { now, language }: { now: Date; language?: LanguageOption },
): Promise<ImportFile> {
  const json = parseJson(text);
  const { detectStatuspage, fromStatuspage } = await import('./statuspage/index.ts');
  const kind = detectStatuspage(json);
  if (kind === null) return { source: 'shirase-data', statuspage: false, data: checkShiraseData(json) };
  try {
    const data = fromStatuspage(json, { now, language });
    return { source: `Statuspage ${kind.replace('_', '-')}.json`, statuspage: true, data };
  } catch (err) {
    if (err instanceof ValidationError)
      throw new DataFileError(err.issues.map((i) => `${i.field}: ${i.message}`).join('\n'));
    throw err;
  }
}
