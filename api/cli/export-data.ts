/**
 * All status data as one documented JSON file (docs/data-format.md), from the server's own
 * database: `npm run export-data -- <file> [--include-subscribers]` (`-` for standard output).
 * Contacts, subscribers and webhooks are personal data: only with --include-subscribers.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { type Command, parseCommandLine, resolveIn, UsageError } from './io.ts';

export const USAGE = 'usage: npm run export-data -- <file> [--include-subscribers]   (file `-`: standard output)';

export const run: Command = async (argv, database, io, host) => {
  const parsed = parseCommandLine({
    args: argv,
    allowPositionals: true,
    options: { 'include-subscribers': { type: 'boolean', default: false } },
  });
  if (parsed.positionals.length !== 1) throw new UsageError('Name one file to write.');
  const [named] = parsed.positionals as [string];
  const { db } = await database();
  const { exportData, serializeData } = await import('../data/export.ts');
  const data = await exportData({ db, now: host.now(), personal: parsed.values['include-subscribers'] });
  const text = serializeData(data);
  // The text ends with its newline, which io.out adds back.
  if (named === '-') return io.out(text.replace(/\n$/, ''));
  const file = resolveIn(io, named);
  // Written beside and renamed: an interrupted export never leaves half a file under the name.
  const partial = `${file}.partial`;
  writeFileSync(partial, text, { mode: 0o600 });
  renameSync(partial, file);
  const counts = `${data.components.length} components, ${data.incidents.length} incidents, ${data.maintenances.length} maintenances, ${data.notices.length} notices`;
  const personal = data.contacts
    ? `, ${data.contacts.length} contacts, ${data.subscribers!.length} subscribers, ${data.webhooks!.length} webhooks`
    : ' (no contacts, subscribers or webhooks: --include-subscribers adds them)';
  io.err(`Exported ${counts}${personal} to ${named}.`);
};
