/**
 * Imports a Shirase data file (docs/data-format.md), or the public JSON of a Statuspage page
 * (incidents.json, a summary.json-style `{ "incidents": [...] }`, scheduled-maintenances.json,
 * components.json: recognised by shape), into the server's own database:
 * `npm run import-data -- <file> [--dry-run] [--update] [--language ja|en|auto]`.
 *
 * The whole file is checked first, then written in one transaction; a record whose id exists with
 * other content is refused, naming it, unless --update. --dry-run prints what would be added,
 * changed and left as it is, and writes nothing; it fails when the import would be refused.
 */
import { readFileSync } from 'node:fs';
import { type Command, parseCommandLine, resolveIn, UsageError } from './io.ts';

export const USAGE = 'usage: npm run import-data -- <file> [--dry-run] [--update] [--language ja|en|auto]';
/** A file past this is not a status page's history: refused before it is read into memory. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;
const LANGUAGES = ['ja', 'en', 'auto'] as const;

function readText(file: string, named: string): string {
  try {
    const bytes = readFileSync(file);
    if (bytes.length > MAX_FILE_BYTES) throw new Error(`it is over ${MAX_FILE_BYTES / 1024 / 1024} MiB`);
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (err) {
    const why = err instanceof TypeError ? 'it is not UTF-8' : (err as Error).message;
    throw new Error(`${named} cannot be read: ${why}.`);
  }
}

export const run: Command = async (argv, database, io, host) => {
  const parsed = parseCommandLine({
    args: argv,
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      update: { type: 'boolean', default: false },
      language: { type: 'string', default: 'auto' },
    },
  });
  if (parsed.positionals.length !== 1) throw new UsageError('Name one file to import.');
  const language = parsed.values.language as (typeof LANGUAGES)[number];
  if (!LANGUAGES.includes(language)) throw new UsageError('--language takes ja, en or auto.');
  const [named] = parsed.positionals as [string];
  const { 'dry-run': dryRun, update } = parsed.values;
  // The file is checked before the database is opened: a bad one is told at once, and never waits for a lock.
  const { readImportFile } = await import('../data/read-file.ts');
  const { source, statuspage, data } = await readImportFile(readText(resolveIn(io, named), named), {
    now: host.now(),
    language,
  });
  const { conflicts, importData } = await import('../data/import.ts');
  const { describeImport } = await import('../data/report.ts');
  const result = await importData({ database: await database(), data, dryRun, update, keepCatalogue: statuspage });
  io.out(describeImport(result, { source, dryRun, update }));
  if (dryRun && !update && conflicts(result.plan).length)
    throw new Error(
      'An import would be refused: the records listed as changed exist here with other content (--update replaces them).',
    );
  if (dryRun || !host.republish) return;
  // The server holding the embedded database ran this: its pages show the import once this is said.
  await host.republish(true);
  io.out('The server has republished the site.');
};
