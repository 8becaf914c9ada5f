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
import { cliMain } from './cli-main.ts';
import { run, USAGE } from '../api/cli/import-data.ts';

await cliMain(
  'import-data',
  USAGE,
  { inMemory: 'DATA_DIR=memory keeps nothing an import could add to', whileServing: 'import while it serves' },
  run,
);
