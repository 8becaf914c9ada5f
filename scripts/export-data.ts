/**
 * All status data as one documented JSON file (docs/data-format.md), from the server's own
 * database (DATABASE_URL, or the embedded one under DATA_DIR):
 *
 *   npm run export-data -- <file> [--include-subscribers]      (`-` for standard output)
 *
 * Contacts, subscribers and webhooks are personal data: only with --include-subscribers. Every
 * error is one sentence on standard error and a non-zero exit (2 for a usage error).
 */
import { renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Database } from '../db/client.ts';
import { cliMain, UsageError } from './cli-main.ts';

const USAGE = 'usage: npm run export-data -- <file> [--include-subscribers]   (file `-`: standard output)';

async function run(argv: string[], database: () => Promise<Database>): Promise<void> {
  let parsed: ReturnType<typeof parse>;
  const parse = () =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: { 'include-subscribers': { type: 'boolean', default: false } },
    });
  try {
    parsed = parse();
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (parsed.positionals.length !== 1) throw new UsageError('Name one file to write.');
  const [file] = parsed.positionals as [string];
  const { db } = await database();
  const { exportData, serializeData } = await import('../api/data/export.ts');
  const data = await exportData({ db, now: new Date(), personal: parsed.values['include-subscribers'] });
  const text = serializeData(data);
  if (file === '-') {
    process.stdout.write(text);
    return;
  }
  // Written beside and renamed: an interrupted export never leaves half a file under the name.
  const partial = `${file}.partial`;
  writeFileSync(partial, text, { mode: 0o600 });
  renameSync(partial, file);
  const counts = `${data.components.length} components, ${data.incidents.length} incidents, ${data.maintenances.length} maintenances, ${data.notices.length} notices`;
  const personal = data.contacts
    ? `, ${data.contacts.length} contacts, ${data.subscribers!.length} subscribers, ${data.webhooks!.length} webhooks`
    : ' (no contacts, subscribers or webhooks: --include-subscribers adds them)';
  console.error(`Exported ${counts}${personal} to ${file}.`);
}

await cliMain(
  'export-data',
  USAGE,
  { inMemory: 'DATA_DIR=memory keeps no data to export', whileServing: 'export while it serves' },
  run,
);
