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

const USAGE = 'usage: npm run import-data -- <file> [--dry-run] [--update] [--language ja|en|auto]';
/** A file past this is not a status page's history: refused before it is read into memory. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;
const LANGUAGES = ['ja', 'en', 'auto'] as const;

let database: Database | null = null;
let code = 0;
try {
  let parsed: ReturnType<typeof parse>;
  const parse = () =>
    parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        update: { type: 'boolean', default: false },
        language: { type: 'string', default: 'auto' },
      },
    });
  try {
    parsed = parse();
    if (parsed.positionals.length !== 1) throw new Error('Name one file to import.');
    if (!(LANGUAGES as readonly string[]).includes(parsed.values.language))
      throw new Error('--language takes ja, en or auto.');
  } catch (err) {
    console.error(`shirase import-data: ${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const [file] = parsed.positionals as [string];
  const { 'dry-run': dryRun, update } = parsed.values;
  // Loaded once the command line is right, and the database's code once the file is: each refusal comes at once.
  const { DataFileError } = await import('../api/data/parse-file.ts');
  const { readImportFile } = await import('../api/data/read-file.ts');
  let text: string;
  try {
    const bytes = readFileSync(file);
    if (bytes.length > MAX_FILE_BYTES) throw new Error(`it is over ${MAX_FILE_BYTES / 1024 / 1024} MiB`);
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (err) {
    throw new DataFileError(
      `${file} cannot be read: ${(err as Error).message.replace(/^The encoded data.*/, 'it is not UTF-8')}.`,
    );
  }
  // Checked before the database is opened: a bad file is told at once, and never waits for a lock.
  const { source, statuspage, data } = await readImportFile(text, {
    now: new Date(),
    language: parsed.values.language as (typeof LANGUAGES)[number],
  });
  const { openServerDatabase } = await import('./server-database.ts');
  const { conflicts, importData } = await import('../api/data/import.ts');
  const { describeImport } = await import('../api/data/report.ts');
  database = await openServerDatabase({
    inMemory: 'DATA_DIR=memory keeps nothing an import could add to',
    whileServing: 'import while it serves',
  });
  const result = await importData({ database, data, dryRun, update, keepCatalogue: statuspage });
  console.log(describeImport(result, { source, dryRun, update }));
  if (dryRun && !update && conflicts(result.plan).length) {
    console.error(
      'shirase import-data: an import would be refused: records above exist here with other content (--update replaces them).',
    );
    code = 1;
  }
} catch (err) {
  console.error(`shirase import-data: ${err instanceof Error ? err.message : String(err)}`);
  code = 1;
} finally {
  await database?.close().catch(() => {});
}
process.exit(code);
