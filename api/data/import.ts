import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { CHANGES_CHANNEL } from '../server/cluster-changes.ts';
import type { ShiraseData } from './format.ts';
import { DataFileError } from './parse-file.ts';
import { type ImportPlan, planImport, RECORD_KINDS } from './plan.ts';
import {
  type NewWebhookSecret,
  writeCatalogue,
  writeIncidents,
  writeMaintenances,
  writeNotices,
  writePersonal,
} from './write.ts';

export interface ImportResult {
  plan: ImportPlan;
  /** False for a dry run, and when there was nothing to write. */
  written: boolean;
  webhookSecrets: NewWebhookSecret[];
}

/** PostgreSQL's own words (drizzle wraps them in the failed query's text), with the key it names. */
function databaseWords(err: unknown): string {
  const pg = (err instanceof Error && err.cause instanceof Error ? err.cause : err) as Error & { detail?: string };
  return pg.detail ? `${pg.message} (${pg.detail.replace(/\.$/, '')})` : pg.message;
}

/** The ids that exist here with other content, by kind: what an import without `update` refuses. */
export function conflicts(plan: ImportPlan): string[] {
  return RECORD_KINDS.filter((k) => plan.kinds[k]?.changed.length).map(
    (k) => `${k}: ${plan.kinds[k]!.changed.join(', ')}`,
  );
}

/**
 * Imports a checked file: the records it adds are inserted; those whose id exists with other
 * content are replaced when `update`, and otherwise the whole import is refused, naming them
 * (a file must not silently undo what was corrected here since it was made). Records of this
 * database that the file does not hold are left alone. One transaction: any failure, nothing
 * changed. On PostgreSQL the publishing instance is told to republish everything once it commits,
 * as an API write tells it (an embedded database's server republishes what changed at its next start).
 */
export async function importData({
  database,
  data,
  dryRun,
  update,
  keepCatalogue = false,
}: {
  database: Database;
  data: ShiraseData;
  dryRun: boolean;
  update: boolean;
  /** Leave the components and groups that are here as they are (planImport): for a Statuspage file. */
  keepCatalogue?: boolean;
}): Promise<ImportResult> {
  const { db } = database;
  const plan = await planImport(db, data, { keepCatalogue });
  const refused = update ? [] : conflicts(plan);
  if (refused.length && !dryRun)
    throw new DataFileError(
      [
        'These records exist here with other content; nothing was imported (import with --update to replace them with the file’s):',
        ...refused.map((line) => `  ${line}`),
      ].join('\n'),
    );
  const toWrite = RECORD_KINDS.some((k) => plan.kinds[k]?.added.length || (update && plan.kinds[k]?.changed.length));
  if (dryRun || !toWrite) return { plan, written: false, webhookSecrets: [] };

  const pick = <K extends (typeof RECORD_KINDS)[number]>(kind: K, which: 'added' | 'changed') => {
    const ids = new Set(plan.kinds[kind]?.[which] ?? []);
    const records = (plan.data[kind] ?? []) as { id: string }[];
    return records.filter((r) => ids.has(r.id)) as NonNullable<ShiraseData[K]>;
  };
  const replacing = (kind: (typeof RECORD_KINDS)[number]) => (update ? (plan.kinds[kind]?.changed ?? []) : []);
  const replaced = <K extends (typeof RECORD_KINDS)[number]>(kind: K) =>
    (update ? pick(kind, 'changed') : []) as NonNullable<ShiraseData[K]>;

  const webhookSecrets = await db
    .transaction(async (tx) => {
      await writeCatalogue(
        tx,
        { groups: pick('component_groups', 'added'), components: pick('components', 'added') },
        { groups: replaced('component_groups'), components: replaced('components') },
      );
      await writeIncidents(tx, [...pick('incidents', 'added'), ...replaced('incidents')], replacing('incidents'));
      await writeMaintenances(
        tx,
        [...pick('maintenances', 'added'), ...replaced('maintenances')],
        replacing('maintenances'),
      );
      await writeNotices(tx, [...pick('notices', 'added'), ...replaced('notices')], replacing('notices'));
      const secrets = await writePersonal(
        tx,
        {
          contacts: pick('contacts', 'added'),
          subscribers: pick('subscribers', 'added'),
          webhooks: pick('webhooks', 'added'),
        },
        { contacts: replaced('contacts'), subscribers: replaced('subscribers'), webhooks: replaced('webhooks') },
      );
      // Delivered at commit, and only then: the publisher never reads a half-imported database.
      if (database.kind === 'postgres') await tx.execute(sql`select pg_notify(${CHANGES_CHANNEL}, 'all')`);
      return secrets;
    })
    .catch((err: unknown) => {
      throw new Error(`The database refused the import, so nothing was changed: ${databaseWords(err)}`, { cause: err });
    });
  return { plan, written: true, webhookSecrets };
}
