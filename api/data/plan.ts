import type { Db } from '../../db/client.ts';
import type { ShiraseData } from './format.ts';
import { type DataRecords, readRecords } from './read.ts';

export const RECORD_KINDS = [
  'component_groups',
  'components',
  'incidents',
  'maintenances',
  'notices',
  'contacts',
  'subscribers',
  'webhooks',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
const PERSONAL_KINDS = ['contacts', 'subscribers', 'webhooks'] as const;

/** Per kind, the ids of the file's records by what an import does with them. */
export interface KindPlan {
  added: string[];
  /** The id exists with other content: replaced only with `--update`, otherwise the import is refused. */
  changed: string[];
  unchanged: string[];
}

/** A component (or group) of the file that is one of ours under another id, found by its name. */
export interface NameMatch {
  kind: 'component_groups' | 'components';
  file: string;
  ours: string;
  name: string;
}

export interface ImportPlan {
  /** The kinds the file holds (the personal ones only when it has them). */
  kinds: Partial<Record<RecordKind, KindPlan>>;
  matched: NameMatch[];
  /** The file, its component references turned into ours. */
  data: ShiraseData;
}

/** One text per record whatever the order of its object keys (a map's, or a hand-written file's). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

const nameKey = (s: string) => s.normalize('NFKC').trim().toLowerCase();

/**
 * Ours for each of the file's records that has none by id but has one by name (Japanese or
 * English, either side), so that a Statuspage component or a hand-written file names the
 * component that is already here rather than a copy of it.
 */
function matchByName(
  kind: NameMatch['kind'],
  file: readonly { id: string; name: string; name_en: string | null }[],
  ours: readonly { id: string; name: string; name_en: string | null }[],
): NameMatch[] {
  const byId = new Set(ours.map((o) => o.id));
  const byName = new Map<string, string>();
  for (const o of ours)
    for (const n of [o.name, o.name_en]) if (n && !byName.has(nameKey(n))) byName.set(nameKey(n), o.id);
  const matches: NameMatch[] = [];
  for (const f of file) {
    if (byId.has(f.id)) continue;
    const name = [f.name, f.name_en].find((n) => n && byName.has(nameKey(n)));
    if (name) matches.push({ kind, file: f.id, ours: byName.get(nameKey(name))!, name });
  }
  return matches;
}

function remapComponents(data: ShiraseData, components: Map<string, string>, groups: Map<string, string>): ShiraseData {
  if (!components.size && !groups.size) return data;
  const to = (id: string) => components.get(id) ?? id;
  const list = (ids: string[]) => [...new Set(ids.map(to))];
  return {
    ...data,
    components: data.components
      .filter((c) => !components.has(c.id))
      .map((c) => ({ ...c, group_id: c.group_id === null ? null : (groups.get(c.group_id) ?? c.group_id) })),
    component_groups: data.component_groups.filter((g) => !groups.has(g.id)),
    incidents: data.incidents.map((i) => ({
      ...i,
      updates: i.updates.map((u) => ({
        ...u,
        components: Object.fromEntries(Object.entries(u.components).map(([c, status]) => [to(c), status])),
      })),
    })),
    maintenances: data.maintenances.map((m) => ({ ...m, components: list(m.components) })),
    notices: data.notices.map((n) => ({ ...n, components: list(n.components) })),
    ...Object.fromEntries(
      PERSONAL_KINDS.filter((k) => data[k]).map((k) => [
        k,
        data[k]!.map((r) => ({ ...r, components: r.components && list(r.components) })),
      ]),
    ),
  };
}

function planKind(file: readonly { id: string }[], ours: readonly { id: string }[], keepOurs: boolean): KindPlan {
  const existing = new Map(ours.map((o) => [o.id, canonical(o)]));
  const plan: KindPlan = { added: [], changed: [], unchanged: [] };
  for (const record of file) {
    const now = existing.get(record.id);
    if (now === undefined) plan.added.push(record.id);
    else if (keepOurs || now === canonical(record)) plan.unchanged.push(record.id);
    else plan.changed.push(record.id);
  }
  return plan;
}

/**
 * What importing `file` would do, record by record, from the database as it stands: nothing is
 * written here, so a dry run and a real import tell the same plan. With `keepCatalogue`, a
 * component or group that is here already is left as it is whatever the file says of it: a
 * Statuspage incident names its components by id and name only, which is no reason to change ours.
 */
export async function planImport(
  db: Db,
  file: ShiraseData,
  { keepCatalogue = false }: { keepCatalogue?: boolean } = {},
): Promise<ImportPlan> {
  const personal = PERSONAL_KINDS.some((k) => file[k] !== undefined);
  const ours: DataRecords = await readRecords(db, personal);
  const matched = [
    ...matchByName('component_groups', file.component_groups, ours.component_groups),
    ...matchByName('components', file.components, ours.components),
  ];
  const mapOf = (kind: NameMatch['kind']) =>
    new Map(matched.filter((m) => m.kind === kind).map((m) => [m.file, m.ours]));
  const data = remapComponents(file, mapOf('components'), mapOf('component_groups'));
  const kinds: ImportPlan['kinds'] = {};
  for (const kind of RECORD_KINDS) {
    const records = data[kind];
    const catalogue = kind === 'components' || kind === 'component_groups';
    if (records) kinds[kind] = planKind(records, ours[kind] ?? [], keepCatalogue && catalogue);
  }
  // A matched record is one of ours, left as it is.
  for (const m of matched) kinds[m.kind]!.unchanged.push(m.ours);
  return { kinds, matched, data };
}
