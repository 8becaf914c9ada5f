/**
 * All status data as one documented JSON file (docs/data-format.md), from the server's own
 * database (DATABASE_URL, or the embedded one under DATA_DIR):
 *
 *   npm run export-data -- <file> [--include-subscribers]      (`-` for standard output)
 *
 * Contacts, subscribers and webhooks are personal data: only with --include-subscribers. Every
 * error is one sentence on standard error and a non-zero exit (2 for a usage error).
 */
import { cliMain } from './cli-main.ts';
import { run, USAGE } from '../api/cli/export-data.ts';

await cliMain(
  'export-data',
  USAGE,
  { inMemory: 'DATA_DIR=memory keeps no data to export', whileServing: 'export while it serves' },
  run,
);
