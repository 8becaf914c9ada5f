import type { ImportResult } from './import.ts';
import { RECORD_KINDS } from './plan.ts';

const WORDS: Record<(typeof RECORD_KINDS)[number], string> = {
  component_groups: 'component groups',
  components: 'components',
  incidents: 'incidents',
  maintenances: 'maintenances',
  notices: 'notices',
  contacts: 'contacts',
  subscribers: 'subscribers',
  webhooks: 'webhooks',
};

/** Ids named per kind for what is added: a five-year history adds 4,000 incidents, a line no one reads. */
const ADDED_NAMED = 20;

const named = (ids: readonly string[]) =>
  ids.length > ADDED_NAMED
    ? `${ids.slice(0, ADDED_NAMED).join(', ')} and ${ids.length - ADDED_NAMED} more`
    : ids.join(', ');

/**
 * What an import did, or a dry run would do: per kind the counts, then the first ids added and
 * every id changed (what a dry run is read to decide on), and the components found by name.
 */
export function describeImport(
  { plan, written, webhookSecrets }: ImportResult,
  { source, dryRun, update }: { source: string; dryRun: boolean; update: boolean },
): string {
  const lines = [
    dryRun
      ? `Dry run of ${source}: nothing was changed. What an import would do:`
      : written
        ? `Imported ${source}:`
        : `Nothing to import from ${source}: every record is here already.`,
  ];
  const changed = (n: number) =>
    update ? `${n} replaced` : dryRun && n ? `${n} changed (refused without --update)` : `${n} changed`;
  for (const kind of RECORD_KINDS) {
    const k = plan.kinds[kind];
    if (!k) continue;
    lines.push(
      `  ${WORDS[kind]}: ${k.added.length} added, ${changed(k.changed.length)}, ${k.unchanged.length} left as they are`,
    );
  }
  for (const kind of RECORD_KINDS) {
    const k = plan.kinds[kind];
    if (k?.added.length) lines.push(`  added ${WORDS[kind]}: ${named(k.added)}`);
    if (k?.changed.length) lines.push(`  changed ${WORDS[kind]}: ${k.changed.join(', ')}`);
  }
  for (const m of plan.matched)
    lines.push(
      `  ${m.kind === 'components' ? 'component' : 'component group'} ${m.file} is ours ${m.ours} (“${m.name}”)`,
    );
  for (const w of webhookSecrets)
    lines.push(`  webhook ${w.id} (${w.url}) signs with a new secret, shown this once: ${w.secret}`);
  return lines.join('\n');
}
