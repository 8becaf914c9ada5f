import { z } from 'zod';
import { ValidationError } from '../core/errors.ts';
import { parseInput } from '../core/input/common.ts';
import { zodIssueTexts } from '../core/messages/zod.ts';
import { DATA_FORMAT, DATA_VERSION, type ShiraseData, shiraseData } from './format.ts';

/** A file that cannot be imported, told in sentences naming where (`incidents[3].updates[0].status: …`). */
export class DataFileError extends Error {
  override name = 'DataFileError';
}

/** How many faults a refusal lists: enough to fix a file in one pass, not a screenful per record. */
const MAX_LISTED = 20;

/** `['incidents', 3, 'updates', 0, 'status']` → `incidents[3].updates[0].status`. */
export function placeOf(path: readonly PropertyKey[]): string {
  if (!path.length) return '(file)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i ? '.' : ''}${String(key)}`))
    .join('')
    .replace(/^\./, '');
}

function refuse(lines: string[]): never {
  const shown = lines.slice(0, MAX_LISTED);
  if (lines.length > MAX_LISTED) shown.push(`… and ${lines.length - MAX_LISTED} more.`);
  throw new DataFileError(shown.join('\n'));
}

/** JSON text → a value; anything else is refused with where the JSON broke. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const why = err instanceof RangeError ? 'it nests too deeply' : (err as Error).message;
    return refuse([`(file): not JSON: ${why}.`]);
  }
}

/**
 * A whole Shirase data file, checked before anything is written: the envelope first (so an
 * unknown version is told as that, not as a hundred field errors), then every record with the
 * API's input rules, then the references between them.
 */
export function checkShiraseData(json: unknown): ShiraseData {
  try {
    return checkFile(json);
  } catch (err) {
    // The checks walk the JSON recursively: a file nested thousands deep runs out of stack there.
    if (err instanceof RangeError) return refuse(['(file): it nests too deeply to be a data file.']);
    throw err;
  }
}

function checkFile(json: unknown): ShiraseData {
  // parseInput's own check: a `__proto__` key anywhere, which zod would drop silently.
  try {
    parseInput(z.unknown(), json);
  } catch (err) {
    if (err instanceof ValidationError)
      refuse(err.issues.map((i) => `${i.field.replace(/\.(\d+)(?=\.|$)/g, '[$1]')}: ${i.message}`));
    throw err;
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    refuse([
      `(file): expected an object with "format": "${DATA_FORMAT}", found ${json === null ? 'null' : Array.isArray(json) ? 'an array' : `a ${typeof json}`}.`,
    ]);
  const envelope = json as { format?: unknown; version?: unknown };
  if (envelope.format !== DATA_FORMAT)
    refuse([`format: this is not a ${DATA_FORMAT} file (format ${JSON.stringify(envelope.format) ?? 'missing'}).`]);
  if (envelope.version !== DATA_VERSION)
    refuse([
      `version: ${JSON.stringify(envelope.version) ?? 'missing'} is not a version this Shirase reads (it reads ${DATA_VERSION}).`,
    ]);
  const result = shiraseData.safeParse(json, { reportInput: true });
  if (result.success) return result.data;
  return refuse(result.error.issues.map((issue) => `${placeOf(issue.path)}: ${zodIssueTexts(issue).en}`));
}
