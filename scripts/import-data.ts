/**
 * Imports a Shirase data file (docs/data-format.md), or the public JSON of a Statuspage page
 * (incidents.json, a summary.json-style `{ "incidents": [...] }`, scheduled-maintenances.json,
 * components.json: recognised by shape), into the server's own database:
 *
 *   npm run import-data -- <file> [--dry-run] [--update] [--language ja|en|auto]
 *
 * The whole file is checked first, then written in one transaction; a record whose id exists with
 * other content is refused, naming it, unless --update. --dry-run prints what would be added,
 * changed and left as it is, and writes nothing. Exit 0 when done (or when a dry run found
 * nothing to refuse), 1 with a sentence on standard error otherwise, 2 for a usage error.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Database } from '../db/client.ts';
import { cliMain, UsageError } from './cli-main.ts';

const USAGE = 'usage: npm run import-data -- <file> [--dry-run] [--update] [--language ja|en|auto]';
/** A file past this is not a status page's history: refused before it is read into memory. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;
const LANGUAGES = ['ja', 'en', 'auto'] as const;

function readText(file: string): string {
  try {
    const bytes = readFileSync(file);
    if (bytes.length > MAX_FILE_BYTES) throw new Error(`it is over ${MAX_FILE_BYTES / 1024 / 1024} MiB`);
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (err) {
    const why = err instanceof TypeError ? 'it is not UTF-8' : (err as Error).message;
    throw new Error(`${file} cannot be read: ${why}.`);
  }
}

async function run(argv: string[], database: () => Promise<Database>): Promise<void> {
  let parsed: ReturnType<typeof parse>;
  const parse = () =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        update: { type: 'boolean', default: false },
        language: { type: 'string', default: 'auto' },
      },
    });
  try {
    parsed = parse();
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (parsed.positionals.length !== 1) throw new UsageError('Name one file to import.');
  const language = parsed.values.language as (typeof LANGUAGES)[number];
  if (!LANGUAGES.includes(language)) throw new UsageError('--language takes ja, en or auto.');
  const [file] = parsed.positionals as [string];
  const { 'dry-run': dryRun, update } = parsed.values;
  // The file is checked before the database is opened: a bad one is told at once, and never waits for a lock.
  const { readImportFile } = await import('../api/data/read-file.ts');
  const { source, statuspage, data } = await readImportFile(readText(file), { now: new Date(), language });
  const { conflicts, importData } = await import('../api/data/import.ts');
  const { describeImport } = await import('../api/data/report.ts');
  const result = await importData({ database: await database(), data, dryRun, update, keepCatalogue: statuspage });
  console.log(describeImport(result, { source, dryRun, update }));
  if (dryRun && !update && conflicts(result.plan).length)
    throw new Error(
      'An import would be refused: the records listed as changed exist here with other content (--update replaces them).',
    );
}

await cliMain(
  'import-data',
  USAGE,
  { inMemory: 'DATA_DIR=memory keeps nothing an import could add to', whileServing: 'import while it serves' },
  run,
);
